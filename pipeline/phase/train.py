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
from dataclasses import dataclass

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import FeatureUnion, Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from pipeline.phase import CURRENT, PHASES
from pipeline.phase.context import Shares, passage_flags, passage_shares, smooth
from pipeline.phase.cues import PRESENT, Cue, CueMatcher, analyse
from pipeline.phase.data import Example, by_doc
from pipeline.phase.features import CueFeatures, YearTokens
from pipeline.phase.gold import LabelledDocument
from pipeline.phase.grounding import MARKER_CUES, DocTime, Grounder, TimeWords, publication_period
from pipeline.phase.model import PhaseModel, in_phases
from pipeline.phase.rules import weak_label

SEED = 0
C = 4.0  # inverse regularisation of the logistic regression
WEAK_WEIGHT = 0.5  # a weak label counts half as much as a hand label
CONTEXT_GRID = (0.0, 0.1, 0.2, 0.3, 0.4)  # the neighbours' share for every passage
LEANING_GRID = (0.0, 0.25, 0.5, 0.75)  # ... for list items, and for passages that name no period
N_FOLDS = 5
MIN_CURRENT = 2 * N_FOLDS  # passages of the `current` class needed to learn it (the calibration folds need 5)


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


def project_documents(examples: list[Example], split: str = "train") -> list[LabelledDocument]:
    """The project's own labelled mini-articles of one split as documents, written at the present (cues.PRESENT)."""
    return [LabelledDocument(doc[0].doc, tuple(ex.text for ex in doc), DocTime(published=PRESENT),
                             tuple(ex.label for ex in doc))
            for doc in by_doc([ex for ex in examples if ex.split == split])]


@dataclass(frozen=True)
class _Grounded:
    """A training document's labelled passages, grounded, in reading order."""

    doc_id: str
    texts: list[str]
    labels: list[str]
    published: str | None  # the period it was published in; None for the project's undated mini-articles
    bare: list[bool]  # no cue and no year of a period (context.passage_flags)

    @property
    def targets(self) -> list[str]:
        """The labels the classifier is fitted on: `current` for a bare passage about the publication period
        (a passage that names its period keeps it: the name is the evidence)."""
        return [CURRENT if label == self.published and bare else label for label, bare in zip(self.labels, self.bare)]


def _grounded(docs: Sequence[LabelledDocument], grounder: Grounder, dated: bool = True) -> list[_Grounded]:
    # dated=False: the project's mini-articles were each written to illustrate a period, so the year they were
    # written in says nothing of what they are about (their "currently" still reads as the present)
    out = []
    for doc in docs:
        texts = grounder.ground(doc.texts, doc.time)
        keep = [i for i, label in enumerate(doc.labels) if label is not None]
        period = publication_period(doc.time.published) if dated and doc.time.published else None
        texts = [texts[i] for i in keep]
        bare = passage_flags(texts, grounder.matcher)[1]
        out.append(_Grounded(doc.doc_id, texts, [doc.labels[i] for i in keep], period, [bool(b) for b in bare]))
    return out


def train(examples: list[Example], cues: tuple[Cue, ...], extra_unlabelled: Sequence[str] = (),
          seed: int = SEED, gold: Sequence[LabelledDocument] = (), time_words: TimeWords = TimeWords()
          ) -> PhaseModel:
    """Fit the phase model on the `train` split, the annotated real documents and weakly labelled passages.

    Args:
        examples: from `read_examples`; `test` rows are never used, `unlabelled` rows get weak labels.
        cues: from `load_cues`; the model keeps them.
        extra_unlabelled: more passage texts to weak-label (body passages of the user's PDFs).
        seed: for the calibration folds and the classifier.
        gold: annotated real documents (`gold.read_gold_folder`), their annotated passages trained on.
        time_words: from `load_time_words`; the model keeps them.
    Returns:
        The fitted PhaseModel, its metadata recording the data it was trained on.
    """
    with threadpool_limits(1):  # BLAS threads only slow these small fits down, several times on a busy machine
        return _train(examples, cues, extra_unlabelled, seed, gold, time_words)


def _train(examples: list[Example], cues: tuple[Cue, ...], extra_unlabelled: Sequence[str], seed: int,
           gold: Sequence[LabelledDocument], time_words: TimeWords) -> PhaseModel:
    cues = (*cues, *(c for c in MARKER_CUES if c not in cues))
    grounder = Grounder(time_words, CueMatcher(cues))
    docs = _grounded(project_documents(examples), grounder, dated=False) + _grounded(gold, grounder)
    if sum(t == CURRENT for doc in docs for t in doc.targets) < MIN_CURRENT:
        # too few passages about their own time to learn `current` from: every label stays a period
        docs = [dataclasses.replace(doc, published=None) for doc in docs]
    weak = weak_examples([ex.text for ex in examples if ex.split == "unlabelled"] + list(extra_unlabelled), cues)
    shares = tune_context(docs, weak, cues, seed)
    texts = [t for doc in docs for t in doc.texts] + [t for t, _ in weak]
    labels = [label for doc in docs for label in doc.targets] + [label for _, label in weak]
    n_hand = len(texts) - len(weak)
    weights = np.array([1.0] * n_hand + [WEAK_WEIGHT] * len(weak))
    pipeline = build_pipeline(cues, seed).fit(texts, labels, classifier__sample_weight=weights)
    meta = {
        "labels": list(pipeline.classes_),
        "context": dataclasses.asdict(shares),
        "time_words": time_words.as_dict(),
        "trained_on": {
            "hand_labelled": dict(sorted(Counter(label for doc in docs for label in doc.labels).items())),
            "hand_labelled_project": dict(sorted(Counter(
                label for doc in docs[:len(docs) - len(gold)] for label in doc.labels).items())),
            "weak_labelled": dict(sorted(Counter(label for _, label in weak).items())),
            "documents": {doc.doc_id: {"published": doc.published, **dict(sorted(Counter(doc.labels).items()))}
                          for doc in docs[len(docs) - len(gold):]},
            "examples_sha256": _digest(f"{ex.id}\t{ex.split}\t{ex.label}\t{ex.text}" for ex in examples),
            "documents_sha256": _digest(f"{doc.doc_id}\t{label}\t{text}" for doc in docs[len(docs) - len(gold):]
                                        for text, label in zip(doc.texts, doc.labels)),
            "cues_sha256": _digest(f"{c.phase}\t{c.type}\t{c.text}" for c in cues),
            "n_extra_unlabelled": len(extra_unlabelled),
        },
        "seed": seed,
    }
    return PhaseModel(pipeline, meta)


def tune_context(docs: list[_Grounded], weak: list[tuple[str, str]], cues: tuple[Cue, ...],
                 seed: int = SEED) -> Shares:
    """The context shares that give the best macro-F1 on out-of-fold predictions of the training documents.

    Folds are whole documents, so a passage's neighbours are never in its own training fold. Ties go to the
    smaller shares.
    """
    groups = np.array([i for i, doc in enumerate(docs) for _ in doc.texts])
    texts = [t for doc in docs for t in doc.texts]
    labels = np.array([label for doc in docs for label in doc.labels])
    targets = np.array([t for doc in docs for t in doc.targets])
    rows_of = [np.flatnonzero(groups == g) for g in range(len(docs))]
    proba = np.zeros((len(texts), len(PHASES)))
    for fit_idx, held_idx in GroupKFold(N_FOLDS).split(texts, labels, groups):
        fit_texts = [texts[i] for i in fit_idx] + [t for t, _ in weak]
        fit_labels = list(targets[fit_idx]) + [label for _, label in weak]
        w = np.array([1.0] * len(fit_idx) + [WEAK_WEIGHT] * len(weak))
        pipe = build_pipeline(cues, seed).fit(fit_texts, fit_labels, classifier__sample_weight=w)
        for doc, rows in zip(docs, rows_of):
            rows = rows[np.isin(rows, held_idx)]
            if len(rows):
                proba[rows] = in_phases(pipe.predict_proba([texts[i] for i in rows]), list(pipe.classes_),
                                        publication_period(None) if doc.published is None else doc.published)
    flags = passage_flags(texts, CueMatcher(cues))
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
