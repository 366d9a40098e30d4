"""Whether two records name the same work: a short form and an earlier note, an author-year citation and a
reference-list entry."""
from __future__ import annotations

import re
from difflib import SequenceMatcher

from pipeline.extractors.citations.names import split_authors
from pipeline.extractors.citations.parsed import Parsed
from pipeline.extractors.citations.rules import CitationRules
from pipeline.extractors.citations.titles import STOP
from pipeline.text import plain


def norm(s: str) -> str:
    """Lower-case, quotes and apostrophes unified, punctuation dropped: for comparing titles and names."""
    s = plain(s).lower()
    s = re.sub(r"[^\w\s']", " ", s).replace("'", "")
    return " ".join(s.split())


def same_work(short: Parsed, full: Parsed) -> bool:
    """True when a short form names the same source as an earlier, fuller note.

    The short title is the full title, its opening words, a subset of its words (Chicago short titles), the
    note's own "hereinafter" form, or the book a cited chapter sits in. When both name authors, they must
    share a surname or an acronym ("NASA" for National Aeronautics and Space Administration).
    """
    s = norm(short.title or short.title_original)
    if full.alias and s and norm(full.alias).endswith(s):
        return True
    if short.authors and full.authors and not shared_author(short.authors, full.authors):
        return False
    if not s:
        return bool(short.authors and full.authors)
    for cand in (full.title, full.title_original):
        c = norm(cand)
        if not c:
            continue
        if c == s or c.startswith(s + " ") or (s.startswith(c + " ") and len(c) > 20):
            return True
        words = [w for w in s.split() if w not in STOP]
        if len(words) >= 2 and set(words) <= set(c.split()):
            return True
    return len(s.split()) >= 3 and s == norm(full.container)


def shared_author(mine: list[str], theirs: list[str]) -> bool:
    """True when two author lists share a surname, or one names the other's acronym (NASA)."""
    words = {w for a in mine for w in norm(a).split()}
    for a in theirs:
        caps = [w for w in re.findall(r"[\w’'-]+", a) if w[0].isupper()]
        acronyms = {"".join(w[0] for w in caps).lower(), "".join(w[0] for w in a.split()).lower()}
        if words & set(norm(a).split()) or words & acronyms:
            return True
    return False


def matches_key(name: str, year: int | None, suffix: str, entry: Parsed, rules: CitationRules,
                strict: bool = True) -> bool:
    """True when an author-year citation ("Chen and Yu", 2018) names reference-list `entry`.

    Strict matching compares the cited name with each author's surname: the first word of a name in
    Chinese order ("Liu Yin" is Liu), else the last. `strict=False` accepts either end, for names printed
    in the other order ("Wei Chen").
    """
    if year != entry.year or suffix.lower() != entry.year_suffix.lower():
        return False
    if name[:1] in "“\"‘":
        cited = norm(name)
        return bool(cited) and any(norm(t).startswith(cited) for t in (entry.title, entry.title_original) if t)
    et_al = bool(re.search(r"\bet al\.?", name))
    parts = split_authors(name, rules)
    if not parts or not entry.authors:
        return False
    if et_al and len(entry.authors) < 2:
        return False
    if not et_al and len(parts) != len(entry.authors):
        return False
    return all(_same_person(p, a, rules, strict) for p, a in zip(parts, entry.authors))


def _same_person(cited: str, author: str, rules: CitationRules, strict: bool) -> bool:
    c, a = norm(cited), norm(author)
    if c == a:
        return True
    words = author.split()
    if len(c.split()) > 1:
        return a.endswith(" " + c) or (not strict and a.startswith(c + " "))  # "Di Girolamo", "Van Atta"
    if len(words) < 2:
        return False
    if strict:
        return c == norm(words[0] if words[0] in rules.cn_surnames else words[-1])
    return c in (norm(words[0]), norm(words[-1]))


def title_likeness(short: str, full: str) -> float:
    """How alike a short title is to the opening of a full one, 0 to 1 ("Another Secret Behind" and "Other
    Secrets to Growth" are alike): for a short form whose author is known and whose wording drifted."""
    s, f = norm(short), norm(full)
    if not s or not f:
        return 0.0
    return SequenceMatcher(None, s, f[:len(s) + 8]).ratio()
