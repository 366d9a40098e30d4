"""Measure the phase model and the two baselines (year-only, rules-only) on held-out passages.

Two kinds of held-out set: the `test` split of the training data file, and a gold annotation (the format of
../shared/gold/README.md), whose "passages" are matched to a parsed document's body passages by the first
characters of their text after whitespace and punctuation normalisation.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sklearn.metrics import accuracy_score, f1_score

from pipeline.phase.cues import CueMatcher, analyse
from pipeline.phase.data import Example, by_doc
from pipeline.phase.model import PhaseModel
from pipeline.phase.rules import rules_baseline, year_baseline
from pipeline.text import plain

METHODS = ("year-only", "rules-only", "model")


@dataclass(frozen=True)
class Scores:
    n: int
    accuracy: float
    macro_f1: float


def scores(y_true: Sequence[str], y_pred: Sequence[str]) -> Scores:
    """Accuracy and macro-F1 (over every label that is true or predicted) of one set of predictions."""
    return Scores(len(y_true), float(accuracy_score(y_true, y_pred)),
                  float(f1_score(y_true, y_pred, average="macro", zero_division=0)))




def match_gold(gold_passages: list[dict], texts: Sequence[str]) -> list[tuple[int, str]]:
    """(index into `texts`, gold phase) for each gold passage found, matching in reading order.

    A passage matches when its text starts with the gold `start` (or, for a passage shorter than that, the
    start begins with the whole passage). Gold passages that match nothing are left out.
    """
    norm = [plain(t) for t in texts]
    found, pos = [], 0
    for g in gold_passages:
        start = plain(g["start"])
        for i in range(pos, len(norm)):
            if norm[i] and (norm[i].startswith(start) or start.startswith(norm[i])):
                found.append((i, g["phase"]))
                pos = i + 1
                break
    return found


def predictions(model: PhaseModel, matcher: CueMatcher, docs: Sequence[Sequence[str]]) -> dict[str, list[str]]:
    """Each method's phase for every passage of `docs` (each a document's passages in reading order)."""
    baselines: dict[str, Callable] = {"year-only": year_baseline, "rules-only": rules_baseline}
    out: dict[str, list[str]] = {m: [] for m in METHODS}
    for texts in docs:
        evidence = [analyse(t, matcher) for t in texts]
        for name, rule in baselines.items():
            out[name].extend(rule(ev) for ev in evidence)
        out["model"].extend(model.predict(list(texts))[0])
    return out


def evaluate_examples(model: PhaseModel, matcher: CueMatcher, examples: list[Example],
                      split: str = "test") -> dict[str, Scores]:
    """Scores of each method on one split of the training data, documents predicted whole."""
    docs = by_doc([ex for ex in examples if ex.split == split])
    truth = [ex.label for doc in docs for ex in doc]
    preds = predictions(model, matcher, [[ex.text for ex in doc] for doc in docs])
    return {m: scores(truth, preds[m]) for m in METHODS}


def evaluate_gold(model: PhaseModel, matcher: CueMatcher, gold: dict, texts: Sequence[str]) -> dict[str, Scores]:
    """Scores of each method on a gold annotation's passages, given the document's body passages in order.

    Raises:
        ValueError: when no gold passage matches any of `texts`.
    """
    matched = match_gold(gold.get("passages", []), texts)
    if not matched:
        raise ValueError(f"none of the gold passages of {gold.get('doc_id', '?')} matched the document's text")
    preds = predictions(model, matcher, [list(texts)])
    truth = [label for _, label in matched]
    return {m: scores(truth, [preds[m][i] for i, _ in matched]) for m in METHODS}


def report(results: dict[str, dict[str, Scores]]) -> str:
    """A Markdown table: one row per held-out set and method."""
    lines = ["| held-out set | n | method | accuracy | macro-F1 |", "| --- | ---: | --- | ---: | ---: |"]
    for name, by_method in results.items():
        for method, s in by_method.items():
            lines.append(f"| {name} | {s.n} | {method} | {s.accuracy:.3f} | {s.macro_f1:.3f} |")
    return "\n".join(lines)
