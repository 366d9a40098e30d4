"""Policy-phase classification of body passages: cue rules, features, training, the model file and evaluation.

The phases are those of Naughton, Xiao and Xu's Table 1; `none` is for passages about no single period.
Modules: `cues` (the rule file and the regexes), `rules` (weak labels and the baselines), `features` (the
scikit-learn transformers), `data` (the labelled passages in corpus/phase/), `train`, `store` (the versioned
model file), `evaluate` (metrics and the gold annotation), `summary` (per-phase terms for phase_summary).
"""
from __future__ import annotations

PHASES: tuple[str, ...] = ("2006-2012", "2013-2019", "2020-present", "none")
PERIODS: tuple[str, ...] = PHASES[:3]  # the phases that are periods
# A class the model learns but never outputs: "the period the document was published in". An annotated report's
# passages about its own time are trained as `current`, so a model trained on 2020s reports still reads a 2019
# report's own time as 2013-2019; at prediction `current` is added to the publication period.
CURRENT = "current"
