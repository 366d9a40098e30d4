"""Which cells of a table are items, and how a cell that lists several items is split.

An item is a name a table lists: a technology, an organisation, an area, a programme or an amount. The first row
of a table is its header and gives no items; neither do empty cells, cells without a letter (ticks, dashes,
numbers, years, ranges of years) unless they are amounts of money, nor repeats of the header row in a table
stitched across pages. An item printed
in several cells of one table is one item, at its first cell.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.text import LIST_ITEM_RE

_SEMI_OR_LINE = re.compile(r"\s*(?:;|\n|\r)\s*")
_COMMA = re.compile(r"\s*,\s*")
_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:and|or)\s+", re.IGNORECASE)
# Words that make an " and " part of one name ("Utilization of Coal and Oil", "Technology for X and Y") or
# show a clause rather than a list of names ("Open up the frontier and seize the high ground").
_LINKING = frozenset("of for to on in with by from based via between at the a an".split())


@dataclass(frozen=True)
class Item:
    """One item of a table: where its cell is (1-based line and column of the CSV), its text and, for an amount
    of money, (amount, ISO currency code)."""

    row: int
    column: int
    column_header: str
    text: str
    amount: tuple[float, str] | None = None


def is_item_text(text: str) -> bool:
    """True when a cell (or part of one) can name something: it has a letter and is more than one character."""
    text = text.strip()
    return len(text) > 1 and any(ch.isalpha() for ch in text)


def split_cell(text: str, is_name: Callable[[str], bool] = lambda _: False) -> list[str]:
    """Split one cell into its items, in order.

    Lines, bullets and ';' always separate items. ',' separates three or more ("lidar, radar, and sonar"), or two
    known names, but not a clause (a part after the first in lower case while the cell starts in upper case:
    "Promote upgrading, transforming the mode") nor a name and its qualifier ("Fund X, Phase I"). ' and ' splits a
    cell only into two parts of two words or more with no linking word (of, for, on, ...) on either side, so
    "Aero Engines and Gas Turbines" is two items but "Clean and Efficient Utilization of Coal" is one. A part
    that `is_name` (a known name: a vocabulary entry, an extracted name, an acronym's long form) is never split.

    Args:
        text: the cell's text.
        is_name: tells whether a string is a known name.
    Returns:
        The items, stripped, without empty or letterless parts.
    """
    items: list[str] = []
    for line in _SEMI_OR_LINE.split(text):
        line = LIST_ITEM_RE.sub("", line).strip()
        if not is_item_text(line):
            continue
        for part in _split_commas(line, is_name):
            items.extend(_split_and(part, is_name))
    return [i for i in items if is_item_text(i)]


def _split_commas(text: str, is_name: Callable[[str], bool]) -> list[str]:
    parts = [_LEADING_AND.sub("", p) for p in _COMMA.split(text) if p]
    if len(parts) < 2 or is_name(text):
        return [text]
    if text[0].isupper() and any(p[0].islower() for p in parts[1:]):
        return [text]  # a clause: "Promote upgrading, transforming the mode"
    if len(parts) == 2 and not all(is_name(p) for p in parts):
        return [text]  # "Fund X, Phase I", "University of California, San Diego": one name and a qualifier
    return parts


def _split_and(text: str, is_name: Callable[[str], bool]) -> list[str]:
    parts = _AND.split(text)
    if len(parts) != 2 or is_name(text):
        return [text]
    for part in parts:
        words = part.lower().split()
        if len(words) < 2 or _LINKING.intersection(words):
            return [text]
    return parts


def table_items(rows: Sequence[Sequence[str]], is_name: Callable[[str], bool] = lambda _: False,
                amount_of: Callable[[str, str], tuple[float, str] | None] = lambda cell, header: None) -> list[Item]:
    """The items of a table given as rows of cells, the first row being its header.

    Args:
        rows: the table's rows as printed (the CSV's lines).
        is_name: tells whether a string is a known name (see `split_cell`).
        amount_of: (amount, currency) of a cell under a header when the cell is an amount of money, else None;
            such a cell is one item, even a bare number.
    Returns:
        Each distinct item once, at its first cell, in reading order (row by row).
    """
    if not rows:
        return []
    header = [c.strip() for c in rows[0]]
    seen: set[str] = set()
    items: list[Item] = []
    for r, cells in enumerate(rows[1:], start=2):
        if [c.strip() for c in cells] == header:
            continue  # the header printed again on a continuation page
        for c, cell in enumerate(cells, start=1):
            head = header[c - 1] if c <= len(header) else ""
            amount = amount_of(cell, head) if (cell or "").strip() else None
            texts = [cell.strip()] if amount else split_cell(cell or "", is_name)
            for text in texts:
                key = " ".join(text.casefold().split()) + (f" {head}" if amount else "")
                if key in seen:
                    continue
                seen.add(key)
                items.append(Item(r, c, head, text, amount))
    return items
