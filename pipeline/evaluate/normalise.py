"""Values as the matchers compare them: text normalised, word overlap, titles, and empty cells read as missing."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

import pandas as pd

from pipeline.text import plain

TITLE_OVERLAP = 0.8  # token overlap at which two titles (or two English glossary terms) count as the same
_QUOTES = re.compile(r"[\"'`“”‘’«»「」『』]")
_WORD = re.compile(r"\w+(?:[&'.\-]\w+)*")


def normalize_text(text: Any) -> str:
    """Text for comparison: Unicode-compatible forms, case folded, quotes dropped, dashes as '-', spaces collapsed."""
    if is_missing(text):
        return ""
    return " ".join(_QUOTES.sub("", plain(str(text))).casefold().split()).strip(" .,;:")


def normalize_chinese(text: Any) -> str:
    """Chinese text for comparison: Unicode-compatible forms (（ -> (), every space removed."""
    return "" if is_missing(text) else "".join(unicodedata.normalize("NFKC", str(text)).split())


def words(text: Any) -> list[str]:
    """The words of `text` after `normalize_text`."""
    return _WORD.findall(normalize_text(text))


def token_overlap(a: Any, b: Any) -> float:
    """Shared distinct words over the distinct words of the longer text, 0 to 1 (1: the same words)."""
    wa, wb = set(words(a)), set(words(b))
    return len(wa & wb) / max(len(wa), len(wb)) if wa and wb else 0.0


def same_title(gold: Any, out: Any) -> bool:
    """Titles match when equal after `normalize_text` or when their token overlap is at least 0.8."""
    g, o = normalize_text(gold), normalize_text(out)
    return bool(g) and (g == o or token_overlap(g, o) >= TITLE_OVERLAP)


def is_missing(value: Any) -> bool:
    """None, or a NaN-like scalar (an empty CSV cell); lists, dicts and strings are never missing."""
    return value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value))


def as_float(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def as_int(value: Any) -> int | None:
    return None if is_missing(value) else int(value)
