"""Train the phase model: word and cue features, a calibrated logistic regression, and the context shares.

Deterministic: fixed folds and seeds, no parallelism, so the same data, cues and library versions give the
same model (`pipeline train phase` reproduces the shipped file).
"""
from __future__ import annotations

import dataclasses
import hashlib
import itertools
from collections import Counter
from collections.abc import Sequence

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from pipeline.phase import PHASES
from pipeline.phase.context import Shares, passage_flags, passage_shares, smooth
from pipeline.phase.cues import Cue, CueMatcher, analyse
from pipeline.phase.data import Example, by_doc
from pipeline.phase.features import CueFeatures, YearTokens
from pipeline.phase.model import PhaseModel
from pipeline.phase.rules import weak_label

SEED = 0
C = 4.0  # inverse regularisation of the logistic regression
WEAK_WEIGHT = 0.5  # a weak label counts half as much as a hand label
CONTEXT_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)  # the neighbours' share for every passage
LEANING_GRID = (0.0, 0.25, 0.5, 0.75)  # ... for list items, and for passages that name no period
N_FOLDS = 5


def build_pipeline(cues: tuple[Cue, ...], seed: int = SEED) -> Pipeline:
    """The unfitted scikit-learn Pipeline: texts -> features -> calibrated classifier."""
    words = make_pipeline(
        YearTokens(cues),
        TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, strip_accents="unicode"),
    )
    cue_numbers = make_pipeline(CueFeatures(cues), StandardScaler())
    classifier = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=seed)
    calibrated = CalibratedClassifierCV(
        classifier, method="isotonic", cv=StratifiedKFold(N_FOLDS, shuffle=True, random_state=seed))
    return Pipeline([("features", FeatureUnion([("words", words), ("cues", cue_numbers)])),
                     ("classifier", calibrated)])


def weak_examples(texts: Sequence[str], cues: tuple[Cue, ...]) -> list[tuple[str, str]]:
    """(text, label) for the unlabelled texts the cue rules are sure of; the others are left out."""
    matcher = CueMatcher(cues)
    labelled = ((t, weak_label(analyse(t, matcher))) for t in texts)
    return [(t, label) for t, label in labelled if label is not None]


def train(examples: list[Example], cues: tuple[Cue, ...], extra_unlabelled: Sequence[str] = (),
          seed: int = SEED) -> PhaseModel:
    """Fit the phase model on the `train` split plus weakly labelled passages.

    Args:
        examples: from `read_examples`; `test` rows are never used, `unlabelled` rows get weak labels.
        cues: from `load_cues`; the model keeps them.
        extra_unlabelled: more passage texts to weak-label (body passages of the user's PDFs).
        seed: for the calibration folds and the classifier.
    Returns:
        The fitted PhaseModel, its metadata recording the data it was trained on.
    """
    train_docs = by_doc([ex for ex in examples if ex.split == "train"])
    weak = weak_examples([ex.text for ex in examples if ex.split == "unlabelled"] + list(extra_unlabelled), cues)
    shares = tune_context(train_docs, weak, cues, seed)
    texts = [ex.text for doc in train_docs for ex in doc] + [t for t, _ in weak]
    labels = [ex.label for doc in train_docs for ex in doc] + [label for _, label in weak]
    weights = np.array([1.0] * (len(texts) - len(weak)) + [WEAK_WEIGHT] * len(weak))
    pipeline = build_pipeline(cues, seed).fit(texts, labels, classifier__sample_weight=weights)
    meta = {
        "labels": list(pipeline.classes_),
        "context": dataclasses.asdict(shares),
        "trained_on": {
            "hand_labelled": dict(sorted(Counter(labels[:len(texts) - len(weak)]).items())),
            "weak_labelled": dict(sorted(Counter(label for _, label in weak).items())),
            "examples_sha256": _digest(f"{ex.id}\t{ex.split}\t{ex.label}\t{ex.text}" for ex in examples),
            "cues_sha256": _digest(f"{c.phase}\t{c.type}\t{c.text}" for c in cues),
            "n_extra_unlabelled": len(extra_unlabelled),
        },
        "seed": seed,
    }
    return PhaseModel(pipeline, meta)


def tune_context(docs: list[list[Example]], weak: list[tuple[str, str]], cues: tuple[Cue, ...],
                 seed: int = SEED) -> Shares:
    """The context shares that give the best macro-F1 on out-of-fold predictions of the training documents.

    Folds are whole documents, so a passage's neighbours are never in its own training fold. Ties go to the
    smaller shares.
    """
    groups = np.array([i for i, doc in enumerate(docs) for _ in doc])
    texts = [ex.text for doc in docs for ex in doc]
    labels = np.array([ex.label for doc in docs for ex in doc])
    proba = np.zeros((len(texts), len(PHASES)))
    for fit_idx, held_idx in GroupKFold(N_FOLDS).split(texts, labels, groups):
        fit_texts = [texts[i] for i in fit_idx] + [t for t, _ in weak]
        fit_labels = list(labels[fit_idx]) + [label for _, label in weak]
        w = np.array([1.0] * len(fit_idx) + [WEAK_WEIGHT] * len(weak))
        pipe = build_pipeline(cues, seed).fit(fit_texts, fit_labels, classifier__sample_weight=w)
        cols = [list(pipe.classes_).index(p) for p in PHASES]
        proba[held_idx] = pipe.predict_proba([texts[i] for i in held_idx])[:, cols]
    flags = passage_flags(texts, CueMatcher(cues))
    rows_of = [np.flatnonzero(groups == g) for g in range(len(docs))]
    best_score, best = -1.0, Shares()
    for combo in itertools.product(CONTEXT_GRID, LEANING_GRID, LEANING_GRID):
        shares = Shares(*combo)
        share = passage_shares(flags, shares)
        pred = np.empty(len(texts), dtype=object)
        for rows in rows_of:
            pred[rows] = [PHASES[k] for k in smooth(proba[rows], share[rows]).argmax(axis=1)]
        score = f1_score(labels, pred.astype(str), average="macro")
        if score > best_score + 1e-9:
            best_score, best = score, shares
    return best


def _digest(lines) -> str:
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()
