"""Pairing gold items with output rows one to one (`match_one_to_one`), after dropping repeats (`distinct`)."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from pipeline.evaluate.score import Score

Item = dict[str, Any]  # one gold item (a JSON object) or one output row (a CSV row by column)


def match_one_to_one(gold: Sequence[Item], out: Sequence[Item], tests: Sequence[Callable[[Item, Item], bool]],
                     show_gold: Callable[[Item], str], show_out: Callable[[Item], str]) -> tuple[Score, list]:
    """Pair gold items with output rows, each used once: every gold item takes the first free row that passes
    `tests[0]`, then the still unpaired ones try `tests[1]`, and so on (exact matches before fuzzy ones).

    Returns:
        The Score (fp and fn listed by `show_out`/`show_gold`) and the (gold, row) pairs made.
    """
    free = list(range(len(out)))
    pairs: dict[int, int] = {}
    for test in tests:
        for gi, g in enumerate(gold):
            if gi in pairs:
                continue
            for k, oi in enumerate(free):
                if test(g, out[oi]):
                    pairs[gi] = oi
                    del free[k]
                    break
    score = Score(tp=len(pairs), fp=len(free), fn=len(gold) - len(pairs),
                  false_positives=[show_out(out[i]) for i in free],
                  false_negatives=[show_gold(g) for i, g in enumerate(gold) if i not in pairs])
    return score, [(gold[g], out[o]) for g, o in sorted(pairs.items())]


def distinct(items: Iterable[Item], key: Callable[[Item], tuple]) -> list[Item]:
    """The first item of each `key`, in order (for tables scored as distinct pairs)."""
    seen, kept = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept
