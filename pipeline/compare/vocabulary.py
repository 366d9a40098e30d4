"""The technology vocabulary (technologies.csv) as compare needs it: every spelling -> its canonical name."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.compare.match import normalise
from pipeline.vocabulary import technology_names


@dataclass(frozen=True)
class Vocabulary:
    """Normalised spelling -> canonical name, and the canonical names whose scope is table.

    A name of scope table names a technology area in a table but something else in running text ("agriculture"
    is a sector there), so the prose names it only where the technologies extractor found it.
    """

    spellings: dict[str, str] = field(default_factory=dict)
    table_only: frozenset[str] = frozenset()


def load_vocabulary(rules: str | Path | None = None) -> Vocabulary:
    """The vocabulary of `pipeline.vocabulary` keyed by normalised spelling (a user's row wins for a shared spelling).

    Rows of category none (phrases naming a class of technologies, not a technology) are left out.
    """
    technologies, names = technology_names(rules)
    spellings: dict[str, str] = {}
    for name, canonical in names.items():
        if technologies[canonical].category != "none" and normalise(name):
            spellings[normalise(name)] = canonical
    table_only = frozenset(c for c, t in technologies.items() if t.scope == "table" and t.category != "none")
    return Vocabulary(spellings, table_only)
