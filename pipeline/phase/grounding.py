"""Ground a document's passages in time before they are classified.

A passage is read with what its document says about it, not alone:

- Its words for the time of writing ("currently", "this year") are followed by the document's publication
  year, so the year features see "currently (2019)" in a 2019 report and "currently (2024)" in a 2024 one.
- A passage under a heading that describes the document itself (Methodology, Definitions, Appendix) gets the
  marker token `in_method_section`, which the model's cue matcher counts as a `none` term (MARKER_CUES), so
  it weighs like "this report" or "we define" even where no training document had such a section.
- A cue that fires in most passages of a document names the document's topic ("guidance funds" in a report
  on guidance funds), not what one passage is about: its occurrences become the neutral token `topic_cue`.

The time words and heading words are data (rules/phase_time.csv); a trained model keeps the ones it was
trained with, like its cues.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import RuleError
from pipeline.layout.front_matter import is_date_line
from pipeline.model import Document, PassageKind
from pipeline.phase import PERIODS
from pipeline.phase.cues import Cue, CueMatcher, year_bucket
from pipeline.rulefiles import read_csv

TIME_FILE = "phase_time.csv"
TIME_KINDS = ("present", "method_section")
METHOD_TOKEN = "in_method_section"
TOPIC_TOKEN = "topic_cue"
TOPIC_SHARE = 0.5  # a cue in at least this share of a document's passages is its topic ...
TOPIC_MIN_PASSAGES = 10  # ... in a document of at least this many passages
MARKER_CUES = (Cue("none", "term", METHOD_TOKEN),)  # added to a model's cues by training
FIRST_PAGES = 2  # where a printed publication date is looked for

_DEFINED_TERM = re.compile(r"^\s*[\"\u201c\u2018'][^\"\u201d\u2019]{1,60}[\"\u201d\u2019]\s*$")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_PDF_DATE = re.compile(r"^(?:D:)?((?:19|20)\d\d)")


@dataclass(frozen=True)
class TimeWords:
    """The words of rules/phase_time.csv, by kind."""

    present: tuple[str, ...] = ()
    method_section: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, list[str]]:
        """For the model file's header."""
        return {"present": list(self.present), "method_section": list(self.method_section)}


@dataclass(frozen=True)
class DocTime:
    """What a document says about the time of its passages: when it was published, each passage's section."""

    published: int | None = None
    sections: tuple[str, ...] = field(default_factory=tuple)  # one per passage, or empty


def load_time_words(rules_dir: str | Path | None = None) -> TimeWords:
    """The time words of the shipped phase_time.csv, then the user's rules folder's.

    Raises:
        RuleError: naming the row whose kind is not one of the known ones.
    """
    found: dict[str, list[str]] = {kind: [] for kind in TIME_KINDS}
    for n, row in enumerate(read_csv(TIME_FILE, rules_dir, required=("kind", "text")), 1):
        if row["kind"] not in TIME_KINDS:
            raise RuleError(f"{TIME_FILE} row {n}: kind {row['kind']!r} is not one of {', '.join(TIME_KINDS)}")
        found[row["kind"]].append(row["text"].strip())
    return TimeWords(**{kind: tuple(words) for kind, words in found.items()})


def published_year(doc: Document) -> int | None:
    """The year the document was published: a date line printed on its first pages, else a year in its
    title or subject metadata, else the year of the file's creation date; None when none is found."""
    for p in doc.passages:
        if p.page <= FIRST_PAGES and is_date_line(p.text):
            return int(_YEAR.search(p.text).group(1))
    for key in ("subject", "title"):
        years = _YEAR.findall(doc.metadata.get(key, ""))
        if years:
            return max(int(y) for y in years)
    m = _PDF_DATE.match(doc.metadata.get("creationdate", ""))
    return int(m.group(1)) if m else None


def publication_period(year: int | None) -> str:
    """The period a document published in `year` writes about as its present: the last period when the year is
    unknown or later, the first when it is earlier."""
    if year is None:
        return PERIODS[-1]
    return PERIODS[0] if year < 2006 else year_bucket(min(year, 2030))


def body_passages(doc: Document) -> list:
    """The passages the phase classifier reads: body text, in reading order."""
    return [p for p in doc.passages if p.kind == PassageKind.BODY and p.text.strip()]


def doc_time(doc: Document) -> DocTime:
    """The DocTime of a parsed document's body passages."""
    return DocTime(published_year(doc), tuple(p.section for p in body_passages(doc)))


def _phrase_regex(words: Sequence[str]) -> re.Pattern | None:
    if not words:
        return None
    alternatives = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])", re.I)


class Grounder:
    """Rewrites one document's passage texts as described in the module docstring."""

    def __init__(self, words: TimeWords, matcher: CueMatcher):
        self.matcher = matcher
        self._present = _phrase_regex(words.present)
        self._method = _phrase_regex(words.method_section)

    def ground(self, texts: Sequence[str], time: DocTime = DocTime()) -> list[str]:
        """The texts of one document's passages (in reading order), grounded in `time`."""
        texts = self._damp_topic(list(texts))
        if time.published and self._present is not None:
            year = time.published
            texts = [self._present.sub(lambda m: f"{m.group()} ({year})", t) for t in texts]
        if time.sections and self._method is not None:
            texts = [f"{t} {METHOD_TOKEN}" if inside else t
                     for t, inside in zip(texts, self._in_method_section(time.sections))]
        return texts

    def _in_method_section(self, sections: Sequence[str]) -> list[bool]:
        # A heading with a method word opens a method section; the headings of a list of definitions (a quoted
        # term: “Scaleup”, "Exit") keep it open, or open one; any other heading closes it.
        inside, last, out = False, None, []
        for section in sections:
            section = section or ""
            if section != last:
                inside = bool(self._method.search(section)) or (_DEFINED_TERM.match(section) is not None)
                last = section
            out.append(inside)
        return out

    def _damp_topic(self, texts: list[str]) -> list[str]:
        if len(texts) < TOPIC_MIN_PASSAGES:
            return texts
        hits = [self.matcher.find(t) for t in texts]
        counts = Counter(key for found in hits for key in {h.key for h in found})
        topic = {key for key, n in counts.items() if n >= TOPIC_SHARE * len(texts)}
        if not topic:
            return texts
        out = []
        for text, found in zip(texts, hits):
            for h in sorted(found, key=lambda h: h.start, reverse=True):
                if h.key in topic:
                    text = text[:h.start] + TOPIC_TOKEN + text[h.end:]
            out.append(text)
        return out

