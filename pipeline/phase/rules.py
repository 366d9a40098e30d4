"""Weak labels from the cue rules, and the two baselines the model is measured against.

The rules score each period by its cues (a named policy counts 2, a cue term 1) and let years add half a point
each, so a year can tip a close call but never decide alone: "In 2021, a review of the 2006 plan" is about
the 2006 plan. Ranges that cross periods (2006-2021) and the `none` cues (this paper, we argue) count for `none`.
"""
from __future__ import annotations

from pipeline.phase import PERIODS
from pipeline.phase.cues import AFTER, SPAN, Evidence

POLICY_POINTS, TERM_POINTS, YEAR_POINTS, SPAN_POINTS = 2.0, 1.0, 0.5, 1.0
MIN_MARGIN = 1.0  # a weak label needs its period this many points ahead of the runner-up


def rule_scores(ev: Evidence) -> dict[str, float]:
    """Points for each phase (the periods and `none`) from a passage's cues and years."""
    policies, terms, years = ev.cue_counts("policy"), ev.cue_counts("term"), ev.year_counts()
    scores = {p: POLICY_POINTS * policies[p] + TERM_POINTS * terms[p] for p in PERIODS}
    cued = any(scores.values())
    for p in PERIODS:
        scores[p] += YEAR_POINTS * (years[p] + (years[AFTER] if p == PERIODS[-1] else 0)) if cued else 0.0
    scores["none"] = SPAN_POINTS * years[SPAN] + TERM_POINTS * terms["none"]
    return scores


def weak_label(ev: Evidence) -> str | None:
    """The phase the rules are sure of, or None when they abstain (no cue, or no clear winner)."""
    scores = rule_scores(ev)
    ranked = sorted(scores.values(), reverse=True)
    if ranked[0] < POLICY_POINTS or ranked[0] - ranked[1] < MIN_MARGIN:
        return None
    return max(scores, key=scores.get)


def rules_baseline(ev: Evidence) -> str:
    """The rules-only baseline: the weak label, `none` when the rules abstain."""
    return weak_label(ev) or "none"


def year_baseline(ev: Evidence) -> str:
    """The year-only baseline: the period most of the passage's years fall in; `none` without a clear one."""
    years = ev.year_counts()
    counts = {p: years[p] for p in PERIODS}
    counts[PERIODS[-1]] += years[AFTER]
    best = max(counts, key=counts.get)
    ranked = sorted(counts.values(), reverse=True)
    return best if ranked[0] > ranked[1] else "none"
