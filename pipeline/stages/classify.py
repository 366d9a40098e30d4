"""Classify stage: give every body passage a policy phase and a score with the trained model in models/.

All body passages of a document are vectorised and predicted in one call, in reading order, because the
model lets each passage borrow from its neighbours (pipeline/phase/context.py).
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from pipeline.model import Document
from pipeline.phase.grounding import body_passages, doc_time
from pipeline.phase.model import PhaseModel
from pipeline.phase.store import check_model, load_model as _load

# Package data of `pipeline.models` (the models/ folder of a clone), so an installed wheel has it too.
DEFAULT_MODEL = Path(str(resources.files("pipeline.models").joinpath("phase.model")))


def load_model(path: str | Path | None = None) -> PhaseModel:
    """The phase model at `path` (default: the shipped models/phase.model), loaded once per path.

    Raises:
        ModelError: with a one-line reason when the file is missing, damaged or from an incompatible version.
    """
    return _cached(str(Path(path) if path else DEFAULT_MODEL))


def model_version(path: str | Path | None = None) -> str:
    """The version of the phase model at `path` (default: the shipped one), its file checked but not unpickled.

    Raises:
        ModelError: as `load_model`, except for a pickle the installed code cannot rebuild.
    """
    return check_model(Path(path) if path else DEFAULT_MODEL)[0]["version"]


@lru_cache(maxsize=4)
def _cached(path: str) -> PhaseModel:
    return _load(path)


def classify(document: Document, model: PhaseModel) -> None:
    """Set `phase` and `phase_score` on every body passage of `document`; other passages get none.

    Args:
        document: a segmented Document.
        model: from `load_model`.
    """
    for p in document.passages:
        p.phase, p.phase_score = "", None
    body = body_passages(document)
    labels, scores = model.predict([p.text for p in body], doc_time(document))
    for p, label, score in zip(body, labels, scores):
        p.phase, p.phase_score = label, round(score, 4)
