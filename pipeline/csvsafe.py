"""CSV files safe to open in a spreadsheet: `run --csv-safe` (OWASP's advice on CSV injection).

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel, LibreOffice and
Google Sheets, and document text ("=HYPERLINK(...)", "-1%", a bullet) begins so more often than one would
think. In a csv-safe folder every such text cell, and every text cell that begins with `'`, is written with
a `'` in front, which spreadsheets show as text; the pipeline's own readers take the `'` off again, so the
values read back unchanged. A folder is csv-safe from its first csv-safe run on (the marker file
OUT/.csv-safe), so its files never mix the two forms.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

MARKER = ".csv-safe"
_RISKY = ("=", "+", "-", "@", "\t", "\r", "'")


def enabled(out: Path) -> bool:
    """True when the output folder `out` is csv-safe."""
    return (Path(out) / MARKER).is_file()


def enable(out: Path) -> None:
    """Make `out` csv-safe (before any of its files is written in the safe form)."""
    Path(out).mkdir(parents=True, exist_ok=True)
    (Path(out) / MARKER).write_text("text cells that begin with = + - @ tab CR or ' carry a leading '\n",
                                    encoding="utf-8")


def escape(value):
    """A text cell with a `'` in front when a spreadsheet would read it as a formula; others unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(_RISKY) else value


def unescape(value):
    """The value `escape` was given."""
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def escape_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell escaped."""
    return _map_text(df, escape)


def unescape_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of `df` with every text cell unescaped."""
    return _map_text(df, unescape)


def _map_text(df: pd.DataFrame, fn) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(fn, na_action="ignore")
    return out
