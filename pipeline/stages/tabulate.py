"""Tabulate stage: turn Documents into the output tables declared in pipeline/schemas.py.

One small row builder per table; `tabulate` runs them all and conforms every table to its schema.
"""
from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime, timezone
from enum import Enum
from typing import Any

import pandas as pd

from pipeline import __version__
from pipeline.model import BBox, Document, Status, Work
from pipeline.phase.summary import phase_summary
from pipeline.schemas import MENTION_TABLES, SCHEMAS, conform, empty_frame

Row = dict[str, Any]



def tabulate(docs: Iterable[Document], run_info: Mapping[str, Any] | None = None) -> dict[str, pd.DataFrame]:
    """Build every output table from the documents of one run.

    Skipped documents (unchanged since an earlier run) get no rows, so their earlier rows stand when merged,
    but they are counted in the runs row.

    Args:
        docs: the run's documents, in output order.
        run_info: run_id, started_at, finished_at, package_version and settings (a dict or dataclass);
            missing ones default to now, the started_at time, this package's version and {}.

    Returns:
        Table name -> DataFrame conformed to its schema, for every table the model fills plus `runs` (one row).
    """
    run = _resolve_run(run_info or {})
    docs = list(docs)
    rows: dict[str, list[Row]] = {"documents": [], **{name: [] for name in ROW_BUILDERS}}
    for doc in docs:
        if doc.status == Status.SKIPPED:
            continue
        rows["documents"].append(document_row(doc, run_id=run["run_id"], parsed_at=_utc_now()))
        for name, build in ROW_BUILDERS.items():
            rows[name].extend(build(doc))
    frames = {name: _frame(name, table_rows) for name, table_rows in rows.items()}
    frames["runs"] = runs_frame(docs, run)
    return frames


def runs_frame(docs: Iterable[Document], run_info: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """The runs table of one run alone: one row counting the documents by status."""
    statuses = Counter(_value(d.status) for d in docs)
    return _frame("runs", [run_row(_resolve_run(run_info or {}), statuses)])


def document_row(doc: Document, *, run_id: str, parsed_at: str) -> Row:
    """The documents row of one document."""
    return {
        "doc_id": doc.doc_id,
        "path": str(doc.path),
        "sha256": doc.sha256,
        "pages": doc.n_pages,
        "status": _value(doc.status),
        "error": doc.error,
        "seconds": round(doc.seconds, 3),
        "title": doc.metadata.get("title"),
        "n_passages": len(doc.passages),
        "n_notes": len(doc.notes),
        "n_tables": len(doc.tables),
        "n_figures": len(doc.figures),
        "n_problems": len(doc.problems),
        "parsed_at": parsed_at,
        "run_id": run_id,
        "rules_hash": doc.rules_hash or None,
    }


# Every row takes its doc_id from the Document, not the item: ingest may rename a document to make its id
# unique after the parser built the items, and merging replaces rows by the Document's id.


def passage_rows(doc: Document) -> Iterator[Row]:
    """The passages rows of one document, in reading order."""
    for p in doc.passages:
        yield {
            "doc_id": doc.doc_id,
            "passage_id": p.passage_id,
            "page": p.page,
            "section": p.section,
            "kind": _value(p.kind),
            "text": p.text,
            "phase": p.phase,
            "phase_score": p.phase_score,
            **_bbox_columns(p.bbox),
            "pages": _page_list(p.pages, p.page),
        }


def citation_rows(doc: Document) -> Iterator[Row]:
    """The citations rows of one document: its footnotes, endnotes and bibliography entries."""
    for n in doc.notes:
        yield {
            "doc_id": doc.doc_id,
            "citation_id": n.citation_id,
            "kind": _value(n.kind),
            "marker": n.marker,
            "raw": n.text,
            "page": n.page,
            "type": n.type,
            "refers_to": n.refers_to,
            "authors": "; ".join(n.authors),
            "title": n.title,
            "title_original": n.title_original,
            "container": n.container,
            "date": n.date,
            "year": n.year,
            "year_suffix": n.year_suffix,
            "urls": " ".join(n.urls),
            **_work_columns(n.resolved, "resolved_"),
        }


def note_source_rows(doc: Document) -> Iterator[Row]:
    """The note_sources rows of one document: every work each note cites, in the order printed."""
    for n in doc.notes:
        for s in n.sources:
            yield {
                "doc_id": doc.doc_id,
                "citation_id": n.citation_id,
                "source_no": s.source_no,
                "type": s.type,
                "refers_to": s.refers_to,
                **_work_columns(s.printed),
                "urls": " ".join(s.urls),
                **_work_columns(s.resolved, "resolved_"),
            }


def _work_columns(work: Work, prefix: str = "") -> Row:
    return {f"{prefix}authors": "; ".join(work.authors), f"{prefix}title": work.title,
            f"{prefix}title_original": work.title_original, f"{prefix}container": work.container,
            f"{prefix}date": work.date, f"{prefix}year": work.year}


def intext_citation_rows(doc: Document) -> Iterator[Row]:
    """The intext_citations rows of one document, in text order."""
    for c in doc.intext_citations:
        yield {
            "doc_id": doc.doc_id,
            "passage_id": c.passage_id,
            "page": c.page,
            "text": c.text,
            "surname_or_org": c.surname_or_org,
            "year": c.year,
            "year_suffix": c.year_suffix,
            "resolves_to": c.resolves_to,
            "start": c.start,
            "end": c.end,
        }


def mention_rows(table: str) -> Callable[[Document], Iterator[Row]]:
    """A row builder for one extraction table: the document's mentions of that table, in passage order."""
    def rows(doc: Document) -> Iterator[Row]:
        for m in doc.mentions:
            if m.table == table:
                yield {"doc_id": doc.doc_id, "passage_id": m.passage_id, "page": m.page, "kind": m.kind,
                       "text": m.text, "start": m.start, "end": m.end, **m.fields}
    rows.__doc__ = f"The {table} rows of one document."
    return rows


def note_marker_rows(doc: Document) -> Iterator[Row]:
    """The note_markers rows of one document, in text order."""
    for m in doc.markers:
        yield {
            "doc_id": doc.doc_id,
            "passage_id": m.passage_id,
            "marker": m.marker,
            "citation_id": m.citation_id,
            "page": m.page,
            "offset": m.offset,
        }


def table_rows(doc: Document) -> Iterator[Row]:
    """The tables rows of one document; csv_path is whatever the write stage set on each Table."""
    for t in doc.tables:
        yield {
            "doc_id": doc.doc_id,
            "table_id": t.table_id,
            "caption": t.caption,
            "page": t.page,
            "n_rows": t.n_rows,
            "n_cols": t.n_cols,
            "csv_path": t.csv_path,
            "pages": _page_list(t.pages, t.page),
        }


def figure_rows(doc: Document) -> Iterator[Row]:
    """The figures rows of one document."""
    for f in doc.figures:
        yield {"doc_id": doc.doc_id, "figure_id": f.figure_id, "caption": f.caption, "page": f.page}


def problem_rows(doc: Document) -> Iterator[Row]:
    """The problems rows of one document."""
    for p in doc.problems:
        yield {
            "doc_id": doc.doc_id,
            "stage": p.stage,
            "category": p.category,
            "page": p.page,
            "message": p.message,
        }


def phase_summary_rows(doc: Document) -> Iterator[Row]:
    """The phase_summary rows of one document: one per phase its body passages were classified into."""
    return phase_summary(doc.doc_id, doc.passages, doc.mentions)


# Table name -> rows of one document. A new per-document table is one more builder here.
ROW_BUILDERS: dict[str, Callable[[Document], Iterable[Row]]] = {
    "passages": passage_rows,
    "citations": citation_rows,
    "note_sources": note_source_rows,
    "intext_citations": intext_citation_rows,
    "note_markers": note_marker_rows,
    "tables": table_rows,
    "figures": figure_rows,
    **{table: mention_rows(table) for table in MENTION_TABLES},
    "phase_summary": phase_summary_rows,
    "problems": problem_rows,
}


def run_row(run: Mapping[str, Any], statuses: Mapping[str, int]) -> Row:
    """The runs row: resolved run info plus how many documents ended with each status."""
    return {
        "run_id": run["run_id"],
        "started_at": run["started_at"],
        "finished_at": run["finished_at"],
        "package_version": run["package_version"],
        "n_documents": sum(statuses.values()),
        "n_ok": statuses.get(Status.OK.value, 0),
        "n_partial": statuses.get(Status.PARTIAL.value, 0),
        "n_failed": statuses.get(Status.FAILED.value, 0),
        "n_skipped": statuses.get(Status.SKIPPED.value, 0),
        "settings": json.dumps(_plain(run.get("settings", {})), sort_keys=True, default=str),
    }


def _resolve_run(run_info: Mapping[str, Any]) -> dict[str, Any]:
    started = run_info.get("started_at") or _utc_now()
    return {
        **run_info,
        "started_at": started,
        "run_id": run_info.get("run_id") or started,
        "finished_at": run_info.get("finished_at") or _utc_now(),
        "package_version": run_info.get("package_version") or __version__,
    }


def _frame(name: str, rows: list[Row]) -> pd.DataFrame:
    if not rows:  # most documents leave most tables empty; conforming an empty frame still costs ~7 ms
        return empty_frame(name)
    return conform(name, pd.DataFrame.from_records(rows, columns=SCHEMAS[name].names))


def _bbox_columns(bbox: BBox) -> Row:
    # Two decimals of a PDF point (1/7200 inch) is finer than any layout decision; more digits are float noise.
    return dict(zip(("x0", "top", "x1", "bottom"), (round(v, 2) for v in bbox)))


def _page_list(pages: list[int], first: int) -> str:
    return ";".join(str(n) for n in sorted(set(pages) or {first}))


def _value(x: Any) -> Any:
    # str-mixin enums (Status, PassageKind) print as "Status.OK" under str(); the tables want the value.
    return x.value if isinstance(x, Enum) else x


def _plain(settings: Any) -> Any:
    # Settings may arrive as the Settings dataclass; store its fields, not its repr.
    if dataclasses.is_dataclass(settings) and not isinstance(settings, type):
        return dataclasses.asdict(settings)
    return settings


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
