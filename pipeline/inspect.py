"""Look at a run's output folder in the terminal: the tables and their sizes, one table filtered, one passage.

Queries run through DuckDB over the CSV files (read with their schemas' dtypes), so a --where clause is plain
SQL on the table's columns. The functions here return data and rich renderables; the CLI prints them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
from rich.table import Table
from rich.text import Text

from pipeline.reader import has_table, read_table
from pipeline.schemas import SCHEMAS
from pipeline.stages.write import read_cells
from pipeline.terminal import plain, printable
from pipeline.views import order_clause

# Tables whose rows are mentions in a passage, highlighted in passage views, and the label each row shows.
MARKED_TABLES = {"entities": "label", "money": "currency", "percentages": None, "technologies": "category"}
STYLES = {"entities": "bold black on #a6e22d", "money": "bold black on #feca74", "percentages": "bold black on #e4e7d2",
          "technologies": "bold black on #7aecec"}


@dataclass(frozen=True)
class Mark:
    """A stretch of a passage's text that an extractor found, ready to highlight."""

    start: int
    end: int
    table: str  # entities | money | percentages | technologies
    label: str


def query(out: Path, table: str, *, doc: str | None = None, where: str | None = None,
          limit: int = 20, order_by: str | None = None) -> pd.DataFrame:
    """Rows of an output table, or of one extracted table's cells, filtered by document and a SQL condition.

    Args:
        out: a run's output folder.
        table: an output table (see pipeline/schemas.py) or a tables.table_id such as table3, whose cells
            are shown (name the document with `doc` when several have that table).
        doc: keep this document's rows only.
        where: a SQL condition on the table's columns, e.g. "label = 'ORG'".
        limit: at most this many rows.
        order_by: "COLUMN" or "COLUMN desc", several joined by commas.
    Returns:
        The rows; `attrs["total"]` holds how many rows match before the limit.
    Raises:
        ValueError: with a one-line message, for an unknown table, an ambiguous table id, an unknown column
            to order by, or bad SQL.
    """
    if table not in SCHEMAS:
        return _cells(out, table, doc, where, limit, order_by)
    if not has_table(out, table):
        raise ValueError(f"{out} has no {table}.csv; run `pipeline run` with --out {out} first")
    return _select(read_table(out, table), doc if "doc_id" in SCHEMAS[table].names else None, where, limit,
                   order_by)


def resolve_doc(out: Path, doc: str) -> str:
    """The doc_id in `out` that `doc` names: itself, or the one doc_id it is a prefix of.

    Raises:
        ValueError: naming the known documents when `doc` names none of them, or the ones it could mean.
    """
    known = sorted(str(d) for d in read_table(out, "documents")["doc_id"].dropna())
    if doc in known:
        return doc
    matches = [d for d in known if d.startswith(doc)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValueError(f"--doc {doc!r} could be {', '.join(matches)}: give more of the name")
    raise ValueError(f"no document {doc!r} in {out}; the documents are {', '.join(known) or 'none'}")


def split_passage(out: Path, doc: str | None, passage: str) -> tuple[str, str]:
    """(doc_id, passage) for --passage: "DOC:NNNN" names its document (a prefix will do); a bare number or id
    needs `doc`, unless the output holds one document.

    Raises:
        ValueError: when the document cannot be told, or is unknown.
    """
    if doc is None and ":" in passage:
        doc, passage = passage.rsplit(":", 1)
    if doc is None:
        docs = list(read_table(out, "documents")["doc_id"])
        if len(docs) != 1:
            raise ValueError(f"name the document of passage {passage}: --passage DOC:{passage} or --doc DOC "
                             f"({len(docs)} documents in {out})")
        doc = str(docs[0])
    doc = resolve_doc(out, doc)
    return doc, passage.removeprefix(f"{doc}:")


def _select(frame: pd.DataFrame, doc: str | None, where: str | None, limit: int,
            order_by: str | None = None) -> pd.DataFrame:
    conditions = ["doc_id = $doc"] if doc is not None else []
    if where:
        conditions.append(f"({where})")
    body = "FROM frame" + (" WHERE " + " AND ".join(conditions) if conditions else "")
    order = order_clause(order_by, list(frame.columns))  # column names checked, so no user SQL here
    sql = f"SELECT * {body}" + (f" ORDER BY {order}" if order else "") + " LIMIT $limit"
    params = {"limit": max(limit, 0), **({"doc": doc} if doc is not None else {})}
    try:
        statements = len(duckdb.extract_statements(sql))
    except duckdb.Error as exc:
        raise ValueError(f"bad --where {where!r}: {_first_line(exc)}") from exc
    if statements != 1:
        raise ValueError(f"bad --where {where!r}: a condition on the table's columns, not {statements} statements")
    # The condition is the user's SQL: it may read only the table, never a file or a folder.
    con = duckdb.connect(config={"enable_external_access": False, "lock_configuration": True})
    try:
        con.register("frame", frame)
        rows = con.execute(sql, params).df()
        rows.attrs["total"] = con.execute(f"SELECT count(*) {body}", {k: v for k, v in params.items()
                                                                      if k != "limit"}).fetchone()[0]
        return rows
    except duckdb.Error as exc:
        raise ValueError(f"bad --where {where!r}: {_first_line(exc)}") from exc
    finally:
        con.close()


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _cells(out: Path, table_id: str, doc: str | None, where: str | None, limit: int,
           order_by: str | None = None) -> pd.DataFrame:
    tables = read_table(out, "tables")
    hits = tables[(tables["table_id"] == table_id) & (tables["doc_id"] == doc if doc else True)]
    if hits.empty:
        raise ValueError(f"no table {table_id!r}{f' in {doc}' if doc else ''}: name an output table "
                         f"({', '.join(SCHEMAS)}) or a table_id from tables.csv")
    if len(hits) > 1:
        raise ValueError(f"{len(hits)} documents have a table {table_id!r}: choose one with --doc "
                         f"({', '.join(hits['doc_id'])})")
    path = Path(out) / str(hits.iloc[0]["csv_path"])
    rows = read_cells(path)
    frame = pd.DataFrame(rows, dtype=str).fillna("") if rows else pd.DataFrame(dtype=str)
    frame.columns = [f"c{i}" for i in range(1, frame.shape[1] + 1)]
    return _select(frame, None, where, limit, order_by)


def frame_table(frame: pd.DataFrame, title: str = "", max_width: int = 60) -> Table:
    """A rich Table of a DataFrame; long cells are cut to `max_width` characters and empty cells left blank.

    Titles, headers and cells are plain Text: document text such as "[/]" is shown, never read as markup.
    """
    view = Table(title=plain(title) if title else None, show_lines=False, header_style="bold")
    for col in frame.columns:
        view.add_column(plain(col), overflow="fold")
    for row in frame.itertuples(index=False):
        view.add_row(*(_cell(v, max_width) for v in row))
    return view


def _cell(value, max_width: int) -> Text:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return Text()
    text = str(value)
    return plain(text if len(text) <= max_width else text[: max_width - 1] + "…")


def find_marks(text: str, mentions: Iterable[tuple[str, str, str]]) -> list[Mark]:
    """Where each mention (text as printed, table, label) sits in a passage's text, without overlaps.

    The output tables keep no character offsets, so each mention is looked for after the previous one of its
    table (mentions come in text order), else anywhere. Where two overlap, the longer one is kept.
    """
    found: list[Mark] = []
    cursor: dict[str, int] = {}
    for mention, table, label in mentions:
        if not mention:
            continue
        at = text.find(mention, cursor.get(table, 0))
        if at < 0:
            at = text.find(mention)
        if at < 0:
            continue
        cursor[table] = at + len(mention)
        found.append(Mark(at, at + len(mention), table, label))
    kept: list[Mark] = []
    for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
        if all(m.end <= k.start or m.start >= k.end for k in kept):
            kept.append(m)
    return sorted(kept, key=lambda m: m.start)


def passage_marks(out: Path, doc: str, passage_id: str) -> list[tuple[str, str, str]]:
    """(text, table, label) of every mention the extractors found in one passage, table by table."""
    tables = {name: read_table(out, name) for name in MARKED_TABLES}
    return mentions_by_passage(tables, doc).get(passage_id, [])


def mentions_by_passage(tables: dict[str, pd.DataFrame], doc: str) -> dict[str, list[tuple[str, str, str]]]:
    """passage_id -> (text, table, label) of each mention of one document, from the MARKED_TABLES frames."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    for table, label_col in MARKED_TABLES.items():
        rows = tables.get(table)
        if rows is None:
            continue
        rows = rows[rows["doc_id"] == doc]
        labels = rows[label_col] if label_col else pd.Series([None] * len(rows), index=rows.index)
        for pid, text, label in zip(rows["passage_id"], rows["text"], labels):
            found.setdefault(pid, []).append((text, table, _label(table, label)))
    return found


def _label(table: str, value) -> str:
    if table == "percentages":
        return "PERCENT"
    if table == "technologies":
        return "TECH"
    return "" if pd.isna(value) else str(value)


def passage_view(out: Path, doc: str, passage_id: str) -> tuple[pd.Series, Text, pd.DataFrame]:
    """One passage: its row, its text with the extractions highlighted, and the notes its markers cite.

    Raises:
        ValueError: when the document has no such passage.
    """
    passages = read_table(out, "passages")
    hit = passages[(passages["doc_id"] == doc) & (passages["passage_id"].isin(_passage_ids(doc, passage_id)))]
    if hit.empty:
        raise ValueError(f"no passage {passage_id!r} in document {doc!r}; list them with "
                         f"`pipeline inspect {out} passages --doc {doc}`")
    row = hit.iloc[0]
    text = str(row["text"])
    marks = find_marks(text, passage_marks(out, doc, row["passage_id"]))
    return row, labelled_text(text, marks), passage_notes(out, doc, row["passage_id"])


def labelled_text(text: str, marks: list[Mark]) -> Text:
    """The text with each mark highlighted and followed by its label, displaCy style: "State Council ORG"."""
    out = Text()
    pos = 0
    for m in marks:
        out.append(printable(text[pos:m.start]))
        out.append(printable(text[m.start:m.end]), style=STYLES[m.table])
        out.append(printable(f" {m.label}"), style="bold " + STYLES[m.table].split(" on ")[-1])
        pos = m.end
    out.append(printable(text[pos:]))
    return out


def _passage_ids(doc: str, passage_id: str) -> set[str]:
    # Passage ids are <doc_id>:<number>; the number alone is accepted too ("17" or "0017").
    ids = {passage_id, f"{doc}:{passage_id}"}
    if re.fullmatch(r"\d+", passage_id):
        ids.add(f"{doc}:{int(passage_id):04d}")
    return ids


def passage_notes(out: Path, doc: str, passage_id: str) -> pd.DataFrame:
    """The notes a passage cites: its note markers joined to their citations (marker, citation_id, kind, raw)."""
    markers = read_table(out, "note_markers")
    markers = markers[(markers["doc_id"] == doc) & (markers["passage_id"] == passage_id)]
    citations = read_table(out, "citations")
    citations = citations[citations["doc_id"] == doc][["citation_id", "kind", "raw"]]
    notes = markers[["marker", "citation_id"]].merge(citations, on="citation_id", how="left")
    intext = read_table(out, "intext_citations")
    intext = intext[(intext["doc_id"] == doc) & (intext["passage_id"] == passage_id)]
    cited = intext[["text", "resolves_to"]].rename(columns={"text": "marker", "resolves_to": "citation_id"})
    cited = cited.merge(citations, on="citation_id", how="left")
    return pd.concat([notes, cited], ignore_index=True)
