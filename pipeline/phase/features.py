"""The model's features, as scikit-learn transformers over a list of passage texts.

Two views of a passage: its words, with every year replaced by a token for its period (so "2015" and "2017"
are one feature, and a year in a policy's name stays a word), and a few numbers from the cue rules (cue and
year counts per period, the rules' own scores, length). Both take the cue table as a parameter, so a model
carries the cues it was trained with.
"""
from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

from pipeline.phase import PERIODS, PHASES
from pipeline.phase.cues import SPAN, YEAR_BUCKETS, Cue, CueMatcher, analyse, year_tokens
from pipeline.phase.rules import rule_scores

SHORT = 12  # words: list items and fragments, which carry little evidence of their own


class _CueTransformer(BaseEstimator, TransformerMixin):
    def __init__(self, cues: tuple[Cue, ...] = ()):
        self.cues = cues

    def fit(self, X, y=None):
        """Compile the cues; nothing is learnt from X."""
        self.matcher_ = CueMatcher(tuple(self.cues))
        return self


class YearTokens(_CueTransformer):
    """Texts with their years replaced by period tokens (yr_2006_2012, yr_span, ...), for a word vectorizer."""

    def transform(self, X):
        """The texts with year tokens, in order."""
        return [year_tokens(text, analyse(text, self.matcher_).years) for text in X]


class CueFeatures(_CueTransformer):
    """Per passage: counts and shares of policy cues, cue terms and years per period, the rule scores, length."""

    def transform(self, X):
        """An (n_texts, 30) array of cue numbers."""
        return np.array([self._row(text) for text in X], dtype=float)

    def _row(self, text: str) -> list[float]:
        ev = analyse(text, self.matcher_)
        policies, terms, years = ev.cue_counts("policy"), ev.cue_counts("term"), ev.year_counts()
        scores = rule_scores(ev)
        cue_points = {p: 2 * policies[p] + terms[p] for p in PERIODS}
        return [
            *(np.log1p(policies[p]) for p in PERIODS),
            *(np.log1p(terms[p]) for p in PHASES),
            *(np.log1p(years[b]) for b in (*YEAR_BUCKETS, SPAN)),
            *_shares(cue_points, PERIODS),
            *_shares(years, (*YEAR_BUCKETS, SPAN)),
            *(np.log1p(scores[p]) for p in PHASES),
            *_spread([cue_points[p] + years[p] for p in PERIODS]),
            float(not ev.hits and not ev.years),
            float(ev.n_words <= SHORT),
        ]

    def get_feature_names_out(self, input_features=None):
        """The names of the cue numbers, in column order."""
        return np.array([
            *(f"policy_{p}" for p in PERIODS), *(f"term_{p}" for p in PHASES),
            *(f"years_{b}" for b in (*YEAR_BUCKETS, SPAN)), *(f"cue_share_{p}" for p in PERIODS),
            *(f"year_share_{b}" for b in (*YEAR_BUCKETS, SPAN)), *(f"rules_{p}" for p in PHASES),
            "periods_named", "evidence_entropy",
            "no_evidence", "short",
        ], dtype=object)


def _shares(counts, keys) -> list[float]:
    total = sum(counts[k] for k in keys)
    return [counts[k] / total if total else 0.0 for k in keys]


def _spread(evidence: list[float]) -> list[float]:
    # How many periods a passage names, and how evenly: an overview of all three is `none`, not any one of them.
    total = sum(evidence)
    if not total:
        return [0.0, 0.0]
    p = np.array([e / total for e in evidence if e])
    return [float(len(p)), float(-(p * np.log(p)).sum() / np.log(len(evidence)))]
