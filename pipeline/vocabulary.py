"""The technology vocabulary, `technologies.csv`: canonical names, their aliases, category and scope.

Read here once for the technologies extractor (which matches every spelling in text) and for compare (which
maps a printed table's names to canonicals), so both follow the same rows and the same validation.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import RuleError
from pipeline.rulefiles import read_csv, rule_cache

VOCABULARY = "technologies.csv"
CATEGORIES = ("bottleneck", "frontier", "disruptive", "general", "none")
SCOPES = ("", "table")


@dataclass(frozen=True)
class Technology:
    """One vocabulary row: the canonical name, its category and where it may match (table: table cells only)."""
    canonical: str
    category: str
    scope: str = ""


def split_aliases(text: str) -> list[str]:
    """The names in an aliases cell, split at |, blanks dropped."""
    return [a.strip() for a in text.split("|") if a.strip()]


def vocabulary(rows: Iterable[dict[str, str]]) -> tuple[dict[str, Technology], dict[str, str]]:
    """The technologies and every name that points to one, from technologies.csv rows (shipped, then the user's).

    Returns:
        (technologies by canonical, canonical by name): a later row with the same canonical replaces its category
        and scope, and a name listed under two canonicals goes to the later one, so a user's file wins.
    Raises:
        RuleError: naming the canonical with an unknown category or scope.
    """
    technologies: dict[str, Technology] = {}
    names: dict[str, str] = {}
    for row in rows:
        canonical, category, scope = row["canonical"], row["category"].lower(), row.get("scope", "").lower()
        if category not in CATEGORIES:
            raise RuleError(f"{VOCABULARY}: {canonical!r} has category {category!r}; "
                            f"use one of {', '.join(CATEGORIES)}")
        if scope not in SCOPES:
            raise RuleError(f"{VOCABULARY}: {canonical!r} has scope {scope!r}; leave it empty or write table")
        technologies[canonical] = Technology(canonical, category, scope)
        for name in (canonical, *split_aliases(row.get("aliases", ""))):
            names[name] = canonical
    return technologies, names


@rule_cache
def technology_names(rules_dir: str | Path | None = None) -> tuple[dict[str, Technology], dict[str, str]]:
    """`vocabulary` of the shipped technologies.csv, then the user's in `rules_dir`."""
    return vocabulary(read_csv(VOCABULARY, rules_dir, required=("canonical", "category")))
