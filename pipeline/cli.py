"""Command line: `pipeline run`, `pipeline parse`, `pipeline tables`."""
from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import click
from tqdm import tqdm

from . import __version__
from .batch import process, reason, run_batch
from .errors import BadPDFError
from .model import Document, Status
from .schemas import SCHEMAS
from .settings import Settings


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
@click.option("--max-pages", type=int, default=None, help="Fail documents longer than this [default: 2000].")
@click.option("--config", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None,
              help="A TOML file with a [pipeline] table of settings.")
def run(paths: tuple[Path, ...], out, force, strict, no_tables, max_pages, config) -> None:
    """Process PDFs (files or folders, searched recursively) and write every table as CSV and DuckDB.

    Example: pipeline run corpus/ reports/2024.pdf --out outputs/
    """
    settings = _settings(config, out=out, force=force, strict=strict, max_pages=max_pages,
                         tables=False if no_tables else None)
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
    finally:
        bar.close()
        pages.close()
    _summary(result)
    if result.failed:
        sys.exit(1)


def _summary(result) -> None:
    docs = result.documents
    processed = [d for d in docs if d.status != Status.SKIPPED]
    click.echo(f"documents: {len(docs)} ({result.count(Status.OK)} ok, {result.count(Status.PARTIAL)} partial, "
               f"{result.count(Status.FAILED)} failed, {result.count(Status.SKIPPED)} skipped as unchanged)")
    click.echo(f"pages: {sum(d.n_pages for d in processed)}   "
               f"passages: {sum(len(d.passages) for d in processed)}   "
               f"notes: {sum(len(d.notes) for d in processed)}   tables: {sum(len(d.tables) for d in processed)}")
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
    process(doc, Settings(tables=not no_tables), keep_lines=lines)
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


def main() -> None:
    cli(prog_name="pipeline")
