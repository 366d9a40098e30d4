"""Passages: each gold paragraph's printed start against the body passages of the output."""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.evaluate.normalise import normalize_text
from pipeline.evaluate.pairing import Item, match_one_to_one
from pipeline.evaluate.score import Score

_GLYPH = re.compile(r"^[\u2022\u2023\u25aa\u25cf\u25e6\u2043\u2219\u25a0\u25a1\u2013\u2014\-*·•▪►✓]\s*")


def passage_start(text: object) -> str:
    """The start as compared: a leading list glyph stripped, then `normalize_text` (quotes, dashes, spaces, case)."""
    return normalize_text(_GLYPH.sub("", str(text or "").lstrip()))


def match_passages(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """A gold passage is found by a `body` passage whose text begins with the gold `start` (gold gives the first
    60 characters as printed, so the row may be longer). A paragraph cut in two leaves its second half an fp.
    """
    body = [row for row in out if row.get("kind") == "body"]
    begins = lambda g, o: bool(passage_start(g.get("start"))) and passage_start(o.get("text")).startswith(  # noqa: E731
        passage_start(g.get("start")))
    return match_one_to_one(gold, body, [begins], lambda g: str(g.get("start")),
                            lambda o: str(o.get("text"))[:60])[0]
