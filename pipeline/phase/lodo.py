"""Leave one document out: the honest figures for the phase model on annotated real documents.

For each annotated document, a model is trained on the project's own passages and every other annotated
document, and scored on the held-out one, predicted whole, beside the year-only and rules-only baselines.
A score on a document the model was trained on says little about the next document, so only these are reported.
"""
from __future__ import annotations

from collections.abc import Sequence

from pipeline.phase.cues import Cue, CueMatcher
from pipeline.phase.data import Example
from pipeline.phase.evaluate import Scores, evaluate_labelled
from pipeline.phase.gold import LabelledDocument
from pipeline.phase.grounding import TimeWords
from pipeline.phase.train import SEED, train


def leave_one_out(examples: list[Example], cues: tuple[Cue, ...], gold: Sequence[LabelledDocument],
                  time_words: TimeWords = TimeWords(), extra_unlabelled: Sequence[str] = (),
                  seed: int = SEED) -> dict[str, dict[str, Scores]]:
    """{doc_id: {method: Scores}} for every document of `gold`, each scored by a model trained without it."""
    matcher = CueMatcher(cues)
    results = {}
    for held in gold:
        others = [doc for doc in gold if doc.doc_id != held.doc_id]
        model = train(examples, cues, extra_unlabelled, seed, others, time_words)
        results[held.doc_id] = evaluate_labelled(model, matcher, held)
    return results
