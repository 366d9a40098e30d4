"""The shape of a citation string: brackets, quoted stretches, sentence starts and Chinese script."""
from __future__ import annotations

import re

from pipeline.extractors.citations.rules import CitationRules
from pipeline.text import HAN, OPEN_BRACKETS, bracket_depths

# Quote marks that open a quotation, and what closes it: English “…”, French « … », German „…“.
_PAIRED = {"“": "”", "«": "»", "„": "“”"}
INITIALS = re.compile(r"^(?:(?:[A-Z]\.\s?-?){1,3}|[A-Z]{1,2})$")  # "W.B.", "R.", "M"; not "MOF"




def split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` where it stands outside brackets and quotes."""
    depth = bracket_depths(text)
    inside = _quoted_mask(text)
    parts, last = [], 0
    for i, ch in enumerate(text):
        if ch == sep and depth[i] == 0 and not inside[i]:
            parts.append(text[last:i])
            last = i + 1
    parts.append(text[last:])
    return parts


def _quoted_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for start, end in quote_spans(text):
        for i in range(start, end):
            mask[i] = True
    return mask


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quoted stretch, quote marks included; quotes inside brackets are ignored.

    English curly quotes nest; French « » and German „ “ close at their own closing mark. A straight quote closes only where a title would end: before punctuation, a bracket,
    the end, or a word that is not lower-case ("cut off" gradually ... is a quote inside a title).
    """
    depth = bracket_depths(text)
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        opens = ch in _PAIRED or (ch == '"' and (not i or text[i - 1].isspace() or text[i - 1] in OPEN_BRACKETS + ",:;—–"))
        if depth[i] or not opens:
            i += 1
            continue
        end = _close_quote(text, i, depth)
        if end is None:
            spans.append((i, n))
            break
        spans.append((i, end))
        i = end
    return spans


def _close_quote(text: str, start: int, depth: list[int]) -> int | None:
    level = 1
    for j in range(start + 1, len(text)):
        ch = text[j]
        if depth[j]:
            continue
        if text[start] in "«„":
            if ch in _PAIRED[text[start]]:
                return j + 1
        elif text[start] == "“":
            if ch == "“":
                level += 1
            elif ch == "”":
                level -= 1
                if not level:
                    return j + 1
        elif ch in "\"”":
            after = text[j + 1:j + 3]
            if not after or after[0] in ",.;:)]" or (after[0].isspace() and not after[1:].islower()) \
                    or text[j - 1] in ",.?!":
                return j + 1
    return None


def sentence_starts(text: str, rules: CitationRules) -> list[int]:
    starts = [0]
    for m in re.finditer(rf"[.!?][”\"’]?\s+(?=[A-Z“\"(\[0-9{HAN}])", text):
        word = re.search(r"([\w.]+)[.!?]?[”\"’]?$", text[:m.start() + 1])
        prev = word.group(1).rstrip(".") if word else ""
        last = prev.rsplit(".", 1)[-1]
        if text[m.start()] == "." and (prev in rules.abbrevs or last in rules.abbrevs
                                       or INITIALS.match(prev or "x") and len(prev) <= 3):
            continue
        starts.append(m.end())
    return starts
