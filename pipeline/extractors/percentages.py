"""The percentages extractor: "2.5 percent", "14-percent increase", "12.7%", "20–30 percent", "above 10%".

A figure is a percentage only with a percent unit after it (%, percent, per cent, pct, percentage points:
role `percent` in pipeline/rules/money_words.csv). Percentage points are kept as percentages; the text column
says which unit was printed. A range ("20–30 percent", "20 to 30 percent", "between 20 and 30 percent",
"20 or 30 percent") is one record with value and value_high; "40 percent to 50 percent" is two. A qualifier
before the figure ("above", "more than") is kept in the text, and the value is the number printed: "more than
80%" -> 80. A minus sign is kept ("−3.2%"). Percent signs inside URLs ("%E5") are not percentages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extractors import base
from pipeline.rulefiles import rule_cache
from pipeline.extractors.numbers import (
    CONNECTOR, DASHES, NUMBER, Words, is_range, load_words, parse_number, subject_of,
)

NAME = "percentages"
base.register(NAME)

# A minus sign counts only right before the digits.
_SIGNED = rf"(?:[\u2212-](?=\d))?{NUMBER}"


@dataclass(frozen=True)
class Percentage:
    """One percentage found in a text, with character offsets into it."""

    start: int
    end: int
    value: Decimal
    value_high: Decimal | None = None


@dataclass(frozen=True)
class PercentRules:
    """The words around percentages and the regex built from them."""

    words: Words
    pattern: re.Pattern


@rule_cache
def load_rules(rules_dir: str | None = None) -> PercentRules:
    """The percentage rules in force for a rules folder (None: shipped only), compiled once."""
    words = load_words(rules_dir)
    unit = rf"(?:{words.percent})(?![A-Za-z0-9%])"
    # Nothing that would put the number inside a word, a hyphenated name or a URL ("/2021%E5") may come before it.
    pattern = re.compile(rf"""(?ix)
        (?<![A-Za-z0-9.%/=&?\#_{DASHES}\u2212])
        (?:(?P<q>{words.qualifier})\s+)?
        (?:(?P<between>between)\s+)?
        (?P<n1>{_SIGNED})
        (?:\s?(?P<u1>{unit}))?
        (?:\s?(?P<conn>{CONNECTOR})\s?(?P<n2>{_SIGNED}))?
        \s?-?(?P<u2>{unit})
    """)
    return PercentRules(words=words, pattern=pattern)


def find_percentages(text: str, rules: PercentRules) -> list[Percentage]:
    """Every percentage in `text`, in order, ranges as one record.

    Args:
        text: a passage, a note or a table row.
        rules: from `load_rules`.
    """
    found: list[Percentage] = []
    pos = 0
    while m := rules.pattern.search(text, pos):
        pos = m.end()
        n1 = parse_number(_minus(m.group("n1")))
        if m.group("n2") is None:
            found.append(Percentage(m.start(), m.end(), n1))
            continue
        n2 = parse_number(_minus(m.group("n2")))
        if is_range(m.group("conn"), n1, n2, first_has_unit=bool(m.group("u1")), between=bool(m.group("between"))):
            found.append(Percentage(m.start(), m.end(), n1, n2))
            continue
        # Not a range: keep the first figure when it has its own unit, and search again right after it.
        pos = m.end("u1") if m.group("u1") else m.end("n1")
        if m.group("u1"):
            found.append(Percentage(m.start(), pos, n1))
    return found


def _minus(number: str) -> str:
    return number.replace("\u2212", "-")


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@Language.factory(NAME, default_config={"rules_dir": None})
def make_percentages(nlp: Language, name: str, rules_dir: str | None):
    """The percentages component: every percentage in a passage as a span in doc.spans["percentages"]."""
    rules = load_rules(rules_dir)

    def component(doc: Doc) -> Doc:
        for p in find_percentages(doc.text, rules):
            span = doc.char_span(p.start, p.end, alignment_mode="expand")
            if span is None:
                continue
            base.add_span(doc, NAME, span, {
                "value": _number(p.value),
                "value_high": _number(p.value_high),
                "subject": subject_of(span, rules.words),
            })
        return doc
    return component
