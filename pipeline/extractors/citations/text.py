"""The shape of a citation string: brackets, quoted stretches, sentence starts and Chinese script."""
from __future__ import annotations

import re

from pipeline.extractors.citations.rules import CitationRules

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_OPEN, _CLOSE = "([（【", ")]）】"
_INITIALS = re.compile(r"^(?:(?:[A-Z]\.\s?-?){1,3}|[A-Z]{1,2})$")  # "W.B.", "R.", "M"; not "MOF"


def _depths(text: str) -> list[int]:
    """Bracket depth at each character (the bracket characters themselves count as inside)."""
    out, depth = [], 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
            out.append(depth)
        elif ch in _CLOSE:
            out.append(depth)
            depth = max(0, depth - 1)
        else:
            out.append(depth)
    return out


def split_top(text: str, sep: str) -> list[str]:
    """Split on `sep` where it stands outside brackets and quotes."""
    depth = _depths(text)
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

    Curly quotes nest. A straight quote closes only where a title would end: before punctuation, a bracket,
    the end, or a word that is not lower-case ("cut off" gradually ... is a quote inside a title).
    """
    depth = _depths(text)
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        opens = ch == "“" or (ch == '"' and (not i or text[i - 1].isspace() or text[i - 1] in _OPEN + ",:;—–"))
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
        if text[start] == "“":
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


def _sentence_starts(text: str, rules: CitationRules) -> list[int]:
    starts = [0]
    for m in re.finditer(r"[.!?][”\"’]?\s+(?=[A-Z“\"(\[0-9\u3400-\u9fff])", text):
        word = re.search(r"([\w.]+)[.!?]?[”\"’]?$", text[:m.start() + 1])
        prev = word.group(1).rstrip(".") if word else ""
        last = prev.rsplit(".", 1)[-1]
        if text[m.start()] == "." and (prev in rules.abbrevs or last in rules.abbrevs
                                       or _INITIALS.match(prev or "x") and len(prev) <= 3):
            continue
        starts.append(m.end())
    return starts


def _trailing_bracket(s: str) -> tuple[int, str] | None:
    """(start, content) of the bracket that ends `s`, nested brackets allowed."""
    s = s.rstrip()
    if not s or s[-1] not in _CLOSE:
        return None
    level = 0
    for i in range(len(s) - 1, -1, -1):
        if s[i] in _CLOSE:
            level += 1
        elif s[i] in _OPEN:
            level -= 1
            if not level:
                return i, s[i + 1:-1].strip()
    return None


def _leading_bracket(s: str) -> tuple[int, str] | None:
    """(end, content) of the bracket that opens `s` (after spaces)."""
    lead = len(s) - len(s.lstrip())
    if lead >= len(s) or s[lead] not in _OPEN:
        return None
    level = 0
    for i in range(lead, len(s)):
        if s[i] in _OPEN:
            level += 1
        elif s[i] in _CLOSE:
            level -= 1
            if not level:
                return i + 1, s[lead + 1:i].strip()
    return None


def is_cjk(s: str) -> bool:
    """True when `s` holds more CJK characters than Latin letters."""
    cjk = len(_CJK.findall(s))
    return cjk > 0 and cjk >= sum(c.isascii() and c.isalpha() for c in s)
