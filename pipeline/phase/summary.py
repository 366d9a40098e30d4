"""What each phase of a document is about: its share of passages, distinctive terms, technologies and money."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from pipeline.model import Mention, Passage
from pipeline.phase import PHASES

N_TERMS, N_TECHNOLOGIES = 8, 5
MIN_SPREAD = 3  # passages in a phase from which its terms must occur in two of them
_BREAK = re.compile(r"[.,;:!?()\[\]\"\u201c\u201d|/]|\s['\u2018]|['\u2019]\s")
_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019-]*[^\W\d_])?")


def terms(text: str) -> list[str]:
    """The words (no stop words, no numbers) and two-word phrases of a text, lowercased.

    A phrase is two adjacent words, neither a stop word, with no punctuation between them: "capital is
    managed" gives no phrase "capital managed", and "planning; self-reliance" none either.
    """
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # here: scikit-learn takes a second to import

    unigrams, bigrams = [], []
    for chunk in _BREAK.split(text.lower().replace("\u2019", "'")):
        words = [re.sub(r"'s$", "", w) for w in _WORD.findall(chunk)]
        keep = [w not in ENGLISH_STOP_WORDS and len(w) > 2 for w in words]
        unigrams += [w for w, k in zip(words, keep) if k]
        bigrams += [f"{a} {b}" for a, b, ka, kb in zip(words, words[1:], keep, keep[1:]) if ka and kb]
    return unigrams + bigrams


def distinctive_terms(texts_by_phase: dict[str, list[str]], k: int = N_TERMS) -> dict[str, list[str]]:
    """The `k` terms (words and two-word phrases) most distinctive of each phase's passages.

    Every passage is a tf-idf vector; a term's score for a phase is its mean weight in that phase's passages
    minus its mean weight in the other phases' passages, so a term used everywhere in the document ranks low.
    Phrases are preferred to their words, and no word is repeated across the chosen terms.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    phases = [p for p, texts in texts_by_phase.items() if texts]
    rows = [p for p in phases for _ in texts_by_phase[p]]
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform([t for p in phases for t in texts_by_phase[p]])
    except ValueError:  # no passages, or nothing but stop words and numbers
        return {p: [] for p in phases}
    vocabulary = vectorizer.get_feature_names_out()
    labels = np.array(rows)
    out = {}
    for phase in phases:
        rows = matrix[labels == phase]
        others = labels != phase
        score = np.asarray(rows.mean(axis=0)).ravel()
        score -= np.asarray(matrix[others].mean(axis=0)).ravel() if others.any() else 0.0
        if rows.shape[0] >= MIN_SPREAD:  # a term of one passage only says little about a phase of many
            score[np.asarray((rows > 0).sum(axis=0)).ravel() < 2] = 0.0
        ranked = [(vocabulary[j], score[j]) for j in np.argsort(-score, kind="stable") if score[j] > 0]
        out[phase] = _pick(ranked, k)
    return out


def _pick(ranked: list[tuple[str, float]], k: int) -> list[str]:
    # A phrase counts double: "indigenous innovation" says more than either word, and a word scores at least as
    # well as any phrase holding it. Terms sharing a word with one already chosen are skipped.
    ranked = sorted(ranked, key=lambda ts: -ts[1] * (2 if " " in ts[0] else 1))
    chosen: list[str] = []
    for term, _ in ranked:
        if not any(set(term.split()) & set(c.split()) for c in chosen):
            chosen.append(term)
            if len(chosen) == k:
                break
    return chosen


def usd(fields: dict[str, Any]) -> float:
    """The US dollar amount of one money row: its amount, or the amount printed beside it in USD."""
    for amount, currency in (("amount", "currency"), ("paired_amount", "paired_currency")):
        if fields.get(currency) == "USD" and fields.get(amount) is not None:
            return float(fields[amount])
    return 0.0


def phase_summary(doc_id: str, passages: Iterable[Passage], mentions: Iterable[Mention]) -> Iterator[dict[str, Any]]:
    """The phase_summary rows of one document: one per phase its body passages were classified into.

    Args:
        doc_id: the document's id.
        passages: the document's passages; those without a phase are ignored.
        mentions: the document's mentions; technologies and money rows are counted per phase.
    Yields:
        Rows in PHASES order, with the columns of the phase_summary table.
    """
    passages = list(passages)
    phase_of = {p.passage_id: p.phase for p in passages if p.phase}
    texts: dict[str, list[str]] = {phase: [] for phase in PHASES}
    for p in passages:
        if p.phase:
            texts[p.phase].append(p.text)
    technologies: dict[str, Counter[str]] = {phase: Counter() for phase in PHASES}
    money = dict.fromkeys(PHASES, 0.0)
    for m in mentions:
        phase = phase_of.get(m.passage_id)
        if phase and m.table == "technologies" and m.fields.get("canonical"):
            technologies[phase][m.fields["canonical"]] += 1
        elif phase and m.table == "money":
            money[phase] += usd(m.fields)
    top = distinctive_terms(texts)
    for phase in PHASES:
        if texts[phase]:
            yield {
                "doc_id": doc_id,
                "phase": phase,
                "n_passages": len(texts[phase]),
                "share": round(len(texts[phase]) / len(phase_of), 4),
                "top_terms": "; ".join(top.get(phase, [])),
                "technologies": "; ".join(name for name, _ in technologies[phase].most_common(N_TECHNOLOGIES)),
                "money_usd": money[phase],
            }
