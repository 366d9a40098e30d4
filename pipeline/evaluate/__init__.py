"""Score an output folder (the CSVs `pipeline run` writes) against annotated documents.

The annotation format is ../shared/gold/README.md: one JSON file per document, named `<doc_id>.json`, with the
printed tables as CSV files beside it. Each table has one matcher, a pure function from the gold items and the
output rows of one document to a `Score`; the matching rules are in their docstrings. Counts add up over
documents, and precision, recall and F1 come from the sums.

Where a matcher pairs items one to one, every gold item is matched at most once and every output row at most
once, so a value printed twice must be found twice. Empty counts: with nothing found, precision is 1 when
nothing was missed and 0 otherwise; with nothing to find, recall is 1 when nothing was found wrongly.

score.py holds the Score, normalise.py the text comparisons, pairing.py the one-to-one pairing; the matchers are
in extractions.py (money, percentages, acronyms, glossary, technologies, organizations), citations.py (citations,
intext_citations) and tables.py; document.py scores one document and gold.py reads the gold and output files.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from pipeline.evaluate.citations import match_citations, match_intext
from pipeline.evaluate.document import TABLES, WHERE_KINDS, score_document
from pipeline.evaluate.errors import EvaluateError
from pipeline.evaluate.extractions import (
    match_acronyms,
    match_glossary,
    match_glossary_by_type,
    match_money,
    match_organizations,
    match_percentages,
    match_technologies,
)
from pipeline.evaluate.gold import load_gold, load_outputs, records
from pipeline.evaluate.normalise import normalize_chinese, normalize_text, same_title, token_overlap
from pipeline.evaluate.score import Score
from pipeline.evaluate.tables import match_cells

__all__ = [
    "TABLES", "WHERE_KINDS", "EvaluateError", "Score", "annotated", "evaluate", "evaluate_each", "match_acronyms",
    "match_cells", "match_citations", "match_glossary", "match_glossary_by_type", "match_intext", "match_money",
    "match_organizations", "match_percentages", "match_technologies",
    "normalize_chinese", "normalize_text", "pooled", "same_title", "token_overlap",
]


def evaluate(out: Path, gold_paths: Sequence[Path], tables: Sequence[str] = (),
             where: Sequence[str] = ()) -> dict[str, Score]:
    """Score output folder `out` against the gold files, summed over documents.

    Args:
        out: a folder written by `pipeline run`.
        gold_paths: annotated documents, each `<doc_id>.json`.
        tables: restrict to these tables (names from TABLES); all when empty.
        where: restrict money and percentages (whose gold items say where they are printed) to these places:
            body, footnote (footnotes and endnotes), table, caption, bibliography.
    Returns:
        Score by name, in TABLES order; citations and intext_citations add their field scores
        (citations.urls, intext_citations.resolved, ...).
    Raises:
        EvaluateError: when a gold file cannot be read or its doc_id is not in `out`.
    """
    return pooled(evaluate_each(out, gold_paths, tables, where).values(), annotated_only=False)


def evaluate_each(out: Path, gold_paths: Sequence[Path], tables: Sequence[str] = (),
                  where: Sequence[str] = ()) -> dict[str, dict[str, Score]]:
    """Like `evaluate`, but the scores of each document apart, by doc_id (the gold file's stem)."""
    outputs = load_outputs(out)
    known = set(outputs["documents"]["doc_id"].dropna())
    selected = [t for t in TABLES if not tables or t in tables]
    each: dict[str, dict[str, Score]] = {}
    for path in gold_paths:
        path = Path(path)
        doc_id = path.stem
        if doc_id not in known:
            raise EvaluateError(f"{doc_id}: not in {Path(out) / 'documents.csv'}; run `pipeline run` on "
                                f"{doc_id}.pdf with --out {out} first")
        gold = load_gold(path)
        rows = {name: records(df, doc_id) for name, df in outputs.items()}
        scores = score_document(gold, rows, selected, where, path.parent, Path(out))
        for score in scores.values():
            score.false_positives = [f"{doc_id}: {e}" for e in score.false_positives]
            score.false_negatives = [f"{doc_id}: {e}" for e in score.false_negatives]
        each[doc_id] = scores
    return each


def annotated(score: Score) -> bool:
    """A table the gold file leaves empty has nothing to find: its rows are not scored as false positives."""
    return score.tp + score.fn > 0


def pooled(documents: Iterable[dict[str, Score]], annotated_only: bool = True) -> dict[str, Score]:
    """Per-table sums over documents; with `annotated_only`, of the documents that annotate the table."""
    totals: dict[str, Score] = {}
    for scores in documents:
        for name, score in scores.items():
            if annotated_only and not annotated(score):
                totals.setdefault(name, Score())
                continue
            totals[name] = totals[name] + score if name in totals else score
    return totals
