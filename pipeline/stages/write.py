"""Write stage: fill the output folder.

    out/<table>.csv                        one CSV per table in pipeline/schemas.py
    out/tables/<doc_id>.<table_id>.csv     each extracted table's cells
    out/pipeline.duckdb                    the same tables in one DuckDB database
    out/run.json                           what produced the outputs, and how many rows each table has

Runs are incremental: rows of documents not processed in this run are read back from the CSVs and kept, and
every row of a re-processed document is replaced. Each file is written under a temporary name beside its
destination and moved into place with os.replace, so a reader, or a run killed halfway, sees the old file or the
new one and never half of one.
"""
from __future__ import annotations

import csv
import json
import os
import uuid
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import duckdb
import pandas as pd

from pipeline.model import Document, Status, Table
from pipeline import csvsafe
from pipeline.schemas import SCHEMAS, conform, duckdb_ddl, empty_frame, table_csv_path
from pipeline.stages.tabulate import tabulate

DB_NAME = "pipeline.duckdb"
RUN_JSON = "run.json"


class PreviousDoc(NamedTuple):
    """What an earlier run recorded about a document, enough to tell whether it changed."""

    sha256: str
    status: str
    path: str
    rules_hash: str = ""


def write_outputs(
    out: Path, docs: list[Document], run_info: Mapping[str, Any], replaced_doc_ids: set[str]
) -> dict[str, int]:
    """Tabulate the run's documents, merge them with the earlier outputs in `out` and write every output file.

    Args:
        out: the output folder; created when missing.
        docs: the run's documents. Those with status skipped keep their earlier rows; every other document's
            earlier rows are replaced by its new ones.
        run_info: run_id, started_at, finished_at, package_version and settings for the runs row (see
            `tabulate`); every key, including extra ones such as rule hashes, is also recorded in run.json.
        replaced_doc_ids: further documents whose earlier rows must go, such as PDFs removed from the corpus.

    Returns:
        Table name -> number of rows written, for every table in pipeline/schemas.py.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    processed = [d for d in docs if d.status != Status.SKIPPED]
    for doc in processed:
        write_document_cells(out, doc)
    new = tabulate(docs, run_info)
    return write_tables(out, new, run_info, set(replaced_doc_ids) | {d.doc_id for d in processed})


def write_document_cells(out: Path, doc: Document) -> None:
    """Write each of the document's tables to its own CSV and set Table.csv_path, which tabulate records."""
    for t in doc.tables:
        t.csv_path = table_csv_path(doc.doc_id, t.table_id)
        write_cells(Path(out) / t.csv_path, t)


def write_tables(
    out: Path, new: Mapping[str, pd.DataFrame], run_info: Mapping[str, Any], replaced_doc_ids: set[str]
) -> dict[str, int]:
    """Merge a run's new tables (one `runs` row included) with the earlier outputs in `out` and write them all.

    documents.csv is written last: it is what tells the next run which documents are done, so a run killed
    while writing leaves the earlier documents.csv, and the next run redoes (or resumes) this run's documents
    instead of skipping documents whose rows never reached the other tables.

    Returns:
        Table name -> number of rows written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    previous = load_previous(out)
    replaced = set(replaced_doc_ids) | set(new.get("documents", empty_frame("documents"))["doc_id"])
    tables = merge(previous, new, replaced)
    for name, df in tables.items():
        if name != "documents":
            write_table_csv(out / f"{name}.csv", df)
    write_duckdb(out / DB_NAME, tables)
    write_table_csv(out / "documents.csv", tables["documents"])
    # Only now, with tables.csv no longer pointing at them, can a replaced document's old table files go.
    _remove_stale_cells(out, previous.get("tables"), tables["tables"], replaced)

    counts = {name: len(df) for name, df in tables.items()}
    run = json.loads(new["runs"].to_json(orient="records"))[0]
    write_run_json(out, {**run_info, **run, "settings": json.loads(run["settings"]), "rows": counts})
    return counts


def load_previous(out: Path) -> dict[str, pd.DataFrame]:
    """The tables an earlier run wrote to `out`, by name; tables without a CSV are left out."""
    paths = {name: Path(out) / f"{name}.csv" for name in SCHEMAS}
    return {name: read_table_csv(name, path) for name, path in paths.items() if path.exists()}


def merge(
    previous: Mapping[str, pd.DataFrame], new: Mapping[str, pd.DataFrame], replaced_doc_ids: Iterable[str]
) -> dict[str, pd.DataFrame]:
    """Combine earlier and new tables so that each document's rows come from its latest run only.

    Earlier rows of `replaced_doc_ids` and of every document in new["documents"] are dropped, so a
    re-processed document is never duplicated, even when it now has fewer rows. Rows of other documents are
    kept, and runs rows accumulate. Per-document tables come out ordered by doc_id, each document's rows in
    their original order, so the output does not depend on which run produced which document.
    """
    new_docs = new.get("documents", empty_frame("documents"))
    dropped = set(replaced_doc_ids) | set(new_docs["doc_id"])
    merged = {}
    for name, schema in SCHEMAS.items():
        old = previous.get(name, empty_frame(name))
        if schema.per_document:
            old = old[~old["doc_id"].isin(dropped)]
        parts = [conform(name, df) for df in (old, new.get(name, empty_frame(name))) if len(df)]
        df = pd.concat(parts, ignore_index=True) if parts else empty_frame(name)
        if schema.per_document:
            df = df.sort_values("doc_id", kind="stable", ignore_index=True)
        merged[name] = df
    return merged


def previous_hashes(out: Path) -> dict[str, PreviousDoc]:
    """doc_id -> (sha256, status, path) from an earlier run's documents.csv, for ingest to skip unchanged PDFs."""
    path = Path(out) / "documents.csv"
    if not path.exists():
        return {}
    docs = read_table_csv("documents", path)
    return {
        r.doc_id: PreviousDoc(r.sha256, r.status, r.path, "" if pd.isna(r.rules_hash) else r.rules_hash)
        for r in docs.itertuples(index=False)
        if not pd.isna(r.sha256)
    }


def write_run_json(out: Path, info: Mapping[str, Any]) -> None:
    """Write `info` (package version, times, settings, rows per table) to out/run.json."""
    text = json.dumps(info, indent=2, ensure_ascii=False, default=str) + "\n"
    with replacing(Path(out) / RUN_JSON) as tmp:
        tmp.write_text(text, encoding="utf-8")


def read_table_csv(name: str, path: Path) -> pd.DataFrame:
    """Read a table CSV written by `write_table_csv` back with its schema's dtypes."""
    # Only empty cells are missing: the default NA spellings ("NA", "null", "None", ...) are real text here.
    df = pd.read_csv(path, dtype=SCHEMAS[name].dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")
    if csvsafe.enabled(Path(path).parent):
        df = csvsafe.unescape_frame(df)
    return conform(name, df)


def write_table_csv(path: Path, df: pd.DataFrame) -> None:
    """Write one table as UTF-8 CSV with a header row, replacing `path` atomically."""
    if csvsafe.enabled(Path(path).parent):
        df = csvsafe.escape_frame(df)
    with replacing(path) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")


def write_cells(path: Path, table: Table) -> None:
    """Write a table's cells as CSV, rows as extracted and no header row added, replacing `path` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = table.rows
    if csvsafe.enabled(Path(path).parent.parent):  # OUT/tables/<doc_id>.<table_id>.csv
        rows = [[csvsafe.escape(c) for c in row] for row in rows]
    with replacing(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def read_cells(path: Path) -> list[list[str]]:
    """The rows of cells `write_cells` wrote to `path`, as extracted (a csv-safe folder's `'` taken off)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    if csvsafe.enabled(Path(path).parent.parent):
        rows = [[csvsafe.unescape(c) for c in row] for row in rows]
    return rows


def write_duckdb(path: Path, tables: Mapping[str, pd.DataFrame]) -> None:
    """Build a DuckDB database holding `tables` (typed and commented from their schemas), replacing `path`."""
    with replacing_database(path) as tmp:
        con = duckdb.connect(str(tmp))
        try:
            for name, df in tables.items():
                create_table(con, name, df)
        finally:
            con.close()


def create_table(con: duckdb.DuckDBPyConnection, name: str, df: pd.DataFrame) -> None:
    """Create table `name` from its schema (types, comments on the table and each column) and insert `df`."""
    schema = SCHEMAS[name]
    con.execute(duckdb_ddl(name))
    con.execute(f'COMMENT ON TABLE "{name}" IS {_sql_text(schema.description)}')
    for col in schema.columns:
        con.execute(f'COMMENT ON COLUMN "{name}"."{col.name}" IS {_sql_text(col.description)}')
    con.register("frame", df)
    try:
        con.execute(f'INSERT INTO "{name}" BY NAME SELECT * FROM frame')
    finally:
        con.unregister("frame")


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _remove_stale_cells(out: Path, previous: pd.DataFrame | None, current: pd.DataFrame, doc_ids: set[str]) -> None:
    if previous is None:
        return
    old = previous.loc[previous["doc_id"].isin(doc_ids), "csv_path"].dropna()
    tables_dir = (out / "tables").resolve()
    for rel in set(old) - set(current["csv_path"].dropna()):
        path = (out / rel).resolve()
        # csv_path comes from a file on disk: never delete anything outside out/tables because of it.
        if path.parent == tables_dir:
            path.unlink(missing_ok=True)


@contextmanager
def replacing_database(path: Path) -> Iterator[Path]:
    """As `replacing`, for a DuckDB file. DuckDB keeps a write-ahead log (`<file>.wal`) until a connection closes
    cleanly: the new file's own is removed once it is closed, and one a killed writer left beside `path` is
    removed before the new file takes its place, since it belongs to the old file and DuckDB would replay it
    into the new one (which then no longer opens)."""
    with replacing(path) as tmp:
        try:
            yield tmp
        finally:
            Path(f"{tmp}.wal").unlink(missing_ok=True)
        Path(f"{path}.wal").unlink(missing_ok=True)


@contextmanager
def replacing(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`, moved over `path` only if the block finishes without error."""
    # Same folder, so os.replace is an atomic rename; a hidden name, so globs for *.csv never pick it up.
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
