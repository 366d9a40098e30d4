"""The word and phrase lists that steer citation parsing: rules/citation_words.csv, rules/citation_phrases.csv,
rules/outlet_domains.csv."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.extractors import intext
from pipeline.rulefiles import read_csv, rule_cache


@dataclass(frozen=True)
class CitationRules:
    months: dict[str, int]
    org_words: frozenset[str]
    publisher_words: frozenset[str]
    outlets: frozenset[str]  # lower-cased
    abbrevs: frozenset[str]
    locators: frozenset[str]  # lower-cased
    series: tuple[str, ...]
    cn_surnames: frozenset[str]
    work_nouns: frozenset[str]
    honorifics: frozenset[str]
    phrases: dict[str, tuple[str, ...]]  # role -> phrases, longest first
    outlet_domains: dict[str, str]  # web domain -> the outlet's name (rules/outlet_domains.csv)
    intext: intext.IntextRules


@rule_cache
def load_rules(rules_dir: str | Path | None = None) -> CitationRules:
    """The rules in force: the shipped citation word and phrase lists plus a user's `--rules DIR` ones."""
    words = read_csv("citation_words.csv", rules_dir, required=("word", "role"))
    phrases = read_csv("citation_phrases.csv", rules_dir, required=("phrase", "role"))
    domains = read_csv("outlet_domains.csv", rules_dir, required=("domain", "outlet"))

    def role(r: str) -> set[str]:
        return {w["word"] for w in words if w["role"] == r}

    by_role: dict[str, set[str]] = {}
    for p in phrases:
        by_role.setdefault(p["role"], set()).add(p["phrase"])
    return CitationRules(
        months={w["word"]: int(w["value"]) for w in words if w["role"] == "month" and w.get("value")},
        org_words=frozenset(role("org")),
        publisher_words=frozenset(role("publisher")),
        outlets=frozenset(o.lower() for o in role("outlet")),
        abbrevs=frozenset(role("abbrev") | role("month")),
        locators=frozenset(w.lower() for w in role("locator")),
        series=tuple(sorted(role("series"), key=len, reverse=True)),
        cn_surnames=frozenset(role("cn_surname")),
        work_nouns=frozenset(role("work_noun")),
        honorifics=frozenset(role("honorific")),
        phrases={r: tuple(sorted(ps, key=len, reverse=True)) for r, ps in by_role.items()},
        outlet_domains={d["domain"].lower(): d["outlet"] for d in domains},
        intext=intext.load_rules(rules_dir),
    )
