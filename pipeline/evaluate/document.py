"""Scoring one annotated document: the matcher of each table, in the order of the report."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.evaluate.citations import match_citations, match_intext
from pipeline.evaluate.extractions import (
    match_acronyms,
    match_glossary_by_type,
    match_money,
    match_organizations,
    match_percentages,
    match_technologies,
)
from pipeline.evaluate.pairing import Item
from pipeline.evaluate.passages import match_passages
from pipeline.evaluate.phases import match_phase
from pipeline.evaluate.score import Score
from pipeline.evaluate.tables import match_tables

# Gold "where" -> the passage kinds of the output that count as that place.
WHERE_KINDS = {
    "body": {"body"},
    "footnote": {"footnote", "endnote"},
    "table": {"table"},
    "caption": {"caption"},
    "bibliography": {"bibliography"},
}


@dataclass(frozen=True)
class _Context:
    gold: dict[str, Any]  # the whole annotated document
    rows: dict[str, list[Item]]  # its output rows by table
    gold_dir: Path
    out_dir: Path


# Table -> its matcher, as (gold items, output rows, context) -> scores by name; the order of the report.
_MATCHERS: dict[str, Callable[[list[Item], list[Item], _Context], dict[str, Score]]] = {
    "money": lambda g, o, c: {"money": match_money(g, o)},
    "percentages": lambda g, o, c: {"percentages": match_percentages(g, o)},
    "acronyms": lambda g, o, c: {"acronyms": match_acronyms(g, o)},
    "glossary": lambda g, o, c: match_glossary_by_type(g, o),
    "technologies": lambda g, o, c: {"technologies": match_technologies(g, o)},
    "organizations": lambda g, o, c: {"organizations": match_organizations(g, c.rows.get("entities", []))},
    "citations": lambda g, o, c: match_citations(g, o),
    "intext_citations": lambda g, o, c: match_intext(g, o, c.gold.get("bibliography") or [],
                                                     c.rows.get("citations", [])),
    "tables": lambda g, o, c: {"tables": match_tables(g, c.gold_dir, o, c.out_dir)},
    "passages": lambda g, o, c: {"passages": match_passages(g, o)},
    "phase": lambda g, o, c: {"phase": match_phase(c.gold.get("passages") or [], c.rows.get("passages", []))},
}
TABLES = tuple(_MATCHERS)


def score_document(gold: dict[str, Any], rows: dict[str, list[Item]], tables: Sequence[str] = TABLES,
                   where: Sequence[str] = (), gold_dir: Path = Path("."),
                   out_dir: Path = Path(".")) -> dict[str, Score]:
    """The scores of one document: its gold annotation against its output rows (table name -> rows).

    `where` keeps the money and percentages printed there (gold "where"; output passage kind, WHERE_KINDS).
    """
    context = _Context(gold, rows, gold_dir, out_dir)
    scores: dict[str, Score] = {}
    for name in tables:
        items, out = list(gold.get(name) or []), rows.get(name, [])
        if where and name in ("money", "percentages"):
            kinds = set().union(*(WHERE_KINDS[w] for w in where))
            items = [i for i in items if i.get("where") in where]
            out = [r for r in out if r.get("kind") in kinds]
        scores.update(_MATCHERS[name](items, out, context))
    return scores
