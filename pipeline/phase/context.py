"""Reading-order context: a passage's phase probabilities mixed with its neighbours'.

A paragraph rarely changes period on its own. A list item ("(c) Universities.", "Second, ...") continues the
passage that introduced the list, and a passage that names no period (no cue, no year) has little evidence of
its own. So each passage borrows from the passages before and after it: a share of its probabilities is
replaced by its neighbours' mean, `weight` for every passage and more (`list_weight`, `bare_weight`) for list
items and for passages without evidence. The shares are chosen in training, on out-of-fold predictions of the
training documents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from pipeline.phase import PERIODS
from pipeline.phase.cues import CueMatcher, analyse

_LIST_ITEM = re.compile(
    r"^\s*(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,2})\)|(?:[a-z]|\d{1,2})\.|[\u2022\u25aa\u25e6\u00b7*\u2013\u2014-])\s"
    r"|^\s*(?:First|Second|Third|Fourth|Fifth|Sixth|Finally|Lastly)\b,",
)


@dataclass(frozen=True)
class Shares:
    """The neighbours' share of a passage's probabilities, 0 to 1, by kind of passage."""

    weight: float = 0.0
    list_weight: float = 0.0
    bare_weight: float = 0.0


def is_list_item(text: str) -> bool:
    """True for a passage that opens with a list marker ((a), 1., a bullet) or an ordinal (Second, ...)."""
    return bool(_LIST_ITEM.match(text))


def passage_flags(texts: list[str], matcher: CueMatcher) -> tuple[np.ndarray, np.ndarray]:
    """(list items, bare passages) as boolean arrays; bare: no period cue and no year."""
    items = np.array([is_list_item(t) for t in texts], dtype=bool)
    bare = np.array([not ev.years and not any(h.phase in PERIODS for h in ev.hits)
                     for ev in (analyse(t, matcher) for t in texts)], dtype=bool)
    return items, bare


def passage_shares(flags: tuple[np.ndarray, np.ndarray], shares: Shares) -> np.ndarray:
    """The neighbours' share for each passage: the largest that applies to it."""
    items, bare = flags
    return np.maximum.reduce([np.full(len(items), shares.weight), np.where(items, shares.list_weight, 0.0),
                              np.where(bare, shares.bare_weight, 0.0)])


def smooth(proba: np.ndarray, share: np.ndarray) -> np.ndarray:
    """Probabilities of one document's passages (rows, in reading order) mixed with their neighbours'.

    Args:
        proba: (n_passages, n_classes) probabilities.
        share: (n_passages,) the neighbours' share for each passage, from `passage_shares`.
    Returns:
        A new array of the same shape whose rows still sum to 1.
    """
    n = len(proba)
    if n < 2:
        return proba.copy()
    total = np.zeros_like(proba)
    count = np.zeros((n, 1))
    total[1:] += proba[:-1]
    total[:-1] += proba[1:]
    count[1:] += 1
    count[:-1] += 1
    return (1 - share[:, None]) * proba + share[:, None] * total / count
