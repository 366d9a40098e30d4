"""Read a run's output folder back: every output table as a DataFrame with its schema's dtypes.

The one way compare, evaluate, report, inspect and the Python API (`pipeline.open`) read outputs, so a change
to how tables are stored is made here once.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipeline.schemas import SCHEMAS, empty_frame
from pipeline.stages.write import DB_NAME, read_table_csv


def output_folder(out: str | Path) -> Path:
    """`out` as a Path, checked to be a folder a run wrote (it holds documents.csv).

    Raises:
        FileNotFoundError: naming the folder, when it is not one.
    """
    out = Path(out)
    if not has_table(out, "documents"):
        raise FileNotFoundError(f"{out}: no documents.csv here; give the folder `pipeline run --out` wrote")
    return out


def table_path(out: str | Path, name: str) -> Path:
    """Where output table `name` of the folder `out` is kept as CSV."""
    return Path(out) / f"{name}.csv"


def has_table(out: str | Path, name: str) -> bool:
    return table_path(out, name).is_file()


def read_table(out: str | Path, name: str) -> pd.DataFrame:
    """Output table `name` from its CSV in `out`, with its schema's dtypes; empty when the run wrote none.

    Raises:
        KeyError: for a name that is not an output table (see pipeline/schemas.py).
    """
    if name not in SCHEMAS:
        raise KeyError(f"no output table {name!r}; the tables are {', '.join(SCHEMAS)}")
    path = table_path(out, name)
    return read_table_csv(name, path) if path.is_file() else empty_frame(name)


def read_tables(out: str | Path, names: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """The output tables `names` (default: all) that `out` holds, by name; tables without a file are left out."""
    return {n: read_table(out, n) for n in (names or tuple(SCHEMAS)) if has_table(out, n)}


def table_counts(out: str | Path) -> list[tuple[str, int]]:
    """(table name, rows) for every output table `out` holds, in schema order."""
    return [(name, len(df)) for name, df in read_tables(out).items()]


def connect(out: str | Path) -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the folder's pipeline.duckdb (every output table, typed and commented).

    Raises:
        FileNotFoundError: when `out` holds no pipeline.duckdb.
    """
    db = Path(out) / DB_NAME
    if not db.is_file():
        raise FileNotFoundError(f"{db}: no such database; give the folder `pipeline run --out` wrote")
    return duckdb.connect(str(db), read_only=True)
