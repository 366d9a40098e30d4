"""Read a run's output folder, compare every table with its document's prose, write the two comparison tables.

The tables compared are those ingest extracted (tables.csv + tables/<doc_id>.<table_id>.csv) and the reference
tables a user supplied, kept in OUT/references/<doc_id>.<name>.csv so that every later run compares them again.
"""
from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.compare.extra import extra_rows
from pipeline.compare.items import table_items
from pipeline.compare.match import PROSE_KINDS, Amount, Name, ProseIndex
from pipeline.compare.money import cell_amount
from pipeline.compare.vocabulary import Vocabulary, load_vocabulary
from pipeline.extractors.money import load_rules as load_money_rules
from pipeline.reader import read_tables
from pipeline.schemas import SCHEMAS, conform, empty_frame
from pipeline.stages.write import DB_NAME, create_table, read_cells, replacing_database, write_table_csv

REFERENCES = "references"
REFERENCE_PREFIX = "reference:"


@dataclass(frozen=True)
class SourceTable:
    """A table to compare: its document, id, caption and rows of cells (the first row its header)."""

    doc_id: str
    table_id: str
    caption: str
    rows: list[list[str]]


@dataclass
class Comparison:
    """The two comparison tables of a run and one coverage line per table compared."""

    comparison: pd.DataFrame
    extra: pd.DataFrame
    coverage: list[str] = field(default_factory=list)

    @property
    def rows(self) -> dict[str, int]:
        return {"comparison": len(self.comparison), "comparison_extra": len(self.extra)}


def compare_outputs(out: Path, rules: str | Path | None = None) -> Comparison:
    """Compare every table in the output folder `out` with its document's prose and write the results.

    Args:
        out: a run's output folder.
        rules: the user's rules folder, for their additions to the technology vocabulary.
    Returns:
        The comparison and comparison_extra tables (also written as CSV and into pipeline.duckdb).
    Raises:
        FileNotFoundError: when `out` holds no passages.csv (no run wrote there).
    """
    out = Path(out)
    tables = load(out)
    if "passages" not in tables:
        raise FileNotFoundError(f"{out} holds no passages.csv")
    vocabulary = load_vocabulary(rules)
    money_rules = load_money_rules(str(rules) if rules else None)
    rows: list[dict] = []
    extras: list[dict] = []
    coverage: list[str] = []
    by_doc = _by_doc(tables)
    sources = defaultdict(list)
    for t in [*ingested_tables(out, tables["tables"]), *reference_tables(out)]:
        sources[t.doc_id].append(t)
    for doc_id, doc_tables in sources.items():
        doc = by_doc.get(doc_id)
        if doc is None:
            continue  # a reference for a document no longer in the output
        index = prose_index(doc, vocabulary)
        matched: list[dict] = []
        for t in doc_tables:
            table_rows = compare_table(t, index, lambda cell, head: cell_amount(cell, head, money_rules))
            found = sum(r["found_in_text"] for r in table_rows)
            coverage.append(f"{doc_id} {_label(t)}: {found} of {len(table_rows)} items also named in the text")
            matched.extend(table_rows)
        rows.extend(matched)
        extras.extend(extra_rows(doc_id, doc, matched, [t.rows for t in doc_tables]))
    result = Comparison(_frame("comparison", rows), _frame("comparison_extra", extras), coverage)
    write(out, {"comparison": result.comparison, "comparison_extra": result.extra})
    return result


def add_reference(out: Path, path: Path, doc_id: str | None, known_docs: Iterable[str]) -> Path:
    """Copy a reference table into OUT/references/ under the name <doc_id>.<table name>.csv.

    The document is `doc_id` or, failing that, the part of the file's name before its first dot.
    Raises:
        ValueError: when that names no document of the output, or the file has no row.
    """
    known = set(known_docs)
    stem = path.stem
    if doc_id is None:
        doc_id = next((d for d in sorted(known, key=len, reverse=True) if stem.startswith(d + ".")), None)
        if doc_id is None:
            raise ValueError(f"{path}: cannot tell which document it belongs to; name it <doc_id>.<table>.csv "
                             f"or pass --doc")
        name = stem[len(doc_id) + 1:]
    else:
        if doc_id not in known:
            raise ValueError(f"--doc {doc_id}: no such document in the output")
        name = stem[len(doc_id) + 1:] if stem.startswith(doc_id + ".") else stem
    if not read_rows(path):
        raise ValueError(f"{path}: the reference table has no rows")
    dest = Path(out) / REFERENCES / f"{doc_id}.{name}.csv"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(path, dest)
    return dest


def load(out: Path) -> dict[str, pd.DataFrame]:
    """The output tables compare reads, by name; tables without a CSV are left out."""
    return read_tables(out, ("passages", "tables", "technologies", "entities", "acronyms", "money"))


def _by_doc(tables: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, pd.DataFrame]]:
    docs: dict[str, dict[str, pd.DataFrame]] = defaultdict(dict)
    for name, df in tables.items():
        for doc_id, part in df.groupby("doc_id", sort=False):
            docs[str(doc_id)][name] = part
    return docs


def read_rows(path: Path) -> list[list[str]]:
    """A table CSV's rows of cells, as printed (UTF-8, with or without a byte-order mark)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return [row for row in csv.reader(fh)]


def ingested_tables(out: Path, tables: pd.DataFrame) -> list[SourceTable]:
    """The tables ingest extracted, with their cells read from their CSV files."""
    found = []
    for t in tables.itertuples(index=False):
        if pd.isna(t.csv_path) or not (out / t.csv_path).is_file():
            continue
        found.append(SourceTable(t.doc_id, t.table_id, "" if pd.isna(t.caption) else t.caption,
                                 read_cells(out / t.csv_path)))
    return found


def reference_tables(out: Path) -> list[SourceTable]:
    """The reference tables kept in OUT/references/, each named <doc_id>.<name>.csv."""
    folder = out / REFERENCES
    found = []
    for path in sorted(folder.glob("*.csv")) if folder.is_dir() else ():
        doc_id, _, name = path.stem.rpartition(".")
        if doc_id:
            found.append(SourceTable(doc_id, REFERENCE_PREFIX + name, f"reference table {path.name}",
                                     read_rows(path)))
    return found


def prose_index(doc: Mapping[str, pd.DataFrame], vocabulary: Vocabulary) -> ProseIndex:
    """The ProseIndex of one document from its rows of the output tables."""
    passages = doc.get("passages", empty_frame("passages"))
    prose = passages[passages["kind"].isin(PROSE_KINDS)]
    names = [*_names(doc.get("technologies"), "technology"), *_names(doc.get("entities"), "entity")]
    acronyms = doc.get("acronyms")
    pairs = {} if acronyms is None else dict(zip(acronyms["short"], acronyms["long"]))
    return ProseIndex(list(zip(prose["passage_id"], prose["text"])), names, pairs, vocabulary.spellings,
                      vocabulary.table_only, _amounts(doc.get("money")))


def _amounts(df: pd.DataFrame | None) -> list[Amount]:
    if df is None:
        return []
    df = df[df["kind"].isin(PROSE_KINDS)]
    return [Amount(r.passage_id, float(r.amount), r.currency,
                   None if pd.isna(r.paired_amount) else float(r.paired_amount),
                   None if pd.isna(r.paired_currency) else r.paired_currency) for r in df.itertuples(index=False)]


def _names(df: pd.DataFrame | None, source: str) -> list[Name]:
    if df is None:
        return []
    df = df[df["kind"].isin(PROSE_KINDS)]
    return [Name(r.passage_id, r.text, r.canonical if isinstance(r.canonical, str) and r.canonical
                 else " ".join(r.text.lower().split()), source)  # a discovered candidate: its own text
            for r in df.itertuples(index=False)]


def compare_table(table: SourceTable, index: ProseIndex, amount_of=lambda cell, header: None) -> list[dict]:
    """The comparison rows of one table: one per item, with what the prose says about it.

    `amount_of(cell, header)` gives (amount, currency) for a cell that is an amount of money (see `cell_amount`).
    """
    rows = []
    for item in table_items(table.rows, index.is_name, amount_of):
        m = index.match_amount(*item.amount) if item.amount else index.match(item.text)
        rows.append({
            "doc_id": table.doc_id, "table_id": table.table_id, "row": item.row, "column": item.column,
            "column_header": item.column_header, "item": item.text, "canonical": m.canonical,
            "found_in_text": m.found, "n_mentions": m.n_mentions, "first_passage_id": m.first_passage_id,
            "match": m.how, "_amount": item.amount,  # for comparison_extra; not a column
        })
    return rows


def _label(table: SourceTable) -> str:
    # "Table 3" from a caption "Table 3: ...", else the table id.
    head = table.caption.split(":", 1)[0].strip()
    return head if head.lower().startswith("table ") and len(head) < 12 else table.table_id


def _frame(name: str, rows: list[dict]) -> pd.DataFrame:
    return conform(name, pd.DataFrame.from_records(rows, columns=SCHEMAS[name].names))


def write(out: Path, frames: Mapping[str, pd.DataFrame]) -> None:
    """Write the comparison tables as CSV and replace them in OUT/pipeline.duckdb, when it exists.

    The database is changed in a copy that then replaces it, as the write stage does, so a reader holding it
    open (read-only) keeps its old file and never blocks the run.
    """
    for name, df in frames.items():
        write_table_csv(out / f"{name}.csv", df)
    db = out / DB_NAME
    if not db.exists():
        return
    with replacing_database(db) as tmp:
        shutil.copyfile(db, tmp)
        con = duckdb.connect(str(tmp))
        try:
            for name, df in frames.items():
                con.execute(f'DROP TABLE IF EXISTS "{name}"')
                create_table(con, name, df)
        finally:
            con.close()
