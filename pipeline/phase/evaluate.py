"""Measure the phase model and the two baselines (year-only, rules-only) on held-out passages.

Two kinds of held-out set: the `test` split of the training data file, and a gold annotation (the format of
../shared/gold/README.md), whose "passages" are matched to a parsed document's body passages by the first
characters of their text after whitespace and punctuation normalisation.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass


from pipeline.phase.cues import PRESENT, CueMatcher, analyse
from pipeline.phase.data import Example, by_doc
from pipeline.phase.grounding import DocTime
from pipeline.phase.model import PhaseModel
from pipeline.phase.rules import rules_baseline, year_baseline
from pipeline.text import plain

METHODS = ("year-only", "rules-only", "model")


MIN_SUPPORT = 5  # macro_f1_min5: the classes with at least this many true passages


@dataclass(frozen=True)
class Scores:
    n: int
    accuracy: float
    macro_f1: float
    macro_f1_min5: float | None = None  # None when no class has MIN_SUPPORT passages


def scores(y_true: Sequence[str], y_pred: Sequence[str]) -> Scores:
    """Accuracy, macro-F1 over every label that is true or predicted, and macro-F1 over the labels with at least
    MIN_SUPPORT true passages (a class of two passages moves plain macro-F1 by a quarter with one error)."""
    from sklearn.metrics import accuracy_score, f1_score  # here: scikit-learn takes a second to import

    big = sorted(label for label, n in Counter(y_true).items() if n >= MIN_SUPPORT)
    min5 = float(f1_score(y_true, y_pred, labels=big, average="macro", zero_division=0)) if big else None
    return Scores(len(y_true), float(accuracy_score(y_true, y_pred)),
                  float(f1_score(y_true, y_pred, average="macro", zero_division=0)), min5)


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


def predictions(model: PhaseModel, matcher: CueMatcher,
                docs: Sequence[tuple[Sequence[str], DocTime]]) -> dict[str, list[str]]:
    """Each method's phase for every passage of `docs`: each a document's passages in reading order and its time.

    The baselines read the passages as printed; the model grounds them in the document's time first.
    """
    baselines: dict[str, Callable] = {"year-only": year_baseline, "rules-only": rules_baseline}
    out: dict[str, list[str]] = {m: [] for m in METHODS}
    for texts, time in docs:
        evidence = [analyse(t, matcher) for t in texts]
        for name, rule in baselines.items():
            out[name].extend(rule(ev) for ev in evidence)
        out["model"].extend(model.predict(list(texts), time)[0])
    return out


def evaluate_examples(model: PhaseModel, matcher: CueMatcher, examples: list[Example],
                      split: str = "test") -> dict[str, Scores]:
    """Scores of each method on one split of the training data, documents predicted whole."""
    docs = by_doc([ex for ex in examples if ex.split == split])
    truth = [ex.label for doc in docs for ex in doc]
    preds = predictions(model, matcher, [([ex.text for ex in doc], DocTime(published=PRESENT)) for doc in docs])
    return {m: scores(truth, preds[m]) for m in METHODS}


def evaluate_labelled(model: PhaseModel, matcher: CueMatcher, doc) -> dict[str, Scores]:
    """Scores of each method on the annotated passages of a `gold.LabelledDocument`, the document predicted whole."""
    rows = [i for i, label in enumerate(doc.labels) if label is not None]
    preds = predictions(model, matcher, [(doc.texts, doc.time)])
    truth = [doc.labels[i] for i in rows]
    return {m: scores(truth, [preds[m][i] for i in rows]) for m in METHODS}


def report(results: dict[str, dict[str, Scores]]) -> str:
    """A Markdown table: one row per held-out set and method."""
    lines = ["| held-out set | n | method | accuracy | macro-F1 | macro-F1 (classes of 5+) |",
             "| --- | ---: | --- | ---: | ---: | ---: |"]
    for name, by_method in results.items():
        for method, s in by_method.items():
            min5 = "" if s.macro_f1_min5 is None else f"{s.macro_f1_min5:.3f}"
            lines.append(f"| {name} | {s.n} | {method} | {s.accuracy:.3f} | {s.macro_f1:.3f} | {min5} |")
    return "\n".join(lines)
