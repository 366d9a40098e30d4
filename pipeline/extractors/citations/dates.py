"""Publication dates and years in a note or reference, access dates left out."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extractors.citations.rules import CitationRules
from pipeline.extractors.citations.urls import URL_MARK

YEAR4 = r"(?:1[6-9]|20)\d\d"


@dataclass(frozen=True)
class DateHit:
    start: int
    end: int
    iso: str  # YYYY, YYYY-MM or YYYY-MM-DD

    @property
    def precision(self) -> int:
        return self.iso.count("-")

    @property
    def year(self) -> int:
        return int(self.iso[:4])


@lru_cache(maxsize=8)
def _date_patterns(months: tuple[str, ...]) -> list[tuple[re.Pattern[str], str]]:
    mon = "|".join(re.escape(m) for m in sorted(months, key=len, reverse=True))
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    return [
        (re.compile(rf"\b(?P<m>{mon})\.?\s+{day},?\s+(?P<y>{YEAR4})\b"), "mdy"),
        (re.compile(rf"\b{day}\.?\s+(?P<m>{mon})\.?,?\s+(?P<y>{YEAR4})\b"), "mdy"),  # "4. März 2022"
        (re.compile(rf"\b(?P<y>{YEAR4})-(?P<mm>[01]\d)-(?P<d>[0-3]\d)\b"), "iso"),
        (re.compile(rf"\b(?P<d>[0-3]?\d)\.(?P<mm>[01]?\d)\.(?P<y>{YEAR4})\b"), "iso"),
        (re.compile(rf"\b(?P<m>{mon})\.?,?\s+(?P<y>{YEAR4})\b"), "my"),
        # A bare year counts only where a citation prints one: ", 2021," "(Beijing: Press, 2006)" "[2015]".
        (re.compile(rf"(?:^|(?<=[,(\[])|(?<=[,(\[]\s)|(?<=\.\s))(?P<y>{YEAR4})(?=\s*(?:[,.;)\]{URL_MARK}]|$))"), "y"),
    ]


def find_dates(text: str, rules: CitationRules, access: bool = False) -> list[DateHit]:
    """Publication dates in `text`, in text order; access dates ("last visited May 2, 2022") are left out, or
    are the only ones kept when `access` is True."""
    hits: list[DateHit] = []
    seen: list[tuple[int, int]] = []  # spans already read, access dates included, so their year is not re-read
    for pattern, kind in _date_patterns(tuple(rules.months)):
        for m in pattern.finditer(text):
            if any(s <= m.start() < e or m.start() <= s < m.end() for s, e in seen):
                continue
            seen.append(m.span())
            iso = _iso(m, kind, rules)
            if iso and _after_access(text, m.start(), rules) == access:
                hits.append(DateHit(m.start(), m.end(), iso))
    return sorted(hits, key=lambda h: h.start)


def _iso(m: re.Match[str], kind: str, rules: CitationRules) -> str:
    y = m.group("y")
    if kind == "y":
        return y
    month = rules.months[m.group("m")] if kind in ("mdy", "my") else int(m.group("mm"))
    if not 1 <= month <= 12:
        return ""
    if kind == "my":
        return f"{y}-{month:02d}"
    d = int(m.group("d"))
    return f"{y}-{month:02d}-{d:02d}" if 1 <= d <= 31 else ""


def _after_access(text: str, start: int, rules: CitationRules) -> bool:
    before = text[max(0, start - 25):start].lower().rstrip(" :,")
    return any(before.endswith((p.lower(), p.lower() + " on")) for p in rules.phrases.get("access", ()))


def best_date(text: str, rules: CitationRules) -> DateHit | None:
    """The most precise publication date in `text`, the first one among equally precise ones; the access date
    when no publication date is printed (a web page's only date)."""
    hits = find_dates(text, rules) or find_dates(text, rules, access=True)
    return max(hits, key=lambda h: (h.precision, -h.start)) if hits else None
