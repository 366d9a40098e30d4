"""Titles: which quoted stretch is a source's title, its original-language form, headline case."""
from __future__ import annotations

import re

from pipeline.extractors.citations.names import namelike
from pipeline.extractors.citations.rules import CitationRules
from pipeline.extractors.citations.text import quote_spans
from pipeline.text import HAN_RE, OPEN_BRACKETS, leading_bracket, mostly_han, trailing_bracket
from pipeline.extractors.citations.urls import URL_MARK

STOP = {"the", "a", "an", "of", "on", "in", "and", "for", "to", "at", "by", "with", "from", "is", "was", "its",
         "as", "into", "up", "over", "under", "about", "between", "after", "before", "not", "but", "or", "vs"}


def clean_title(s: str) -> str:
    s = s.strip().strip(",;:").strip()
    if s.endswith(".") and not s.endswith(".."):
        s = s[:-1]
    return s.strip()


def split_original(s: str) -> tuple[str, str]:
    """(title, title_original) of a printed title: "Title [中文]" / "Title (中文)" / "中文" alone."""
    s = clean_title(s)
    br = trailing_bracket(s)
    if br and HAN_RE.search(br[1]):
        return clean_title(s[:br[0]]), br[1]
    if br and mostly_han(s[:br[0]]):
        return clean_title(br[1]), s[:br[0]].strip()  # "中文标题 [English Title]"
    if mostly_han(s):
        return "", s
    return s, ""


def is_headline(s: str) -> bool:
    """True for a title in headline case (most words capitalised) or in Chinese."""
    if HAN_RE.search(s):
        return True
    words = [w for w in re.findall(r"[A-Za-z][\w’'-]*", s) if w.lower() not in STOP]
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def title_quote(part: str, rules: CitationRules) -> tuple[int, int] | None:
    """The quoted stretch that is a source's title, not a quotation.

    After its authors ("Jude Blanchette and Andrew Polk, “...”") or after "in", a capitalised quote is a
    title. At the start of the citation or after a colon it is one only when it ends like a title (“...,”)
    or is followed by what follows titles: an outlet, a date, a URL, a bracket, the end.
    """
    for start, end in quote_spans(part):
        inner = part[start + 1:end - 1].lstrip("“\"‘«„ ")
        if not inner or not (inner[0].isupper() or inner[0].isdigit() or HAN_RE.match(inner[0]) or inner[0] in OPEN_BRACKETS):
            continue
        before = part[:start].strip()
        strong = bool(before) and (before.endswith(" in") or namelike(before))
        if not strong and before and before[-1] not in ",:":
            continue
        if strong or part[start + 1:end - 1].rstrip().endswith(","):
            return start, end
        after = part[end:]
        br = leading_bracket(after)
        if br:
            after = after[br[0]:]
        after = after.lstrip()
        if after and after[0] in ",.;":
            after = after[1:].lstrip()
        if not after or after[0] in URL_MARK + "([" or after[0].isupper() or after[0].isdigit() \
                or re.match(rf"in\s+[A-Z{URL_MARK}]", after) or HAN_RE.match(after[0]):
            return start, end
    return None
