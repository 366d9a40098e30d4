"""A source described in a sentence rather than cited in a style: "See the speech by Janet Yellen, URL",
"Xi Jinping’s statement with ...", "an article in the 20th issue of Qiushi magazine", "ASPI publishes its
technology track record, which shows ...".

The nouns that name a kind of work (speech, article, interview, ...) and the titles that precede a name
(President, Minister, ...) are data: roles `work_noun` and `honorific` in rules/citation_words.csv.
"""
from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extractors.citations.containers import is_orgish
from pipeline.extractors.citations.rules import CitationRules

_NAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){1,2}"  # two or three capitalised words: "Janet Yellen"
_OUTLET = r"[A-Z][\w’'&-]*(?:\s+(?:of\s+)?[A-Z][\w’'&-]*){0,4}"
_MEDIUM = r"(?:magazine|newspaper|journal|daily|weekly|website)"


@lru_cache(maxsize=8)
def _patterns(nouns: frozenset[str], honorifics: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    noun = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True)) or r"(?!x)x"
    title = "|".join(re.escape(h) for h in sorted(honorifics, key=len, reverse=True)) or r"(?!x)x"
    by = re.compile(rf"\b(?:{noun})\s+by\s+(?:(?:{title})\.?\s+)*(?P<name>{_NAME})(?![\w’'-])")
    own = re.compile(rf"(?<![\w’'-])(?P<name>{_NAME})[’']s\s+(?:\w+\s+)?(?:{noun})\b")
    return by, own


# "ASPI publishes its technology track record, which ...": what an organisation put out, named in passing.
_ENDS_TITLE = r"(?:in|on|at|for|with|which|that|and|to|of|by)\b"  # a word after which no title goes on
_PUBLISHED = re.compile(r"\b(?:publishes|published|releases|released|issues|issued)\s+(?:its|their|an?|the)\s+"
                        r"(?:annual\s+|latest\s+|new\s+|first\s+)?"
                        rf"(?P<title>[A-Za-z][\w’'-]*(?:\s+(?!{_ENDS_TITLE})[A-Za-z][\w’'-]*){{0,5}})"
                        r"(?=\s*(?:[,;.]|\s+(?:which|that)\b))")
_IN_OUTLET = re.compile(rf"\bin\s+(?:the\s+)?(?:\w+\s+issue\s+of\s+)?(?P<outlet>{_OUTLET})(?P<medium>\s+{_MEDIUM})?\b")


_LEADING = {"see", "the", "a", "an", "in", "on", "for", "also", "cf", "and", "but"}


def described_author(text: str, rules: CitationRules) -> str:
    """The person a sentence names as the source's author ("the speech by Janet Yellen"), or ""."""
    for pattern in _patterns(rules.work_nouns, rules.honorifics):
        for m in pattern.finditer(text):
            words = m.group("name").split()
            while words and words[0].lower().strip(".") in _LEADING | {h.lower() for h in rules.honorifics}:
                words.pop(0)  # "See Xi Jinping’s statement": the signal is no part of the name
            name = " ".join(words)
            if len(words) >= 2 and not is_orgish(name, rules):
                return name
    return ""


def described_outlet(text: str, rules: CitationRules) -> str:
    """The outlet a sentence names ("in the Financial Times", "in the 20th issue of Qiushi magazine"), or ""."""
    for m in _IN_OUTLET.finditer(text):
        outlet = m.group("outlet")
        if m.group("medium") or outlet.lower() in rules.outlets:
            return outlet
    return ""


def described_title(text: str) -> str:
    """The work a sentence says an organisation published ("ASPI publishes its technology track record,"), or ""."""
    m = _PUBLISHED.search(text)
    return m.group("title") if m else ""
