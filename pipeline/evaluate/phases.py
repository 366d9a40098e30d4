"""Phase: the phase of each annotated paragraph against the phase the output gives its passage.

Paragraphs are paired with body passages as for the passages table (by their printed start); a paragraph with
no passage counts as missed. The gold README's measures: accuracy, macro-F1 over the phases, and macro-F1
over the phases with at least five annotated paragraphs.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.evaluate.pairing import Item, match_one_to_one
from pipeline.evaluate.passages import begins, passage_start
from pipeline.evaluate.score import Score
from pipeline.phase.evaluate import scores


@dataclass
class PhaseScore(Score):
    """A Score whose tp are paragraphs given the right phase, fp those given a wrong one, fn the wrong and the
    unmatched; `pairs` holds (gold phase, output phase) of every matched paragraph, for the class measures."""

    pairs: list[tuple[str, str]] = field(default_factory=list)

    def measures(self):
        """Accuracy, macro-F1 and macro-F1 over phases of 5+ paragraphs, over the matched paragraphs."""
        return scores([g for g, _ in self.pairs], [o for _, o in self.pairs])

    def __add__(self, other: Score) -> PhaseScore:
        total = Score.__add__(self, other)
        return PhaseScore(total.tp, total.fp, total.fn, None, total.false_positives, total.false_negatives,
                          self.pairs + getattr(other, "pairs", []))

    __radd__ = __add__

    def to_dict(self, errors: bool = False) -> dict[str, Any]:
        """The Score's fields plus accuracy, macro_f1 and macro_f1_min5 (None when no phase has 5 paragraphs)."""
        m = self.measures()
        return {**super().to_dict(errors), "accuracy": round(m.accuracy, 4), "macro_f1": round(m.macro_f1, 4),
                "macro_f1_min5": None if m.macro_f1_min5 is None else round(m.macro_f1_min5, 4)}

    def line(self, name: str) -> str:
        """`phase  accuracy 0.914  macro-F1 0.833  macro-F1 (5+) 0.825  (58 matched, 5 wrong, 0 unmatched)`."""
        if not self.pairs:
            return f"{name}  no annotated paragraph matched ({self.fn} unmatched)"
        m = self.measures()
        min5 = "-" if m.macro_f1_min5 is None else f"{m.macro_f1_min5:.3f}"
        return (f"{name}  accuracy {m.accuracy:.3f}  macro-F1 {m.macro_f1:.3f}  macro-F1 (5+) {min5}  "
                f"({len(self.pairs)} matched, {self.fp} wrong, {self.fn - self.fp} unmatched)")


def match_phase(gold: Sequence[Item], out: Sequence[Item]) -> PhaseScore:
    """Score the phases of the annotated paragraphs (gold passages with a phase) against the output's passages."""
    starts = [{"key": passage_start(g.get("start")), "shown": str(g.get("start")), "phase": g.get("phase")}
              for g in gold if g.get("phase")]
    body = [{"key": passage_start(o.get("text")), "phase": o.get("phase") or ""}
            for o in out if o.get("kind") == "body"]
    pairs = match_one_to_one(starts, body, [begins], lambda g: g["shown"], lambda o: o["key"][:60])[1]
    wrong = [(g, o) for g, o in pairs if g["phase"] != o["phase"]]
    missed = len(starts) - len(pairs)
    return PhaseScore(tp=len(pairs) - len(wrong), fp=len(wrong), fn=len(wrong) + missed,
                      false_positives=[f"{g['shown']} -> {o['phase'] or 'no phase'}" for g, o in wrong],
                      false_negatives=[f"{g['shown']} ({g['phase']})" for g, o in wrong],
                      pairs=[(g["phase"], o["phase"]) for g, o in pairs])
