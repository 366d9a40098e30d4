"""The Score of one table: counts of found, wrong and missed items, and precision, recall and F1 from them."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Score:
    """Counts for one table: gold items found (tp), output rows matching nothing (fp), gold items missed (fn).

    `hits` is how many output rows were right; it equals tp except where several rows may find one gold item
    (technologies), and it is what precision is computed from.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    hits: int | None = None
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def right(self) -> int:
        return self.tp if self.hits is None else self.hits

    @property
    def precision(self) -> float:
        found = self.right + self.fp
        return self.right / found if found else float(self.fn == 0)

    @property
    def recall(self) -> float:
        wanted = self.tp + self.fn
        return self.tp / wanted if wanted else float(self.fp == 0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        hits = None if self.hits is None and other.hits is None else self.right + other.right
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, hits,
                     self.false_positives + other.false_positives, self.false_negatives + other.false_negatives)

    def to_dict(self, errors: bool = False) -> dict[str, Any]:
        """Precision, recall, F1 (rounded to 4 places) and the counts; with `errors`, the fp and fn lists."""
        out: dict[str, Any] = {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                               "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}
        if errors:
            out["false_positives"], out["false_negatives"] = self.false_positives, self.false_negatives
        return out

    def line(self, name: str) -> str:
        """One line of the report: `money  P 1.000  R 1.000  F1 1.000  (tp 1, fp 0, fn 0)`."""
        return (f"{name}  P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")
