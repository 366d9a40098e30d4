"""The technology vocabulary, `technologies.csv`: canonical names, their aliases, category, scope and source.

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
SOURCES = "technology_sources.csv"  # the public lists a row's source column may name, by short id
CATEGORIES = ("bottleneck", "frontier", "disruptive", "general", "none")
SCOPES = ("", "table")


@dataclass(frozen=True)
class Technology:
    """One vocabulary row: the canonical name, its category, where it may match (table: table cells only) and the
    ids of the public lists that name it."""
    canonical: str
    category: str
    scope: str = ""
    sources: tuple[str, ...] = ()


def split_aliases(text: str) -> list[str]:
    """The names in an aliases cell, split at |, blanks dropped."""
    return [a.strip() for a in text.split("|") if a.strip()]


def row_problems(row: dict[str, str], known_sources: Iterable[str] | None = None) -> list[str]:
    """What is wrong with one technologies.csv row: an unknown category, scope or source id ([] when nothing).

    `known_sources` None skips the source check."""
    category, scope = row.get("category", "").lower(), row.get("scope", "").lower()
    problems = []
    if category not in CATEGORIES:
        problems.append(f"category {category!r}; use one of {', '.join(CATEGORIES)}")
    if scope not in SCOPES:
        problems.append(f"scope {scope!r}; leave it empty or write table")
    if known_sources is not None:
        known = set(known_sources)
        unknown = [s for s in split_aliases(row.get("source", "")) if s not in known]
        if unknown:
            problems.append(f"source {'|'.join(unknown)!r}, not an id of {SOURCES}; declare it there or use one of "
                            f"{', '.join(sorted(known))}")
    return problems


def vocabulary(rows: Iterable[dict[str, str]], known_sources: Iterable[str] | None = None,
               ) -> tuple[dict[str, Technology], dict[str, str]]:
    """The technologies and every name that points to one, from technologies.csv rows (shipped, then the user's).

    Args:
        rows: the rows, by header.
        known_sources: the list ids a row's source may name (None: any).
    Returns:
        (technologies by canonical, canonical by name): a later row with the same canonical replaces its category,
        scope and source, and a name listed under two canonicals goes to the later one, so a user's file wins.
    Raises:
        RuleError: naming the canonical with an unknown category, scope or source id.
    """
    technologies: dict[str, Technology] = {}
    names: dict[str, str] = {}
    known = None if known_sources is None else tuple(known_sources)
    for row in rows:
        canonical = row["canonical"]
        problems = row_problems(row, known)
        if problems:
            raise RuleError(f"{VOCABULARY}: {canonical!r} has {problems[0]}")
        category, scope = row["category"].lower(), row.get("scope", "").lower()
        technologies[canonical] = Technology(canonical, category, scope,
                                             tuple(split_aliases(row.get("source", ""))))
        for name in (canonical, *split_aliases(row.get("aliases", ""))):
            names[name] = canonical
    return technologies, names


@rule_cache
def technology_names(rules_dir: str | Path | None = None) -> tuple[dict[str, Technology], dict[str, str]]:
    """`vocabulary` of the shipped technologies.csv, then the user's in `rules_dir`, sources checked against
    `source_ids`."""
    return vocabulary(read_csv(VOCABULARY, rules_dir, required=("canonical", "category")), source_ids(rules_dir))


def source_ids(rules_dir: str | Path | None = None) -> list[str]:
    """The ids of technology_sources.csv, shipped then the user's."""
    return [row["id"] for row in read_csv(SOURCES, rules_dir, required=("id",))]
