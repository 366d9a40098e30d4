"""Passages: each gold paragraph's printed start against the body passages of the output."""
from __future__ import annotations

import re
from collections.abc import Sequence

from pipeline.evaluate.normalise import normalize_text
from pipeline.evaluate.pairing import Item, match_one_to_one
from pipeline.evaluate.score import Score
from pipeline.text import BULLET_DASHES, BULLET_GLYPHS

_GLYPH = re.compile(f"^[{BULLET_GLYPHS}{BULLET_DASHES}]\\s*")  # a dash counts even with no space after it


def passage_start(text: object) -> str:
    """The start as compared: a leading list glyph stripped, then `normalize_text` (quotes, dashes, spaces, case)."""
    return normalize_text(_GLYPH.sub("", str(text or "").lstrip()))


def match_passages(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """A gold passage is found by a `body` passage whose text begins with the gold `start` (gold gives the first
    60 characters as printed, so the row may be longer). A paragraph cut in two leaves its second half an fp.
    """
    # each start normalised once, with what the fp/fn lists show beside it
    starts = [{"key": passage_start(g.get("start")), "shown": str(g.get("start"))} for g in gold]
    body = [{"key": passage_start(o.get("text")), "shown": str(o.get("text"))[:60]}
            for o in out if o.get("kind") == "body"]
    return match_one_to_one(starts, body, [begins], _shown, _shown)[0]


def begins(gold: Item, row: Item) -> bool:
    """Whether an output row (its normalised `key`) begins with a gold paragraph's normalised start."""
    return bool(gold["key"]) and row["key"].startswith(gold["key"])


def _shown(item: Item) -> str:
    return item["shown"]
