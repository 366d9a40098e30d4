"""Running headers, footers and page numbers: text that repeats in the page margins."""
from __future__ import annotations

import re
from collections import Counter

from ..model import Line

MARGIN = 0.1  # share of the page height at the top and at the bottom where running heads sit
PAGE_NUMBER_RE = re.compile(r"^(?:page\s+)?(?:\d{1,4}|[ivxlc]{1,6})(?:\s*(?:of|/)\s*\d{1,4})?$", re.I)


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", text.lower()).strip()


def _in_margin(line: Line, height: float) -> bool:
    return line.bbox[1] < MARGIN * height or line.bbox[3] > (1 - MARGIN) * height


def furniture(pages: list[list[Line]], heights: list[float]) -> list[set[int]]:
    """For each page, the indexes of its lines that are running heads, feet or page numbers.

    A margin line is furniture when it is a bare page number or when its text, with digits masked,
    recurs in the margins of at least two pages and 40% of them.
    """
    keys = Counter()
    for lines, h in zip(pages, heights):
        keys.update({_key(ln.text) for ln in lines if _in_margin(ln, h)})
    min_pages = max(2, round(0.4 * len(pages)))
    out: list[set[int]] = []
    for lines, h in zip(pages, heights):
        drop = set()
        for i, ln in enumerate(lines):
            if not _in_margin(ln, h):
                continue
            if PAGE_NUMBER_RE.match(ln.text.strip()) or (len(pages) > 1 and keys[_key(ln.text)] >= min_pages):
                drop.add(i)
        out.append(drop)
    return out
