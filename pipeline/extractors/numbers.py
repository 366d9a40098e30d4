"""Figures in text, shared by the money and percentages extractors: read a printed number, join two figures
into a range, and find the year and the subject a figure belongs to.

The words looked for around a figure (qualifiers such as "more than", cues before a year, percent units) are
data: pipeline/rules/money_words.csv, one phrase and its role per line.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from spacy.tokens import Span, Token

from pipeline.errors import RuleError
from pipeline import rulefiles
from pipeline.rulefiles import rule_cache
from pipeline.extractors import base

WORDS_FILE = "money_words.csv"
ROLES = ("qualifier", "year_cue", "base_year", "id_after", "generic", "percent")

# A printed number. Thousands are grouped by commas, or by spaces (PDF thin spaces reach us as spaces); a
# comma is never a decimal mark, so "1,500" is fifteen hundred. No letter, digit or dot may come right
# before it (that would be inside a word, a number or a URL); callers put that guard at the start of a match.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:[ ]\d{3})+(?![\d.,])|\d+(?:\.\d+)?)"
NOT_AFTER = r"(?<![A-Za-z0-9.])"
DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
# What joins the two ends of a range: a dash, or to / or / and (and only after "between").
CONNECTOR = rf"(?:[{DASHES}]|to|or|and)"

# Dependency labels of the words kept in front of a subject noun: "China's R&D investment".
_MODIFIERS = {"compound", "amod", "poss", "case", "nmod", "npadvmod"}
_MAX_SUBJECT_TOKENS = 6
_MAX_LABEL_WORDS = 8
_VERBS = ("VERB", "AUX")


def parse_number(text: str) -> Decimal:
    """The value of a printed number: "1,500.5" -> 1500.5, "100 000" -> 100000.

    Raises:
        decimal.InvalidOperation: when `text` is not a number.
    """
    return Decimal(text.replace(",", "").replace(" ", ""))


def alternation(phrases) -> str:
    """A regex alternation of literal phrases, longest first so "US$" wins over "$"; a space matches any spacing."""
    ordered = sorted({p for p in phrases if p}, key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


@dataclass(frozen=True)
class Words:
    """The phrases of money_words.csv by role, with the regexes built from them."""

    qualifier: str  # regex alternation
    percent: str  # regex alternation
    id_after: str  # regex alternation
    base_year: frozenset[str]
    generic: frozenset[str]
    year: re.Pattern  # group 1 is the year


@rule_cache
def load_words(rules_dir: str | None = None) -> Words:
    """The words in force for a rules folder (None: shipped only), read once.

    Raises:
        RuleError: when a line names a role that does not exist.
    """
    by_role: dict[str, set[str]] = {role: set() for role in ROLES}
    for row in rulefiles.read_csv(WORDS_FILE, rules_dir, required=("phrase", "role")):
        if row["role"] not in by_role:
            raise RuleError(f"{WORDS_FILE}: phrase {row['phrase']!r} has role {row['role']!r}; "
                            f"use one of {', '.join(ROLES)}")
        by_role[row["role"]].add(row["phrase"])
    cues = alternation(by_role["year_cue"])
    # A year right after a cue, and not the start of a span of years ("during 2014 to 2018" names no one year).
    year = re.compile(rf"(?i)(?<![A-Za-z])(?:{cues})\s*((?:19|20)\d\d)(?!\d)(?!\s*{CONNECTOR}\s*\d)")
    return Words(
        qualifier=alternation(by_role["qualifier"]),
        percent=alternation(by_role["percent"]),
        id_after=alternation(by_role["id_after"]),
        base_year=frozenset(p.lower() for p in by_role["base_year"]),
        generic=frozenset(p.lower() for p in by_role["generic"]),
        year=year,
    )


def is_range(connector: str, low: Decimal, high: Decimal, *, first_has_unit: bool, between: bool) -> bool:
    """Whether "low <connector> high" is one range rather than two figures.

    A dash always joins ("20–30 percent", "$50 million-$100 million"); "to" and "or" join only when the first
    figure has no unit of its own ("20 to 30 percent", but "40% to 50%" is two); "and" only after "between".
    The ends must rise, so "in 2015 to 9 percent" is not a range.
    """
    word = connector.lower()
    if word == "and":
        joined = between
    elif word in ("to", "or"):
        joined = not first_has_unit
    else:
        joined = True
    return joined and low <= high


def year_of(span: Span, words: Words, figures: tuple[tuple[int, int], ...] = ()) -> int | None:
    """The year the figure in `span` refers to: the nearest year after a cue ("in 2021") in its sentence.

    Args:
        span: the figure.
        words: from `load_words`.
        figures: character ranges of every figure in the doc, whose numbers are not years ("of 2000 yuan").
    """
    doc = span.doc
    sent = span.sent if doc.has_annotation("SENT_START") else doc[:]
    best: tuple[tuple[int, int], int] | None = None
    for m in words.year.finditer(sent.text):
        start, end = sent.start_char + m.start(1), sent.start_char + m.end(1)
        if span.start_char <= start < span.end_char or any(a <= start < b for a, b in figures):
            continue
        # Nearest first; at equal distance the year after the figure ("... to $2 billion in 2021").
        rank = (start - span.end_char, 0) if start >= span.end_char else (span.start_char - end, 1)
        if best is None or rank < best[0]:
            best = (rank, int(m.group(1)))
    return best[1] if best else None


def subject_of(span: Span, words: Words) -> str | None:
    """What the figure in `span` is about: a short noun phrase from the dependency parse, or None.

    In order: the noun after "in"/"for"/"on"/"of" ("$41 billion in subsidies"); the noun the figure modifies
    ("RMB 10 trillion ... funds"); the noun a figure is "of" ("market capitalization of $12 trillion", looking
    past generic nouns like "total"); the subject of the verb the figure is the object of ("R&D investment
    reached $392 billion"). In a table row, the row's first cell.
    """
    doc = span.doc
    if base.passage_kind(doc) == "table":
        return _row_label(span)
    if not doc.has_annotation("DEP"):
        return None
    token = span.root
    for _ in range(4):
        noun = _prep_object(token, span, words)
        if noun is not None:
            return _phrase(noun, span, words)
        head = token.head
        if token.dep_ == "conj" and head.pos_ not in _VERBS:
            token = head  # "12.7% and 14.2% of ...": the second figure plays the first one's part
            continue
        if token.dep_ in ("nummod", "compound", "nmod", "amod", "quantmod") and _is_noun(head) and head not in span:
            return _phrase(head, span, words)
        if token.dep_ == "pobj" and head.lower_ == "of" and _is_noun(head.head):
            if head.head.lower_ not in words.generic:
                return _phrase(head.head, span, words)
            token = head.head  # "a total of $925 million": look past "total"
            continue
        break
    return _verb_subject(token, span, words)


def _verb_subject(token: Token, span: Span, words: Words) -> str | None:
    """The subject of the verb a figure completes: "R&D investment reached $392 billion", "growth hit 12.7%"."""
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep":
        verb = head.head  # "nudged above 10%"
    elif token.dep_ == "prep":
        verb = head  # the span starts with its qualifier: "[above 10%]"
    elif token.dep_ in ("dobj", "attr", "oprd", "npadvmod", "appos", "conj"):
        verb = head
    else:
        return None
    for _ in range(3):
        if verb.pos_ not in _VERBS:
            return None
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None:
            return _phrase(subj, span, words)
        if verb.dep_ in ("acl", "relcl") and _is_noun(verb.head):
            return _phrase(verb.head, span, words)  # "growth nudged above 10%"
        if verb.dep_ not in ("conj", "dep"):
            return None
        verb = verb.head  # "... then hit 12.7%": a conjoined verb shares the first one's subject
    return None


def _is_noun(token: Token) -> bool:
    return token.pos_ in ("NOUN", "PROPN")


def _prep_object(token: Token, span: Span, words: Words) -> Token | None:
    """The noun after "in"/"for"/"on"/"of" hanging from `token` or printed right after the span; not a generic one."""
    after = span.doc[span.end] if span.end < len(span.doc) else None
    preps = [c for c in token.children if c.dep_ == "prep" and c not in span]
    if after is not None and after.dep_ == "prep" and after not in preps:
        preps.append(after)  # "$1.4 billion (...) in grants", the prep hung on the verb
    for prep in preps:
        if prep.lower_ in ("in", "for", "on", "of"):
            noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if (noun is not None and _is_noun(noun) and noun not in span and noun.lower_ not in words.generic
                    and noun.ent_type_ != "DATE" and not any(ch.isdigit() for ch in noun.text)):
                return noun  # not "in 2021", "in FY2025", "in March"
    return None


def _phrase(noun: Token, span: Span, words: Words) -> str | None:
    """The noun with the modifiers right before it, no determiner, at most a few words.

    None for a pronoun, a word of the figure itself, or another figure's percent unit.
    """
    if noun.pos_ == "PRON" or noun in span or re.fullmatch(words.percent, noun.text, re.IGNORECASE):
        return None
    doc = noun.doc
    start = noun.i
    for left in reversed(list(noun.lefts)):
        kept = left.dep_ in _MODIFIERS or (left.dep_ == "punct" and left.text == "-")  # "start-ups"
        touches = left.right_edge.i == start - 1
        reaches_figure = left.left_edge.i < span.end <= noun.i
        if not kept or not touches or reaches_figure:
            break
        start = left.left_edge.i
    end = noun.i + 1
    conj = next((c for c in noun.rights if c.dep_ == "conj" and _is_noun(c)), None)
    if conj is not None and conj.i == noun.i + 2 and doc[noun.i + 1].dep_ == "cc":
        end = conj.i + 1  # "grants and subsidies"
    start = max(start, end - _MAX_SUBJECT_TOKENS)
    while start < noun.i and (doc[start].dep_ in ("det", "punct", "case", "cc") or doc[start].pos_ == "PRON"):
        start += 1
    return doc[start:end].text or None


def _row_label(span: Span) -> str | None:
    """The first cell of a table row ("cell | cell"), unless the figure is in it or the cell is long."""
    text = span.doc.text
    cut = text.find(" | ")
    if cut <= 0 or span.start_char < cut:
        return None
    label = text[:cut].strip()
    return label if 0 < len(label.split()) <= _MAX_LABEL_WORDS else None
