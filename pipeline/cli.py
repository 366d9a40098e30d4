"""Command line: `pipeline run`, `parse`, `tables`, `rules list|check|test`."""
from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import click
from tqdm import tqdm

from . import __version__
from .batch import process, reason, run_batch
from .errors import BadPDFError, RuleError
from .model import Document, Status
from .schemas import SCHEMAS
from .extractors.base import spans
from .extractors.check import check_file, count_entries, rule_paths
from .settings import Settings
from .stages.annotate import config_file, extractor_groups, load_nlp, make_doc


def _settings(config: Path | None, **flags) -> Settings:
    """Defaults < --config TOML file < command-line flags; a bad setting is a one-line usage error."""
    base: dict = {}
    if config is not None:
        try:
            base = tomllib.loads(config.read_text(encoding="utf-8")).get("pipeline", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise click.ClickException(f"{config}: cannot read the config file ({exc})") from exc
    try:
        return Settings.resolve(base, **flags)
    except (TypeError, ValueError) as exc:
        raise click.ClickException(f"{exc}. See `pipeline run --help` for the settings.") from exc


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
@click.option("--workers", type=int, default=None,
              help="Process this many documents at once, each in its own process [default: 1].")
@click.option("--dask", default=None, metavar="ADDRESS",
              help="Send the documents to the Dask scheduler at ADDRESS (tcp://host:8786); needs a shared --out.")
@click.option("--rules", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="A folder of your own rule files, added on top of the shipped ones (see `pipeline rules list`).")
@click.option("--config", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="A TOML file with a [pipeline] table of settings.")
def run(paths: tuple[Path, ...], out, force, strict, no_tables, no_extract, max_pages, timeout, workers, dask, rules,
        config) -> None:
    """Process PDFs (files or folders, searched recursively) and write every table as CSV and DuckDB.

    Example: pipeline run corpus/ reports/2024.pdf --out outputs/
    """
    settings = _settings(config, out=out, force=force, strict=strict, max_pages=max_pages, rules=rules,
                         timeout=timeout, workers=workers, dask=dask,
                         tables=False if no_tables else None, extract=False if no_extract else None)
    paths = paths or (Path("corpus"),)
    bar = tqdm(unit="doc", desc="documents", disable=not sys.stderr.isatty())
    pages = tqdm(unit="page", desc="pages", disable=not sys.stderr.isatty(), position=1)

    def tick(doc: Document) -> None:
        bar.update(1)
        pages.update(doc.n_pages if doc.status != Status.SKIPPED else 0)

    try:
        result = run_batch(paths, settings, on_document=tick)
    except FileNotFoundError as exc:
        raise click.ClickException(f"{exc}. Name existing PDF files or folders.") from exc
    except BadPDFError as exc:  # only with --strict
        raise click.ClickException(f"{exc} (run without --strict to record it and go on)") from exc
    except RuleError as exc:
        raise click.ClickException(f"{exc}. Fix the file; `pipeline rules check` lists every problem.") from exc
    finally:
        bar.close()
        pages.close()
    _summary(result)
    if result.failed:
        sys.exit(1)


# Tables whose rows from this run's documents the run summary counts.
SUMMARY_TABLES = ("passages", "citations", "tables", "money", "entities", "technologies")


def _summary(result) -> None:
    docs = result.documents
    click.echo(f"documents: {len(docs)} ({result.count(Status.OK)} ok, {result.count(Status.PARTIAL)} partial, "
               f"{result.count(Status.FAILED)} failed, {result.count(Status.SKIPPED)} skipped as unchanged)")
    found = result.found
    click.echo(f"pages: {sum(d.n_pages for d in docs if d.status != Status.SKIPPED)}   "
               + "   ".join(f"{name}: {found.get(name, 0)}" for name in SUMMARY_TABLES))
    click.echo("rows per table: " + ", ".join(f"{k} {v}" for k, v in result.rows.items()))
    click.echo(f"written to: {result.out}/ (one CSV per table, tables/ for each table's cells, pipeline.duckdb)")
    for doc in result.failed:
        click.echo(f"failed: {reason(doc)}", err=True)


@cli.command("parse")
@click.argument("pdf", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the whole document model as JSON.")
@click.option("--lines", is_flag=True, help="With --json, include every page's layout lines.")
@click.option("--no-tables", "no_tables", is_flag=True, help="Skip pdfplumber table extraction.")
def parse_cmd(pdf: Path, as_json: bool, lines: bool, no_tables: bool) -> None:
    """Parse one PDF and show its document model, for debugging a document.

    Example: pipeline parse corpus/brief.pdf --json | less
    """
    doc = Document(doc_id=pdf.stem, path=str(pdf))
    process(doc, Settings(tables=not no_tables, extract=False), keep_lines=lines)
    if doc.status == Status.FAILED:
        raise click.ClickException(reason(doc))
    if as_json:
        click.echo(json.dumps(doc.to_dict(lines=lines), ensure_ascii=False, indent=1))
        return
    click.echo(f"{doc.doc_id}: {doc.n_pages} pages, status {doc.status.value}, {len(doc.passages)} passages, "
               f"{len(doc.notes)} notes, {len(doc.tables)} tables, {len(doc.figures)} figures")
    for p in doc.passages:
        marks = "".join(f"[{m.marker}]" for m in p.markers)
        click.echo(f"p{p.page} {p.kind:<12} {p.text[:100]}{' ' + marks if marks else ''}")


@cli.command("tables")
def tables_cmd() -> None:
    """List the output tables and their columns (the contract that `run` writes).

    Example: pipeline tables
    """
    for name, schema in SCHEMAS.items():
        click.echo(f"{name}: {', '.join(c.name for c in schema.columns)}")


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
        click.echo(f"{origin:<8} {count_entries(path):>5}  {path}")
    click.echo(f"pipeline ({config_file(rules)}): {' > '.join(_load(rules).pipe_names)}")


@rules.command("check")
@_rules_option
def rules_check(rules: Path | None) -> None:
    """Check every rule file and report each bad line as file:line and the reason; exit 1 if any.

    Example: pipeline rules check --rules my_rules/
    """
    problems = [msg for path, _ in rule_paths(rules) for msg in check_file(path)]
    if not problems:
        try:
            _load(rules)
        except click.ClickException as exc:
            problems.append(exc.message)
    for msg in problems:
        click.echo(msg, err=True)
    if problems:
        sys.exit(1)
    click.echo(f"{len(rule_paths(rules))} rule files: no problems")


@rules.command("test")
@click.argument("text")
@click.option("--kind", default="body", show_default=True,
              help="Treat the text as this kind of passage: body, footnote, table, bibliography, ...")
@_rules_option
def rules_test(text: str, kind: str, rules: Path | None) -> None:
    """Show what every extractor finds in a piece of text, with the columns each would write.

    Example: pipeline rules test "The Big Fund raised RMB 138.7 billion ($21.8 billion) in 2014."
    """
    nlp = _load(rules)
    doc = nlp(make_doc(nlp, text, kind))
    found = False
    for group in extractor_groups(nlp):
        for span, fields in spans(doc, group):
            found = True
            cols = "  ".join(f"{k}={v}" for k, v in fields.items() if v not in (None, "", []))
            click.echo(f"{group:<13} {span.text!r}  {cols}")
    if not found:
        click.echo("nothing found")


def _load(rules: Path | None):
    try:
        return load_nlp(str(rules) if rules else None)
    except RuleError as exc:
        raise click.ClickException(str(exc)) from exc


def main() -> None:
    cli(prog_name="pipeline")
