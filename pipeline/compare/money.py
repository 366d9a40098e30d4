"""Amounts of money in table cells, read with the money extractor's own rules (currencies, scale words).

A cell may print a whole amount ("$1.2 billion") or a bare number whose currency and scale are in the column
header ("138.7" under "Size (RMB bn)").
"""
from __future__ import annotations

import re

from pipeline.extractors.money import MoneyRules, find_amounts

_BARE_NUMBER = re.compile(r"^\s*\d[\d,]*(?:\.\d+)?\s*$")
_UNIT = re.compile(r"\(([^()]*)\)\s*$")  # "Size (RMB bn)" -> "RMB bn"
TOLERANCE = 0.005  # tables round: an amount within half a percent is the same amount


def cell_amount(cell: str, header: str, rules: MoneyRules) -> tuple[float, str] | None:
    """(amount in units of the currency, ISO code) of a cell that holds one amount of money, else None."""
    amounts = find_amounts(cell, rules)
    if len(amounts) == 1:
        return float(amounts[0].amount), amounts[0].currency
    if amounts or not _BARE_NUMBER.match(cell):
        return None
    unit = _UNIT.search(header)
    unit_text = (unit.group(1) if unit else header).casefold()
    words = re.findall(r"[^\W\d_]+|[^\w\s]+", unit_text)
    markers = [m for m in rules.currencies if _has_marker(unit_text, m)]
    if not markers:
        return None
    marker = max(markers, key=len)
    scale = next((w for w in words if w in rules.scales and w != marker.casefold()), "")
    amounts = find_amounts(f"{marker} {cell.strip()} {scale}".strip(), rules)
    return (float(amounts[0].amount), amounts[0].currency) if len(amounts) == 1 else None


def _has_marker(unit: str, marker: str) -> bool:
    m = re.escape(marker.casefold())
    # Word markers (RMB, yuan) must stand alone; symbols ($, US$, ¥) may touch other characters.
    return bool(re.search(rf"(?<![^\W\d_]){m}(?![^\W\d_])" if marker[-1].isalpha() else m, unit))


def same_amount(a: float, b: float) -> bool:
    """True when two amounts differ by no more than TOLERANCE of the larger."""
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b))


def money_key(amount: float, currency: str) -> str:
    """The canonical spelling of an amount: ISO code and the amount in units, e.g. CNY 138700000000."""
    return f"{currency} {amount:.15g}"
