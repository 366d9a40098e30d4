"""What kind of name each glossary pair is: term, title, person, org or place.

A person is a Chinese name in pinyin (glossary_surnames.csv). A title is a pair set in 《》, or quoted in a
note or reference (a quoted English rendering in the body text is the author's term). An organisation or a
place is told by a word of its English side or the end of its Chinese side (rules/glossary_types.csv:
"Ministry", 委员会, "Province", 省), and a news outlet or periodical by the outlets of citation_words.csv.
Every other pair is a term.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline import rulefiles
from pipeline.errors import RuleError

TYPES = ("term", "title", "person", "org", "place")
SIDES = ("english_word", "chinese_end")
CITATION_KINDS = frozenset({"footnote", "endnote", "bibliography", "source_note"})
_QUOTES = "“\"‘«「『"


@dataclass(frozen=True)
class TypeRules:
    english_words: dict[str, str]  # lower-cased word -> org | place
    outlets: frozenset[str]  # lower-cased names of news outlets and periodicals (citation_words.csv, outlet)
    chinese_ends: tuple[tuple[str, str], ...]  # (ending, type), longest ending first


def load_type_rules(rules_dir: str | None = None) -> TypeRules:
    """rules/glossary_types.csv, shipped then the user's; a later row for the same cue wins."""
    words: dict[str, str] = {}
    ends: dict[str, str] = {}
    for row in rulefiles.read_csv("glossary_types.csv", rules_dir, ("type", "side", "cue")):
        kind, side, cue = row["type"], row["side"], row["cue"]
        if kind not in ("org", "place") or side not in SIDES:
            raise RuleError(f"glossary_types.csv: {kind},{side},{cue}: type must be org or place and side one of "
                            f"{', '.join(SIDES)}")
        if side == "english_word":
            words[cue.lower()] = kind
        else:
            ends[cue] = kind
    outlets = frozenset(r["word"].lower() for r in rulefiles.read_csv("citation_words.csv", rules_dir, ("word", "role"))
                        if r["role"] == "outlet")
    return TypeRules(words, outlets, tuple(sorted(ends.items(), key=lambda e: len(e[0]), reverse=True)))


def name_type(english: str, chinese: str, rules: TypeRules) -> str:
    """org or place when a cue of `rules` says so (or the English is a known outlet: Qiushi), else ""."""
    if english.lower() in rules.outlets:
        return "org"
    for word in re.findall(r"[\w.'’-]+", english.lower()):
        if word in rules.english_words:
            return rules.english_words[word]
    end = chinese.rstrip("》」』”)）] ")
    return next((kind for ending, kind in rules.chinese_ends if end.endswith(ending)), "")


def pair_type(text: str, start: int, end: int, english: str, chinese: str, passage_kind: str, person: bool,
              rules: TypeRules) -> str:
    """The type of the pair printed at text[start:end] in a passage of `passage_kind`."""
    if person:
        return "person"
    quoted = start > 0 and text[start - 1] in _QUOTES
    if "《" in text[max(0, start - 1):end] or (quoted and passage_kind in CITATION_KINDS):
        return "title"
    return name_type(english, chinese, rules) or "term"
