"""Author-year citations in running text: "(Xi 2020)", "(Cited in Xu et al. 2020, 4)", "Long Yongtu (2021)".

Pure functions over one string; the cite stage (pipeline/stages/cite.py) runs them over passages and links
each hit to a bibliography entry. Which capitalised words can never be an author, the Chinese surnames that
tell "Long Yongtu" is cited as Long, and the words that may open a bracket ("cited in", "see") are data:
`rules/citation_words.csv` and `rules/citation_phrases.csv`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pipeline.rulefiles import read_csv, rule_cache

# A year as cited, with its letter when an author has several works that year: 2020, 2020a, 2021A.
YEAR = r"(?:1[6-9]|20)\d\d(?:[a-zA-Z](?![\w]))?"
_YEAR_RE = re.compile(r"(?P<y>(?:1[6-9]|20)\d\d)(?P<s>[a-zA-Z]?)$")
_CAP = r"[A-ZÀ-ÖØ-Þ][\w’'.&-]*"
_LINK = r"(?:of|the|and|for|on|in|de|del|van|von|der|den|du|la|le|da|al-|bin|&)"
# An author as printed in a bracket: a quoted title, or capitalised words joined by linking words, ending
# in a capitalised word, optionally "et al.".
_NAME = (rf"(?:[“\"‘][^”\"’]{{2,120}}[”\"’]|{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP})*)(?:,?\s+et\s+al\.?)?")
_LOCATOR = r"(?:,|:)\s*(?:(?:pp?|chap|ch|sec|para|fig|table|n)\.?\s*)?[\w.]*\d[\w.]*(?:\s*[-–]\s*[\w.]*\d[\w.]*)?"
_YEARS = rf"(?:{YEAR}|n\.d\.|forthcoming)(?:\s*,\s*(?:{YEAR}))*"
_ITEM_RE = re.compile(rf"^(?P<name>{_NAME}),?\s+(?P<years>{_YEARS})(?P<loc>{_LOCATOR})?\s*$")
_BRACKET_RE = re.compile(r"\(([^()]{4,300})\)")
# Narrative form: one to three capitalised words, or "X and Y", or "X et al.", right before "(2020)"; a full
# stop before the bracket ends a reference's author part ("Central Bank. (2020)."), no citation's name.
_PERSON = rf"{_CAP}(?:\s+{_CAP}){{0,2}}"
_NARRATIVE_RE = re.compile(
    rf"(?P<name>{_PERSON}(?:\s+and\s+{_PERSON}|,?\s+et\s+al\.)?)(?:(?<!\.)|(?<=al\.))(?:’s|'s)?\s+"
    rf"\((?P<years>{YEAR}(?:\s*[,;]\s*{YEAR})*)(?P<loc>{_LOCATOR})?\)")


@dataclass(frozen=True)
class Cite:
    """One author-year citation: where it is printed, who and which year it names."""

    start: int  # character offsets in the text
    end: int
    text: str  # as printed: the whole bracket for a single citation, the item when a bracket holds several
    name: str  # the surname, the names ("Chen and Yu", "Xu et al.") or the organisation, as cited
    year: int | None  # None for n.d. and forthcoming
    suffix: str = ""  # the letter after the year: 2020a -> "a"
    narrative: bool = False  # "Naughton (2020)" rather than "(Naughton 2020)"


@dataclass(frozen=True)
class IntextRules:
    not_authors: frozenset[str]
    org_words: frozenset[str]
    cn_surnames: frozenset[str]
    prefixes: tuple[str, ...]  # longest first


@rule_cache
def load_rules(rules_dir: str | Path | None = None) -> IntextRules:
    """The rules in force: shipped citation word and phrase lists plus a user's `--rules DIR` ones."""
    words = read_csv("citation_words.csv", rules_dir, required=("word", "role"))
    phrases = read_csv("citation_phrases.csv", rules_dir, required=("phrase", "role"))
    not_authors = {w["word"] for w in words if w["role"] in ("not_author", "month")}
    return IntextRules(
        not_authors=frozenset(not_authors),
        org_words=frozenset(w["word"] for w in words if w["role"] == "org"),
        cn_surnames=frozenset(w["word"] for w in words if w["role"] == "cn_surname"),
        prefixes=tuple(sorted({p["phrase"].lower() for p in phrases if p["role"] == "intext_prefix"},
                              key=len, reverse=True)),
    )


def find_citations(text: str, rules: IntextRules | None = None) -> list[Cite]:
    """Every author-year citation in `text`, in text order.

    Args:
        text: one passage or note.
        rules: from `load_rules`; the shipped rules when None.
    Returns:
        Cite objects; a bracket with several works ("(Xi 2020; Bai 2021)") gives one per work.
    """
    rules = rules or load_rules()
    found: list[Cite] = []
    taken: list[tuple[int, int]] = []
    for m in _BRACKET_RE.finditer(text):
        items = _bracket_items(m.group(1), m.start(1), rules)
        if not items:
            continue
        single = len({(start, end) for start, end, *_ in items}) == 1  # one work, maybe several years
        for start, end, name, year, suffix in items:
            if single:
                start, end = m.start(), m.end()
            found.append(Cite(start, end, text[start:end], name, year, suffix))
        taken.append(m.span())
    for m in _NARRATIVE_RE.finditer(text):
        if any(s <= m.start("years") < e for s, e in taken):
            continue
        name = _narrative_name(m.group("name"), rules)
        if not name:
            continue
        start = m.start("name") + m.group("name").index(name.split()[0])
        for raw in re.split(r"\s*[,;]\s*", m.group("years")):
            year, suffix = split_year(raw)
            found.append(Cite(start, m.end(), text[start:m.end()], _cited_surname(name, rules), year, suffix, True))
    return sorted(found, key=lambda c: (c.start, c.end))


def split_year(raw: str) -> tuple[int | None, str]:
    """"2020a" -> (2020, "a"); "n.d." -> (None, "")."""
    m = _YEAR_RE.match(raw.strip())
    return (int(m.group("y")), m.group("s")) if m else (None, "")


def _bracket_items(inner: str, offset: int, rules: IntextRules) -> list[tuple[int, int, str, int | None, str]]:
    # Every ';'-separated part must be a citation, or the bracket is prose that happens to hold a year.
    items = []
    pos = 0
    for part in inner.split(";"):
        start = offset + pos + (len(part) - len(part.lstrip()))
        pos += len(part) + 1
        body = _strip_prefix(part.strip(), rules)
        start += len(part.strip()) - len(body)
        m = _ITEM_RE.match(body)
        if not m or not _is_author(m.group("name"), rules):
            return []
        end = start + len(body)
        name = re.sub(r",(?=\s+et\s+al)", "", m.group("name"))
        for raw in re.split(r"\s*,\s*", m.group("years")):
            year, suffix = split_year(raw)
            items.append((start, end, name, year, suffix))
    return items


def _strip_prefix(part: str, rules: IntextRules) -> str:
    low = part.lower()
    for prefix in rules.prefixes:
        if low.startswith(prefix) and (len(part) == len(prefix) or not part[len(prefix)].isalnum()):
            return part[len(prefix):].lstrip(" ,:")
    return part


def _is_author(name: str, rules: IntextRules) -> bool:
    if name[0] in "“\"‘":
        return True
    words = re.findall(r"[\w’'.&-]+", re.sub(r"\bet\s+al\.?", "", name))
    if len(words) > 1 and any(w in rules.org_words for w in words):
        return True  # "(China Daily 2020)": an organisation, whatever word it starts with
    return bool(words) and words[0] not in rules.not_authors and words[-1] not in rules.not_authors


def _narrative_name(name: str, rules: IntextRules) -> str:
    """The name left once sentence openers ("According", "In") are dropped; "" when it is no author."""
    words = name.split()
    while words and words[0] in rules.not_authors:
        words = words[1:]
    if not words or any(w.strip(",.") in rules.not_authors for w in words if w not in ("and", "et", "al.")):
        return ""
    if words[0].isupper() and len(words[0]) > 1:
        return ""  # an acronym before a year in brackets is a plan or programme far more often than an author
    return " ".join(words)


def _cited_surname(name: str, rules: IntextRules) -> str:
    """The surname a narrative citation names: Long for "Long Yongtu", Naughton for "Barry Naughton"."""
    if " and " in name or "et al" in name:
        return name
    words = name.split()
    if len(words) > 1 and words[0] in rules.cn_surnames:
        return words[0]
    return words[-1]
