"""Per-document result parts: what makes a batch resumable and lets workers on other machines share the work.

As soon as a document is processed, wherever that happens (this process, a worker process, a Dask worker),
its rows are tabulated and written as one Parquet file per table into out/.parts/<doc_id>/, with part.json
recording the PDF's sha256, and its table cells go to out/tables/. The folder is written under a temporary
name and renamed into place, so a part is either complete or absent. The final write merges the parts into
the output tables; a run that was killed leaves its finished parts behind, and the next run reuses every part
whose sha256 still matches instead of processing the document again.

Parquet is written and read by DuckDB, which the pipeline uses anyway, so there is no pyarrow dependency.
"""
from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import Any, Mapping

import duckdb
import pandas as pd

from pipeline.model import Document, Status
from pipeline.schemas import SCHEMAS, conform
from pipeline.stages.tabulate import tabulate
from pipeline.stages.write import write_document_cells

PARTS = ".parts"
PART_JSON = "part.json"


def part_dir(out: Path, doc_id: str) -> Path:
    """out/.parts/<doc_id>; refuses a doc_id that would name any other folder (`..`, a separator)."""
    parts = Path(out) / PARTS
    path = parts / doc_id
    if doc_id in ("", ".", "..") or path.parent != parts or path.name != doc_id:
        raise ValueError(f"unsafe doc_id for a part folder: {doc_id!r}")
    return path


def write_part(out: Path, doc: Document, run_info: Mapping[str, Any]) -> None:
    """Tabulate one processed document and write its part (part.json records its rows per table).

    Args:
        out: the output folder.
        doc: a processed Document (not skipped).
        run_info: as for `tabulate`; gives the documents row its run_id.
    """
    write_document_cells(out, doc)
    frames = tabulate([doc], run_info)
    frames.pop("runs")
    final = part_dir(out, doc.doc_id)
    tmp = final.with_name(f".{doc.doc_id}.{uuid.uuid4().hex}.tmp")
    tmp.mkdir(parents=True)
    try:
        con = duckdb.connect()
        try:
            for name, df in frames.items():
                if len(df):
                    con.register("frame", df)
                    con.execute(f"COPY frame TO '{_sql_path(tmp / f'{name}.parquet')}' (FORMAT parquet)")
                    con.unregister("frame")
        finally:
            con.close()
        counts = {name: len(df) for name, df in frames.items()}
        info = {"doc_id": doc.doc_id, "path": str(doc.path), "sha256": doc.sha256, "n_pages": doc.n_pages,
                "status": doc.status.value, "error": doc.error, "seconds": doc.seconds, "rows": counts}
        (tmp / PART_JSON).write_text(json.dumps(info), encoding="utf-8")
        shutil.rmtree(final, ignore_errors=True)
        tmp.rename(final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def part_summary(out: Path, doc: Document) -> Document | None:
    """A summary Document from the finished part of `doc`, or None when there is none for the same bytes."""
    try:
        info = json.loads((part_dir(out, doc.doc_id) / PART_JSON).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if info.get("sha256") != doc.sha256 or info.get("path") != str(doc.path):
        return None
    return Document(doc_id=doc.doc_id, path=doc.path, sha256=doc.sha256, n_pages=info["n_pages"],
                    status=Status(info["status"]), error=info["error"], seconds=info["seconds"])


def read_parts(out: Path, doc_ids: list[str]) -> dict[str, pd.DataFrame]:
    """The per-document tables of the parts of `doc_ids`, concatenated in that order and conformed."""
    frames: dict[str, list[pd.DataFrame]] = {}
    con = duckdb.connect()
    try:
        for doc_id in doc_ids:
            for path in sorted(part_dir(out, doc_id).glob("*.parquet")):
                with open(path, "rb") as f:  # a file object, not a name: DuckDB would expand * ? [ ] in a name
                    frames.setdefault(path.stem, []).append(con.read_parquet(f).df())
    finally:
        con.close()
    return {name: conform(name, pd.concat(dfs, ignore_index=True)) for name, dfs in frames.items()
            if name in SCHEMAS}


def remove_parts(out: Path) -> None:
    """Delete the parts folder, once the output tables hold what it held."""
    shutil.rmtree(Path(out) / PARTS, ignore_errors=True)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
