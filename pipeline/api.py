"""The Python API: `pipeline.run` processes PDFs as `pipeline run` does, `pipeline.open` reads a folder back.

    import pipeline
    result = pipeline.run(["reports/"], out="outputs", workers=2)
    result.tables["money"]             # a pandas DataFrame, typed from pipeline/schemas.py
    result.failed                      # the documents that failed, each with its one-line reason
    con = pipeline.open("outputs").connect()   # DuckDB, read-only: con.sql("SELECT ...").df()
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from pipeline.batch import BatchResult, run_batch
from pipeline.model import Document, Status
from pipeline.reader import connect, has_table, output_folder, read_table
from pipeline.schemas import SCHEMAS
from pipeline.settings import Settings


class Tables(Mapping[str, pd.DataFrame]):
    """The output tables of a folder by name, each read (once) when first asked for."""

    def __init__(self, out: Path):
        self._out = out
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._read:
            self._read[name] = read_table(self._out, name)
        return self._read[name]

    def __iter__(self) -> Iterator[str]:
        return (name for name in SCHEMAS if has_table(self._out, name))

    def __len__(self) -> int:
        return sum(1 for _ in self)


class Outputs:
    """A run's output folder: its tables as DataFrames, or all of them in DuckDB."""

    def __init__(self, out: str | Path):
        self.out = output_folder(out)
        self.tables = Tables(self.out)

    def connect(self) -> duckdb.DuckDBPyConnection:
        """A read-only DuckDB connection to the folder's pipeline.duckdb."""
        return connect(self.out)

    def __repr__(self) -> str:
        return f"Outputs({str(self.out)!r}: {', '.join(self.tables)})"


class Result(Outputs):
    """What `run` did: every document with its status, and the output folder it wrote."""

    def __init__(self, batch: BatchResult):
        super().__init__(batch.out)
        self.batch = batch
        self.documents: list[Document] = batch.documents
        self.rows = batch.rows  # rows per table in the folder, earlier runs' included
        self.found = batch.found  # rows per table from this run's documents
        self.coverage = batch.coverage

    @property
    def failed(self) -> list[Document]:
        return self.batch.failed

    def count(self, status: Status | str) -> int:
        """Documents with `status` ("ok", "partial", "failed", "skipped" or a Status)."""
        return self.batch.count(Status(status))


def run(paths: str | Path | Iterable[str | Path], out: str | Path = "outputs", **settings: Any) -> Result:
    """Process PDFs (files, or folders searched recursively) and write every output table to `out`.

    Args:
        paths: one path or several.
        out: the output folder; a later run there skips unchanged documents.
        settings: any field of pipeline.settings.Settings (force, strict, tables, extract, workers, timeout,
            max_pages, rules, model, dask).
    Returns:
        A Result: `.tables[name]` as DataFrames, `.documents`, `.failed`, `.connect()`.
    Raises:
        FileNotFoundError: a path that does not exist. ValueError: an unknown or bad setting.
        RuleError, ModelError: a bad rule file or phase model, before any document is read.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    return Result(run_batch([Path(p) for p in paths], Settings.resolve(settings, out=out)))


def open(out: str | Path = "outputs") -> Outputs:  # noqa: A001 - pipeline.open(out) reads as intended
    """Read the output folder `out` back: `.tables[name]` as DataFrames, `.connect()` for DuckDB."""
    return Outputs(out)
