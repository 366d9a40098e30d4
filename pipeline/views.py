"""Shape an output table's rows for reading: which columns, in what order, and as what text.

`inspect` shows a table in the terminal. By default it puts the text first and leaves out what is there for
programs: page coordinates, character offsets and hashes (`--columns` asks for any of them). Amounts read as
people write them (138.7 bn CNY). Outside a terminal the rows go out as CSV, and `--format` picks CSV, JSON or
Markdown anywhere.
"""
from __future__ import annotations

import json
import math

import pandas as pd

FORMATS = ("table", "csv", "json", "markdown")
# Columns for programs: shown only when --columns names them.
HIDDEN = frozenset({"x0", "top", "x1", "bottom", "start", "end", "sha256", "rules_hash", "run_id", "parsed_at"})
FIRST = ("text",)  # what a reader looks at first, where the table has it
# Amount columns and the column that holds their currency.
AMOUNTS = {"amount": "currency", "amount_high": "currency", "paired_amount": "paired_currency"}
_SCALES = ((1e12, "tn"), (1e9, "bn"), (1e6, "mn"), (1e3, "k"))
COLUMN_ROOM, TEXT_ROOM = 18, 30


class ViewError(ValueError):
    """A --columns or --order-by that names no column of the table; the message lists them."""


def choose_columns(frame: pd.DataFrame, columns: str | None = None) -> pd.DataFrame:
    """The frame with the columns asked for (comma-separated, in that order), or the reading default: text
    first, the others in table order, HIDDEN ones left out.

    Raises:
        ViewError: naming an unknown column and the table's columns.
    """
    if columns:
        names = [c.strip() for c in columns.split(",") if c.strip()]
        unknown = [c for c in names if c not in frame.columns]
        if unknown:
            raise ViewError(f"no column {', '.join(unknown)}; the columns are {', '.join(frame.columns)}")
        return frame[names]
    names = [c for c in FIRST if c in frame.columns] + [c for c in frame.columns if c not in FIRST and c not in HIDDEN]
    return frame[names]


def fit_columns(frame: pd.DataFrame, width: int) -> tuple[pd.DataFrame, list[str]]:
    """The leading columns of `frame` that fit a terminal `width` characters wide, and the names left out.

    A column needs room for its header or its longest cell, at most COLUMN_ROOM characters (the text column
    TEXT_ROOM, as it wraps), plus 3 for its borders. The first column is always kept.
    """
    used, keep = 1, []
    for col in frame.columns:
        longest = max([len(col), *(len(str(v)) for v in frame[col] if not pd.isna(v))])
        need = min(longest, TEXT_ROOM if col in FIRST else COLUMN_ROOM) + 3
        if keep and used + need > width:
            break
        keep.append(col)
        used += need
    return frame[keep], [c for c in frame.columns if c not in keep]


def order_clause(order_by: str | None, columns) -> str:
    """An SQL ORDER BY body from "col" or "col desc" (several joined by commas), each column checked.

    Raises:
        ViewError: for a column the table does not have, or a word other than asc/desc after it.
    """
    if not order_by:
        return ""
    parts = []
    for item in order_by.split(","):
        words = item.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1].lower() not in ("asc", "desc")):
            raise ViewError(f"bad --order-by {order_by!r}: write COLUMN or COLUMN desc, several joined by commas")
        if words[0] not in columns:
            raise ViewError(f"no column {words[0]} to order by; the columns are {', '.join(columns)}")
        parts.append(f'"{words[0]}"' + (f" {words[1].upper()}" if len(words) == 2 else ""))
    return ", ".join(parts)


def human_amount(value: object, currency: object = None) -> str:
    """138700000000.0, "CNY" -> "138.7 bn CNY"; empty for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    number = float(value)
    for size, word in _SCALES:
        if abs(number) >= size:
            text = f"{number / size:.1f}".removesuffix(".0") + f" {word}"
            break
    else:
        text = f"{number:g}"
    return f"{text} {currency}" if isinstance(currency, str) and currency else text


def for_reading(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its amount columns written as `human_amount`s, their currency columns folded into them."""
    out = frame.copy()
    merged = set()
    for col, currency in AMOUNTS.items():
        if col in out.columns:
            cur = frame[currency] if currency in frame.columns else [None] * len(frame)
            out[col] = [human_amount(v, c) for v, c in zip(frame[col], cur)]
            merged.add(currency)
    return out.drop(columns=[c for c in merged if c in out.columns])


def render(frame: pd.DataFrame, fmt: str) -> str:
    """The rows as CSV, JSON (a list of objects) or a Markdown table."""
    if fmt == "csv":
        return frame.to_csv(index=False).rstrip("\n")
    if fmt == "json":
        records = [{k: (None if pd.isna(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]
        return json.dumps(records, ensure_ascii=False, indent=1, default=str)
    if fmt == "markdown":
        def cell(v) -> str:
            return "" if pd.isna(v) else str(v).replace("|", "\\|").replace("\n", " ")
        lines = ["| " + " | ".join(frame.columns) + " |", "|" + " --- |" * len(frame.columns)]
        lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
        return "\n".join(lines)
    raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
