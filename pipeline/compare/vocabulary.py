"""The technology vocabulary (technologies.csv) as compare needs it: every spelling -> its canonical name."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.compare.match import normalise
from pipeline.rulefiles import read_csv, rule_files

VOCABULARY = "technologies.csv"
_ALIAS_SEPARATOR = re.compile(r"\s*\|\s*")


@dataclass(frozen=True)
class Vocabulary:
    """Normalised spelling -> canonical name, and the canonical names whose scope is table.

    A name of scope table names a technology area in a table but something else in running text ("agriculture"
    is a sector there), so the prose names it only where the technologies extractor found it.
    """

    spellings: dict[str, str] = field(default_factory=dict)
    table_only: frozenset[str] = frozenset()


def load_vocabulary(rules: str | Path | None = None) -> Vocabulary:
    """The vocabulary from technologies.csv (shipped, then the user's, whose rows win for a shared spelling).

    Rows of category none (phrases naming a class of technologies, not a technology) are left out.
    """
    if not rule_files(VOCABULARY, rules):
        return Vocabulary()
    spellings: dict[str, str] = {}
    table_only: set[str] = set()
    for row in read_csv(VOCABULARY, rules, required=("canonical",)):
        if row.get("category") == "none":
            continue
        canonical = row["canonical"]
        if row.get("scope") == "table":
            table_only.add(canonical)
        for s in [canonical, *_ALIAS_SEPARATOR.split(row.get("aliases", ""))]:
            if normalise(s):
                spellings[normalise(s)] = canonical
    return Vocabulary(spellings, frozenset(table_only))
