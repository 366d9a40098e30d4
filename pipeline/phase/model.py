"""The phase model as used at run time: the fitted scikit-learn Pipeline plus its metadata."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from pipeline.phase import CURRENT, PHASES
from pipeline.phase.context import Shares, passage_flags, passage_shares, smooth
from pipeline.phase.cues import CueMatcher
from pipeline.phase.grounding import DocTime, Grounder, TimeWords, publication_period

if TYPE_CHECKING:  # scikit-learn is imported by unpickling a model, not by importing this module
    from sklearn.pipeline import Pipeline


def fitted_matcher(pipeline: Pipeline) -> CueMatcher:
    """The cue matcher inside a fitted phase Pipeline (the one its cue features were computed with)."""
    for _, part in pipeline.named_steps["features"].transformer_list:
        for step in getattr(part, "steps", [(None, part)]):
            if isinstance(getattr(step[1], "matcher_", None), CueMatcher):
                return step[1].matcher_
    raise ValueError("the pipeline has no fitted cue features")


def in_phases(proba: np.ndarray, classes: list[str], published: str) -> np.ndarray:
    """(n, 4) probabilities in PHASES order from the classifier's, its `current` class (the period the document
    was published in) added to the period `published`."""
    out = proba[:, [classes.index(p) for p in PHASES]].copy()
    if CURRENT in classes:
        out[:, PHASES.index(published)] += proba[:, classes.index(CURRENT)]
    return out


@dataclass
class PhaseModel:
    pipeline: Pipeline
    meta: dict[str, Any] = field(default_factory=dict)  # labels, context shares, training data; see store.py

    @property
    def version(self) -> str:
        """The model's version from its file header (phase-<format>-<checksum prefix>); "unsaved" before saving."""
        return self.meta.get("version", "unsaved")

    @cached_property
    def grounder(self) -> Grounder:
        """The Grounder with the time words and cues this model was trained with (built once per model)."""
        words = self.meta.get("time_words", {})
        return Grounder(TimeWords(**{k: tuple(v) for k, v in words.items()}), fitted_matcher(self.pipeline))

    def predict_proba(self, texts: list[str], time: DocTime = DocTime()) -> np.ndarray:
        """(n, 4) probabilities in PHASES order for one document's passages, given in reading order."""
        if not texts:
            return np.zeros((0, len(PHASES)))
        return self.predict_grounded(self.grounder.ground(texts, time), time.published)

    def predict_grounded(self, grounded: list[str], published: int | None = None) -> np.ndarray:
        """Like `predict_proba`, for texts already grounded (`Grounder.ground`)."""
        proba = in_phases(self.pipeline.predict_proba(grounded), list(self.pipeline.classes_),
                          publication_period(published))
        shares = Shares(**self.meta.get("context", {}))
        return smooth(proba, passage_shares(passage_flags(grounded, fitted_matcher(self.pipeline)), shares))

    def predict(self, texts: list[str], time: DocTime = DocTime()) -> tuple[list[str], list[float]]:
        """The phase of each passage and its probability, for one document's passages in reading order.

        Args:
            texts: the document's body passages.
            time: its publication year and each passage's section (`grounding.doc_time`), when known; with no
                publication year, the `current` class counts as the last period.
        """
        proba = self.predict_proba(texts, time)
        best = proba.argmax(axis=1)
        return [PHASES[k] for k in best], [float(proba[i, k]) for i, k in enumerate(best)]
