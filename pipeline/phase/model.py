"""The phase model as used at run time: the fitted scikit-learn Pipeline plus its metadata."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.pipeline import Pipeline

from pipeline.phase import PHASES
from pipeline.phase.context import Shares, passage_flags, passage_shares, smooth
from pipeline.phase.features import fitted_matcher


@dataclass
class PhaseModel:
    pipeline: Pipeline
    meta: dict[str, Any] = field(default_factory=dict)  # labels, context shares, training data; see store.py

    @property
    def version(self) -> str:
        """The model's version from its file header (phase-<format>-<checksum prefix>); "unsaved" before saving."""
        return self.meta.get("version", "unsaved")

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        """(n, 4) probabilities in PHASES order for one document's passages, given in reading order."""
        if not texts:
            return np.zeros((0, len(PHASES)))
        classes = list(self.pipeline.classes_)
        proba = self.pipeline.predict_proba(texts)[:, [classes.index(p) for p in PHASES]]
        shares = Shares(**self.meta.get("context", {}))
        return smooth(proba, passage_shares(passage_flags(texts, fitted_matcher(self.pipeline)), shares))

    def predict(self, texts: list[str]) -> tuple[list[str], list[float]]:
        """The phase of each passage and its probability, for one document's passages in reading order."""
        proba = self.predict_proba(texts)
        best = proba.argmax(axis=1)
        return [PHASES[k] for k in best], [float(proba[i, k]) for i, k in enumerate(best)]
