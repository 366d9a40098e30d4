"""Command line: `pipeline run`, `parse`, `tables`, `rules list|check|test`, `evaluate` and more (see `--help`)."""
from __future__ import annotations

import dataclasses
import json
import sys
import tomllib
from pathlib import Path

if sys.argv[1:2] == ["run"]:  # `pipeline run`: the workers' fork server imports while this process does
    from .launch import start_forkserver
    start_forkserver()

import click
import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from . import __version__
from .batch import process, reason, run_batch
from .compare import add_reference, compare_outputs
from .errors import BadPDFError, RuleError
from .evaluate import TABLES as EVALUATED_TABLES, WHERE_KINDS, EvaluateError, annotated, evaluate, evaluate_each, pooled
from .extractors.base import spans
from .extractors.check import check_file, check_name, count_entries, rule_paths
from .inspect import frame_table, passage_view, query, resolve_doc, split_passage
from .model import Document, Status
from .outlock import FolderBusy
from .phase.cues import CueMatcher, load_cues
from .phase.data import DEFAULT_DATA as PHASE_DATA, DataError, read_examples
from .phase.card import write_card
from .phase.evaluate import evaluate_examples, report as phase_report
from .phase.gold import GOLD_DIR, GoldError, parsed, read_gold_folder
from .phase.grounding import body_passages, load_time_words
from .phase.store import ModelError, save_model
from .reader import read_table, table_counts
from .report import write_report
from .schemas import DTYPES, SCHEMAS
from .settings import Settings
from .stages.annotate import config_file, extractor_groups, load_nlp, make_doc
from .stages.classify import DEFAULT_MODEL
from .stages.ingest import discover
from .terminal import Failure, echo, plain, printable
from .views import FORMATS, choose_columns, fit_columns, for_reading, render


def _settings(config: Path | None, **flags) -> Settings:
    """Defaults < --config TOML file < command-line flags; a bad setting is a one-line usage error."""
    base: dict = {}
    if config is not None:
        try:
            base = tomllib.loads(config.read_text(encoding="utf-8")).get("pipeline", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise Failure(f"{config}: cannot read the config file ({exc})") from exc
    try:
        return Settings.resolve(base, **flags)
    except (TypeError, ValueError) as exc:
        raise Failure(f"{exc}. See `pipeline run --help` for the settings.") from exc


@click.group()
@click.version_option(__version__, prog_name="pipeline")
def cli() -> None:
    """Turn policy PDFs into tables: passages, notes, citations, tables and extractions.

    Example: pipeline run corpus/ --out outputs/
    """


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), default=None, help="Output folder [default: outputs].")
@click.option("--force", is_flag=True, default=None, help="Re-process documents even when unchanged since the last run.")
@click.option("--strict", is_flag=True, default=None, help="Stop at the first bad document instead of recording it.")
@click.option("--no-tables", "no_tables", is_flag=True, default=False, help="Skip pdfplumber table extraction.")
@click.option("--no-extract", "no_extract", is_flag=True, default=False,
              help="Skip the extractors (money, entities, technologies, ...): passages, notes and tables only.")
@click.option("--max-pages", type=int, default=None, help="Fail documents longer than this [default: 2000].")
@click.option("--timeout", type=float, default=None,
              help="Fail a document that takes longer than this many seconds [default: 600; 0: no limit].")
@click.option("--max-memory", "max_memory", type=float, default=None, metavar="GB",
              help="Fail a document whose worker holds more than this much memory [default: 2; 0: no limit].")
@click.option("--workers", type=int, default=None,
              help="Process this many documents at once, each in its own process [default: 1].")
@click.option("--dask", default=None, metavar="ADDRESS",
              help="Send the documents to the Dask scheduler at ADDRESS (tcp://host:8786); needs a shared --out.")
@click.option("--rules", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="A folder of your own rule files, added on top of the shipped ones (see `pipeline rules list`).")
@click.option("--model", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The phase model to classify passages with [default: models/phase.model].")
@click.option("--config", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="A TOML file with a [pipeline] table of settings.")
@click.option("--allow-empty", is_flag=True, help="Write empty tables when the paths hold no PDF (else exit 2).")
@click.option("--csv-safe", is_flag=True, default=None,
              help="Write CSV files safe to open in a spreadsheet: text cells that begin with = + - @ get a ' "
                   "in front (the folder stays so; the pipeline's readers take it off).")
def run(paths: tuple[Path, ...], out, force, strict, no_tables, no_extract, max_pages, timeout, max_memory, workers,
        dask, rules, config, allow_empty, csv_safe, model=None) -> None:
    """Process PDFs (files or folders, searched recursively) and write every table as CSV and DuckDB.

    Example: pipeline run corpus/ --out outputs/ --timeout 120
    """
    paths = paths or (Path("corpus"),)
    try:
        found = discover(paths)
    except FileNotFoundError as exc:
        raise Failure(f"{exc}. Name existing PDF files or folders.") from exc
    if not allow_empty and not found:
        echo(f"Error: no PDF in {', '.join(printable(str(p)) for p in paths)} (folders are searched recursively "
             "for *.pdf); pass --allow-empty to write empty tables anyway", err=True)
        sys.exit(2)
    settings = _settings(config, out=out, force=force, strict=strict, max_pages=max_pages, rules=rules,
                         timeout=timeout, max_memory=max_memory, workers=workers, dask=dask, model=model,
                         csv_safe=csv_safe,
                         tables=False if no_tables else None, extract=False if no_extract else None)
    total = len(found)
    progress = Progress(TextColumn("documents"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("pages {task.fields[pages]}"), TimeRemainingColumn(), TextColumn("{task.fields[current]}"),
                        console=Console(stderr=True), disable=not sys.stderr.isatty())
    task = progress.add_task("run", total=total, pages=0, current="")

    def tick(doc: Document) -> None:
        pages = progress.tasks[0].fields["pages"] + (doc.n_pages if doc.status != Status.SKIPPED else 0)
        progress.update(task, advance=1, pages=pages, current=printable(Path(doc.path).name))

    try:
        with progress:
            result = run_batch(found, settings, on_document=tick)
    except KeyboardInterrupt:
        done = int(progress.tasks[0].completed)
        echo(f"interrupted: {done} of {total} documents done and kept in {settings.out}; run the same command "
             "again to go on from there", err=True)
        sys.exit(130)
    except FileNotFoundError as exc:
        raise Failure(f"{exc}. Name existing PDF files or folders.") from exc
    except BadPDFError as exc:  # only with --strict
        raise Failure(f"{exc} (run without --strict to record it and go on)") from exc
    except RuleError as exc:
        raise Failure(f"{exc}. Fix the file; `pipeline rules check` lists every problem.") from exc
    except (ModelError, FolderBusy) as exc:
        raise Failure(str(exc)) from exc
    _summary(result)
    if result.failed:
        sys.exit(1)


# Tables whose rows from this run's documents the run summary counts.
SUMMARY_TABLES = ("passages", "citations", "tables", "money", "entities", "technologies")


def _summary(result) -> None:
    docs = result.documents
    echo(f"documents: {len(docs)} ({result.count(Status.OK)} ok, {result.count(Status.PARTIAL)} partial, "
         f"{result.count(Status.FAILED)} failed, {result.count(Status.SKIPPED)} skipped as unchanged)")
    found = result.found
    echo(f"pages: {sum(d.n_pages for d in docs if d.status != Status.SKIPPED)}   "
         + "   ".join(f"{name}: {found.get(name, 0)}" for name in SUMMARY_TABLES))
    # the comparison tables are reported by the coverage lines below
    echo("rows per table: " + ", ".join(f"{k} {v}" for k, v in result.rows.items()
                                        if not k.startswith("comparison")))
    reused = sum(d.reused_parse for d in docs)
    if reused:
        echo(f"re-extracted: {reused} document(s) from their cached parse, not re-parsed (the rules changed)")
    echo(f"written to: {result.out}/ (one CSV per table, tables/ for each table's cells, pipeline.duckdb)")
    for line in result.coverage:
        echo(line)
    for doc in result.failed:
        echo(f"failed: {reason(doc)}", err=True)


@cli.command("parse")
@click.argument("pdf", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the whole document model as JSON.")
@click.option("--lines", is_flag=True, help="With --json, include every page's layout lines.")
@click.option("--no-tables", "no_tables", is_flag=True, help="Skip pdfplumber table extraction.")
def parse_cmd(pdf: Path, as_json: bool, lines: bool, no_tables: bool) -> None:
    """Parse one PDF and show its document model, for debugging a document.

    Example: pipeline parse corpus/brief_semiconductor_finance.pdf --json | less
    """
    doc = Document(doc_id=pdf.stem, path=str(pdf))
    process(doc, Settings(tables=not no_tables, extract=False), keep_lines=lines)
    if doc.status == Status.FAILED:
        raise Failure(reason(doc))
    if as_json:
        echo(json.dumps(doc.to_dict(lines=lines), ensure_ascii=False, indent=1))
        return
    echo(f"{doc.doc_id}: {doc.n_pages} pages, status {doc.status.value}, {len(doc.passages)} passages, "
         f"{len(doc.notes)} notes, {len(doc.tables)} tables, {len(doc.figures)} figures")
    for p in doc.passages:
        marks = "".join(f"[{m.marker}]" for m in p.markers)
        echo(f"p{p.page} {p.kind:<12} {p.text[:100]}{' ' + marks if marks else ''}")


@cli.command("tables")
@click.argument("table", required=False)
def tables_cmd(table: str | None) -> None:
    """List the output tables and their columns (the contract that `run` writes), or one table's columns with
    their types and descriptions.

    Example: pipeline tables money
    """
    if table is None:
        for name, schema in SCHEMAS.items():
            echo(f"{name}: {schema.description}")
            echo(f"  {', '.join(c.name for c in schema.columns)}")
        return
    if table not in SCHEMAS:
        raise Failure(f"no output table {table!r}; the tables are {', '.join(SCHEMAS)}")
    schema = SCHEMAS[table]
    rows = pd.DataFrame([(c.name, DTYPES[c.dtype][1], "yes" if c.nullable else "no", c.description)
                         for c in schema.columns], columns=["column", "type", "may be empty", "description"])
    Console(width=None if sys.stdout.isatty() else 160).print(
        frame_table(rows, title=f"{table}: {schema.description}", max_width=400))


_rules_option = click.option(
    "--rules", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
    help="A folder of your own rule files, added on top of the shipped ones.")


@cli.group()
def rules() -> None:
    """See, check and try the extraction rules (pipeline/rules/ plus your --rules folder).

    Example: pipeline rules test "China invested $1.2 billion (RMB 8 billion) in chips."
    """


@rules.command("list")
@_rules_option
def rules_list(rules: Path | None) -> None:
    """List the rule files in force, where each comes from and how many rules it holds, and the pipeline order.

    Example: pipeline rules list --rules my_rules/
    """
    for path, origin in rule_paths(rules):
        echo(f"{origin:<8} {count_entries(path):>5}  {path}")
    echo(f"pipeline ({config_file(rules)}): {' > '.join(_load(rules).pipe_names)}")


@rules.command("check")
@_rules_option
def rules_check(rules: Path | None) -> None:
    """Check every rule file and report each bad line as file:line and the reason; exit 1 if any.

    Example: pipeline rules check --rules my_rules/
    """
    problems = [msg for path, origin in rule_paths(rules)
                for msg in (check_name(path) if origin == "user" else []) + check_file(path)]
    if not problems:
        try:
            _load(rules)
        except Failure as exc:
            problems.append(exc.message)
    for msg in problems:
        echo(msg, err=True)
    if problems:
        sys.exit(1)
    echo(f"{len(rule_paths(rules))} rule files: no problems")


@rules.command("test")
@click.argument("text")
@click.option("--kind", default="body", show_default=True,
              help="Treat the text as this kind of passage: body, footnote, table, bibliography, ...")
@_rules_option
def rules_test(text: str, kind: str, rules: Path | None) -> None:
    """Show what every extractor finds in a piece of text, with the columns each would write.

    TEXT "-" reads one text a line from standard input and answers each as it comes, with the pipeline loaded
    once: type sentences, or pipe a file of them.

    Example: pipeline rules test "The Big Fund raised RMB 138.7 billion ($21.8 billion) in 2014."
    """
    nlp = _load(rules)
    if text != "-":
        _show_found(nlp, text, kind)
        return
    for line in sys.stdin:
        if line.strip():
            echo(f"> {line.strip()}")
            _show_found(nlp, line.strip(), kind)


def _show_found(nlp, text: str, kind: str) -> None:
    doc = nlp(make_doc(nlp, text, kind))
    found = False
    for group in extractor_groups(nlp):
        for span, fields in spans(doc, group):
            found = True
            cols = "  ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, "", []))
            echo(f"{group:<13} {span.text!r}  {cols}")
    if not found:
        echo("nothing found")


def _load(rules: Path | None):
    try:
        return load_nlp(str(rules) if rules else None)
    except RuleError as exc:
        raise Failure(str(exc)) from exc


@cli.command("evaluate")
@click.argument("out", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--table", "tables", multiple=True, type=click.Choice(EVALUATED_TABLES),
              help="Score only this table (repeat for several).")
@click.option("--where", multiple=True, type=click.Choice(sorted(WHERE_KINDS)),
              help="Score money and percentages printed here only (repeat for several).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show-errors", is_flag=True, help="List the false positives and false negatives of each table.")
def evaluate_cmd(out: Path, gold: tuple[Path, ...], tables: tuple[str, ...], where: tuple[str, ...],
                 as_json: bool, show_errors: bool) -> None:
    """Score an output folder against annotated documents (<doc_id>.json): precision, recall and F1 per table.

    With several gold files, one line per document per table, then the pooled line of each table (summed over
    the documents that annotate it); a table a gold file leaves empty is "not annotated".

    Example: pipeline evaluate outputs/ gold/brief_semiconductor_finance.json --table money
    """
    try:
        if as_json:
            scores = evaluate(out, gold, tables=tables, where=where)
            echo(json.dumps({k: s.to_dict(errors=show_errors) for k, s in scores.items()},
                            ensure_ascii=False, indent=1))
            return
        each = evaluate_each(out, gold, tables=tables, where=where)
    except EvaluateError as exc:
        raise Failure(str(exc)) from exc
    if len(each) > 1:
        for doc_id, scores in each.items():
            _echo_scores(scores, f"{doc_id}  ", show_errors)
    _echo_scores(pooled(each.values()), "pooled  " if len(each) > 1 else "", show_errors)


def _echo_scores(scores: dict, prefix: str, show_errors: bool) -> None:
    for name, score in scores.items():
        if not annotated(score):
            echo(f"{prefix}{name}  not annotated")
            continue
        echo(prefix + score.line(name))
        if show_errors:
            for err in score.false_positives:
                echo(f"  fp  {err}")
            for err in score.false_negatives:
                echo(f"  fn  {err}")


_out_argument = click.argument("out", type=click.Path(path_type=Path, file_okay=False), default="outputs")


def _compare(out: Path, rules: Path | None) -> list[str]:
    try:
        return compare_outputs(out, rules).coverage
    except FileNotFoundError as exc:
        raise Failure(f"{exc}: give the --out folder of a `pipeline run`") from exc
    except RuleError as exc:
        raise Failure(f"{exc}. Fix the file; `pipeline rules check` lists every problem.") from exc


@cli.command("compare")
@_out_argument
@click.option("--reference", "references", multiple=True, type=click.Path(path_type=Path, exists=True,
              dir_okay=False), help="A table typed in from a paper, as CSV with its header row; kept in "
              "OUT/references/ and compared again by every later run. Repeatable.")
@click.option("--doc", default=None, help="The document the --reference tables belong to [default: from the "
              "file name, <doc_id>.<table>.csv].")
@_rules_option
def compare_cmd(out: Path, references: tuple[Path, ...], doc: str | None, rules: Path | None) -> None:
    """Check which items of each table (and --reference table) the document's prose also names.

    Example: pipeline compare outputs/ --reference brief_semiconductor_finance.funds.csv
    """
    docs = read_table(out, "documents")["doc_id"]
    for path in references:
        try:
            echo(f"reference: {add_reference(out, path, doc, docs)}")
        except ValueError as exc:
            raise Failure(str(exc)) from exc
    coverage = _compare(out, rules)
    for line in coverage:
        echo(line)
    echo(f"written to: {out}/comparison.csv, {out}/comparison_extra.csv" if coverage
         else f"no tables to compare in {out}")


@cli.command("inspect")
@_out_argument
@click.argument("table", required=False)
@click.option("--doc", default=None, help="Show this document's rows only: its doc_id, or a prefix that names "
              "one document.")
@click.option("--where", default=None, help="A SQL condition on the table's columns, e.g. \"label = 'ORG'\".")
@click.option("--limit", type=click.IntRange(min=0), default=20, show_default=True, help="Show at most this many rows.")
@click.option("--columns", default=None, help="The columns to show, comma-separated, in that order [default: text "
              "first, without coordinates, offsets and hashes].")
@click.option("--order-by", default=None, help="Order the rows: COLUMN or COLUMN desc, several joined by commas.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="How to print the rows [default: table in a terminal, csv otherwise].")
@click.option("--passage", default=None, help="Show this passage (DOC:NNNN, or its number with --doc) with its "
              "extractions highlighted and the notes it cites.")
def inspect_cmd(out: Path, table: str | None, doc: str | None, where: str | None, limit: int, columns: str | None,
                order_by: str | None, fmt: str | None, passage: str | None) -> None:
    """Show the output tables in the terminal: the list with row counts, one table filtered, or one passage.

    Example: pipeline inspect outputs/ entities --doc brief --where "label = 'ORG'" --limit 10
    """
    console = Console(width=None if sys.stdout.isatty() else 160)
    if not (out / "documents.csv").exists():
        raise Failure(f"{out} holds no documents.csv: give the --out folder of a `pipeline run`")
    try:
        if passage is not None:
            _show_passage(console, out, *split_passage(out, doc, passage))
        elif table is None:
            counts = table_counts(out)
            console.print(frame_table(pd.DataFrame(counts, columns=["table", "rows"]), title=f"tables in {out}"))
        else:
            doc = resolve_doc(out, doc) if doc is not None else None
            rows = query(out, table, doc=doc, where=where, limit=limit, order_by=order_by)
            total = rows.attrs["total"]
            if doc is not None and not columns:  # every row has that doc_id, and every passage id starts with it
                rows = rows.drop(columns=["doc_id"], errors="ignore")
                for col in [c for c in rows.columns if c.endswith("passage_id")]:
                    rows[col] = rows[col].str.removeprefix(f"{doc}:")
            rows = choose_columns(rows, columns)
            fmt = fmt or ("table" if sys.stdout.isatty() else "csv")
            if fmt != "table":
                echo(render(rows, fmt))
                return
            shown, left_out = (for_reading(rows), []) if columns else fit_columns(for_reading(rows), console.width)
            title = f"{table}: {len(rows)} of {total} rows" + (f" of {doc}" if doc else "")
            if left_out:
                title += f" ({len(left_out)} more columns: {', '.join(left_out)}; choose with --columns)"
            console.print(frame_table(shown, title=title))
    except ValueError as exc:
        raise Failure(str(exc)) from exc


def _show_passage(console: Console, out: Path, doc: str, passage: str) -> None:
    row, text, notes = passage_view(out, doc, passage)
    header = plain(row["passage_id"], style="bold")
    header.append(printable(f"  page {row['page']}  {row['kind']}  "
                            f"section: {row['section'] if isinstance(row['section'], str) else '-'}"))
    console.print(header)
    console.print(text)
    if len(notes):
        console.print(frame_table(notes, title="notes cited", max_width=400))


@cli.command("report")
@_out_argument
def report_cmd(out: Path) -> None:
    """Write a static HTML report of the output folder to OUT/report/ (open index.html in any browser).

    Example: pipeline report outputs/ && xdg-open outputs/report/index.html
    """
    try:
        index = write_report(out)
    except FileNotFoundError as exc:
        raise Failure(f"{exc}: give the --out folder of a `pipeline run`") from exc
    echo(f"report: {index}")


@cli.group()
def train() -> None:
    """Train the models the pipeline uses: the passage phase classifier (models/phase.model).

    Example: pipeline train phase
    """


@train.command("phase")
@click.option("--data", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=str(PHASE_DATA),
              help="Labelled passages, JSONL with id, doc, split, label, text [default: corpus/phase/passages.jsonl].")
@click.option("--out", "model_out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to save the model; its card goes beside it [default: models/phase.model].")
@click.option("--weak", multiple=True, type=click.Path(path_type=Path, exists=True),
              help="A PDF or folder whose body passages the cue rules label, for training (repeatable).")
@click.option("--gold", "gold_dir", type=click.Path(path_type=Path, file_okay=False), default=str(GOLD_DIR),
              help="Annotations (gold format) whose passages are trained on and scored leave-one-document-out "
                   "[default: ../shared/gold beside the project, when it exists].")
@click.option("--pdfs", type=click.Path(path_type=Path, exists=True, file_okay=False), default=None,
              help="Folder searched for each annotation's <doc_id>.pdf [default: the corpus folder beside --gold].")
@click.option("--no-gold", is_flag=True, help="Train on the project's own passages alone.")
@_rules_option
def train_phase(data: Path, model_out: Path | None, weak: tuple[Path, ...], gold_dir: Path, pdfs: Path | None,
                no_gold: bool, rules: Path | None) -> None:
    """Train the passage phase classifier, save it with its card, and print its held-out scores.

    With annotations (--gold), their passages are trained on, their text read from the PDFs, and each document
    is scored by a model trained without it.

    Example: pipeline train phase --no-gold --out my_phase.model
    """
    from .phase.lodo import leave_one_out  # scikit-learn: imported by the command that needs it
    from .phase.train import train as fit_phase_model

    try:
        examples, cues, words = read_examples(data), load_cues(rules), load_time_words(rules)
    except (DataError, RuleError) as exc:
        raise Failure(str(exc)) from exc
    gold = [] if no_gold else _labelled_documents(gold_dir, pdfs)
    extra = [text for path in weak for pdf in _pdf_files(path) for text in _body_texts(pdf)]
    out = model_out or DEFAULT_MODEL
    lodo = leave_one_out(examples, cues, gold, words, extra) if len(gold) > 1 else {}
    model = fit_phase_model(examples, cues, extra, gold=gold, time_words=words)
    model.meta["leave_one_document_out"] = {
        doc: {method: dataclasses.asdict(s) for method, s in by_method.items()} for doc, by_method in lodo.items()}
    model = save_model(model, out)
    card = write_card(model.meta, out)
    trained = model.meta["trained_on"]
    echo(f"trained on {sum(trained['hand_labelled'].values())} hand-labelled passages "
         f"({len(gold)} annotated documents) and {sum(trained['weak_labelled'].values())} weakly labelled; "
         f"context {model.meta['context']}")
    results = {"test split": evaluate_examples(model, CueMatcher(cues), examples)}
    results.update({f"left out: {doc}": by_method for doc, by_method in lodo.items()})
    echo(phase_report(results))
    echo(f"saved {out} ({model.version}) and {card}")


def _labelled_documents(gold_dir: Path, pdfs: Path | None) -> list:
    if not gold_dir.is_dir():
        echo(f"no annotations at {gold_dir}: training on the project's own passages alone")
        return []
    try:
        return read_gold_folder(gold_dir, pdfs or gold_dir.resolve().parent / "corpus")
    except GoldError as exc:
        raise Failure(f"{exc}; name the folder holding the PDFs with --pdfs, or train with --no-gold") from exc


def _pdf_files(path: Path) -> list[Path]:
    return sorted(path.rglob("*.pdf")) if path.is_dir() else [path]


def _body_texts(pdf: Path) -> list[str]:
    try:
        return [p.text for p in body_passages(parsed(pdf))]
    except GoldError as exc:
        raise Failure(str(exc)) from exc


def main() -> None:
    cli(prog_name="pipeline")
