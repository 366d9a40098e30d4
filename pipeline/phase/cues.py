"""The phase cues: named policies and terms from pipeline/rules/phase_cues.csv, and the years a passage names.

Everything here is a compiled regex run once over a passage: one alternation for all the cues, one for years
and year ranges. `analyse` gathers both into the Evidence that the weak-label rules and the model's cue
features are computed from.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import RuleError
from pipeline.rulefiles import read_csv
from pipeline.phase import PERIODS, PHASES

CUES_FILE = "phase_cues.csv"
CUE_TYPES = ("policy", "term")
# Year buckets: the three periods plus years before the first and far after the last (plan targets: 2035, 2049).
BEFORE, AFTER, SPAN = "before", "after", "span"
YEAR_BUCKETS: tuple[str, ...] = (BEFORE, *PERIODS, AFTER)
PRESENT = 2025  # the year that "present", "now" and "since" ranges end in

_SEP = r"[\s\-\u2010\u2011\u2012\u2013\u2014]+"  # spaces and hyphens/dashes between the words of a cue
_ACRONYM = re.compile(r"^[A-Z0-9&]{2,8}s?$")  # MLP, SEIs, NSS&TF: matched with their case, unlike phrases


@dataclass(frozen=True)
class Cue:
    phase: str
    type: str  # policy | term
    text: str


@dataclass(frozen=True)
class Hit:
    """One cue found in a passage."""

    phase: str
    type: str
    start: int
    end: int
    key: str = ""  # the cue's spelling normalised (case, spaces and hyphens, apostrophes): one key per cue


@dataclass(frozen=True)
class YearRef:
    """A year, a decade or a year range named in a passage, with the bucket it falls in (or `span`)."""

    bucket: str
    start: int
    end: int


def load_cues(rules_dir: str | Path | None = None) -> tuple[Cue, ...]:
    """The cues of the shipped phase_cues.csv, then the user's rules folder's.

    Raises:
        RuleError: naming the file row whose phase or type is not one of the known ones.
    """
    cues = []
    for n, row in enumerate(read_csv(CUES_FILE, rules_dir, required=("phase", "type", "cue")), 1):
        if row["phase"] not in PHASES:
            raise RuleError(f"{CUES_FILE} row {n}: phase {row['phase']!r} is not one of {', '.join(PHASES)}")
        if row["type"] not in CUE_TYPES:
            raise RuleError(f"{CUES_FILE} row {n}: type {row['type']!r} is not one of {', '.join(CUE_TYPES)}")
        cues.append(Cue(row["phase"], row["type"], row["cue"]))
    return tuple(cues)


def _key(text: str) -> str:
    return re.sub(_SEP, " ", text.lower().replace("\u2019", "'")).strip()


def _cue_regex(text: str) -> str:
    words = [re.escape(w).replace("'", "['\u2019]") for w in re.split(_SEP, text.strip()) if w]
    body = _SEP.join(words)
    return body if _ACRONYM.match(text) else f"(?i:{body})"


class CueMatcher:
    """Finds every cue in a text with one compiled alternation, longest cues first."""

    def __init__(self, cues: tuple[Cue, ...]):
        self.cues = cues
        self._by_key: dict[str, Cue] = {}
        for cue in cues:
            self._by_key.setdefault(_key(cue.text), cue)  # the first row for a spelling wins
        alternatives = sorted({c.text: _cue_regex(c.text) for c in cues}.values(), key=len, reverse=True)
        self._regex = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")

    def find(self, text: str) -> list[Hit]:
        """The cues in `text`, in text order."""
        hits = []
        for m in self._regex.finditer(text):
            key = _key(m.group())
            cue = self._by_key.get(key)
            if cue is not None:
                hits.append(Hit(cue.phase, cue.type, m.start(), m.end(), key))
        return hits


_YEAR = r"(?:19|20)\d\d"
_END = r"(?![\w%\u2030]|[.,]\d)"
_YEARS = re.compile(
    rf"(?<![\w$\u20ac\u00a3\u00a5.,])(?:"
    rf"(?:(?i:from)\s+)?(?P<a>{_YEAR})(?:\s*[\u2012\u2013\u2014-]\s*|\s+(?i:to|until|through)\s+)"
    rf"(?:(?i:around|about|roughly|circa)\s+)?(?P<b>{_YEAR}|\d\d|(?i:present|now|today)){_END}"
    rf"|(?i:between)\s+(?P<a2>{_YEAR})\s+(?i:and)\s+(?P<b2>{_YEAR}){_END}"
    rf"|(?i:since\s+|post-)(?P<since>{_YEAR}){_END}"
    rf"|(?P<decade>{_YEAR})s{_END}"
    rf"|(?P<year>{_YEAR}){_END})"
)


def year_bucket(year: int) -> str:
    """The bucket of one year: a period, `before` 2006 or `after` 2030."""
    if year < 2006:
        return BEFORE
    if year <= 2012:
        return PERIODS[0]
    if year <= 2019:
        return PERIODS[1]
    return PERIODS[2] if year <= 2030 else AFTER


def _range_bucket(first: int, last: int) -> str:
    # A range belongs to the bucket holding at least two thirds of its years (2018-2020, the 2010s); a range
    # spread more evenly (2006-2020, since 2014) spans periods.
    years = Counter(year_bucket(y) for y in range(first, last + 1))
    bucket, n = years.most_common(1)[0]
    return bucket if 3 * n >= 2 * (last - first + 1) else SPAN


def find_years(text: str) -> list[YearRef]:
    """Years, decades (the 2010s) and ranges (2006-2012, 2013-19, 2020-present, between 2018 and 2020, since 2014).

    A range or decade counts as the bucket that holds two thirds of its years; one spread wider is a `span`.
    """
    refs = []
    for m in _YEARS.finditer(text):
        if m.group("year"):
            bucket = year_bucket(int(m.group("year")))
        elif m.group("since"):
            bucket = _range_bucket(int(m.group("since")), PRESENT)
        elif m.group("decade"):
            start = int(m.group("decade"))
            bucket = _range_bucket(start, start + 9)
        else:
            first, end = int(m.group("a") or m.group("a2")), m.group("b") or m.group("b2")
            if end.isdigit():
                last = int(end) if len(end) == 4 else first // 100 * 100 + int(end)
                if last < first:
                    # "2012-06" is a month, not a range: keep the year alone
                    start = m.start("a") if m.group("a") else m.start("a2")
                    refs.append(YearRef(year_bucket(first), start, start + 4))
                    continue
            else:
                last = PRESENT
            bucket = _range_bucket(first, last)
        refs.append(YearRef(bucket, m.start(), m.end()))
    return refs


@dataclass
class Evidence:
    """What the cues and years say about one passage."""

    hits: list[Hit] = field(default_factory=list)
    years: list[YearRef] = field(default_factory=list)  # those outside cue names
    n_words: int = 0

    def cue_counts(self, type_: str) -> Counter[str]:
        """How many cues of one type (policy or term) the passage has, per phase."""
        return Counter(h.phase for h in self.hits if h.type == type_)

    def year_counts(self) -> Counter[str]:
        """How many years, decades and ranges the passage names, per bucket."""
        return Counter(y.bucket for y in self.years)


def analyse(text: str, matcher: CueMatcher) -> Evidence:
    """The cues and the years of `text`; a year inside a cue's name (Made in China 2025) is not counted."""
    hits = matcher.find(text)
    years = [y for y in find_years(text) if not any(h.start < y.end and y.start < h.end for h in hits)]
    return Evidence(hits, years, len(text.split()))


def year_tokens(text: str, years: list[YearRef]) -> str:
    """`text` with each year replaced by a token for its bucket (yr_2013_2019, yr_span, ...) for the word features."""
    out, last = [], 0
    for y in years:
        out.append(text[last:y.start])
        out.append(f" yr_{y.bucket.replace('-', '_')} ")
        last = y.end
    out.append(text[last:])
    return "".join(out)
