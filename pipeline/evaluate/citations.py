"""Matchers of citations (notes found by marker, then their urls, year and title) and intext_citations (found,
then resolved to the right bibliography entry); the fields are scored by slot filling."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.evaluate.names import author_list, same_authors
from pipeline.evaluate.normalise import as_int, is_missing, normalize_text, same_title
from pipeline.evaluate.pairing import Item, match_one_to_one
from pipeline.evaluate.score import Score


def _urls(value: Any) -> set[str]:
    if is_missing(value):
        return set()
    parts = value if isinstance(value, list) else str(value).split()
    return {u.strip().rstrip(".,;)") for u in parts if u.strip()}


def _slot(score: Score, label: str, gold_value: Any, out_value: Any, same: Callable[[Any, Any], bool]) -> None:
    # Slot filling: a value given and right is tp; given and wrong is fp (and fn when gold has one);
    # not given where gold has one is fn; both empty counts nothing.
    g_empty, o_empty = _empty(gold_value), _empty(out_value)
    if not o_empty and not g_empty and same(gold_value, out_value):
        score.tp += 1
        return
    if not o_empty:
        score.fp += 1
        score.false_positives.append(f"{label}: {out_value}")
    if not g_empty:
        score.fn += 1
        score.false_negatives.append(f"{label}: {gold_value}")


def _empty(value: Any) -> bool:
    return is_missing(value) or value in ("", [], set())


# Note field -> (read a value, compare two read values). Fields of the cited work are read from the output's
# `resolved_<field>` column where it has one; `urls` and `type` are the note's own.
_NOTE_FIELDS: dict[str, tuple[Callable[[Any], Any], Callable[[Any, Any], bool]]] = {
    "type": (lambda v: None if is_missing(v) else normalize_text(v), lambda a, b: a == b),
    "urls": (_urls, lambda a, b: a == b),
    "year": (as_int, lambda a, b: a == b),
    "date": (lambda v: None if is_missing(v) else str(v).strip(), lambda a, b: a == b),
    "title": (lambda v: None if is_missing(v) else str(v), same_title),
    "authors": (author_list, same_authors),
    "container": (lambda v: None if is_missing(v) else str(v), same_title),
}
_OWN_FIELDS = {"type", "urls"}


def match_citations(gold: Sequence[Item], out: Sequence[Item]) -> dict[str, Score]:
    """Citations, per gold note (footnote, endnote, or a numbered reference under a source line): `citations`
    scores the note found by its marker (one to one; output bibliography entries are not notes and are left
    out); `citations.<field>` scores each field of the notes slot by slot (see _NOTE_FIELDS): urls as equal
    sets (trailing punctuation dropped), year and date equal, title and container by `same_title`, authors one
    to one by `same_authors`. The gold fields describe the work cited, so they are compared with the output's
    resolved_<field> columns when it has them. A gold note that was not found misses its fields.
    """
    notes = [r for r in out if r.get("kind") in ("footnote", "endnote", "source_note")]
    marker = lambda x: str(x.get("marker") or "").strip()  # noqa: E731
    found, pairs = match_one_to_one(gold, notes, [lambda g, o: marker(g) == marker(o)],
                                    lambda x: f"note {marker(x)}", lambda x: f"note {marker(x)}")
    by_gold = {id(g): o for g, o in pairs}
    scores = {"citations": found}
    for name, (read, same) in _NOTE_FIELDS.items():
        gold_name = "kind" if name == "type" else name
        column = name if name in _OWN_FIELDS else f"resolved_{name}"
        score = Score()
        for g in gold:
            o = by_gold.get(id(g), {})
            value = o.get(column) if column in o else o.get(name)
            _slot(score, f"note {marker(g)} {name}", read(g.get(gold_name)), read(value), same)
        scores[f"citations.{name}"] = score
    return scores


def _surname(value: Any) -> str:
    return re.sub(r"\bet al\b\.?", "", normalize_text(value)).strip(" .,")


def _intext_key(item: Item) -> tuple[str, int | None, str]:
    return _surname(item.get("surname_or_org")), as_int(item.get("year")), normalize_text(item.get("year_suffix"))


def same_entry(gold_entry: Item, row: Item) -> bool:
    """A gold bibliography entry and an output citations row are one work: same year and suffix, and the gold
    first author appears in the row's authors or the titles match (`same_title`)."""
    if as_int(gold_entry.get("year")) != as_int(row.get("year")):
        return False
    if normalize_text(gold_entry.get("year_suffix")) != normalize_text(row.get("year_suffix")):
        return False
    authors = gold_entry.get("authors") or []
    first = normalize_text(authors[0]) if authors else ""
    return bool(first and first in normalize_text(row.get("authors"))) or same_title(gold_entry.get("title"),
                                                                                        row.get("title"))


def match_intext(gold: Sequence[Item], out: Sequence[Item], bibliography: Sequence[Item],
                 citations: Sequence[Item]) -> dict[str, Score]:
    """In-text citations: `intext_citations` pairs gold and output one to one on (surname or organisation
    normalised, without "et al.", year, suffix); `intext_citations.resolved` scores resolves_to slot by slot:
    an output citation_id is right when its citations row is the gold key's bibliography entry (`same_entry`).
    """
    show = lambda x: f"{x.get('text')}"  # noqa: E731
    found, pairs = match_one_to_one(gold, out, [lambda g, o: _intext_key(g) == _intext_key(o)], show, show)
    entries = {b.get("key"): b for b in bibliography}
    rows = {r.get("citation_id"): r for r in citations}
    by_gold = {id(g): o for g, o in pairs}
    resolved = Score()
    for g in gold:
        key, cid = g.get("resolves_to"), by_gold.get(id(g), {}).get("resolves_to")
        entry = entries.get(key) or {"year": _key_year(key)}
        _slot(resolved, f"{g.get('text')} -> resolves_to", key, cid,
              lambda _k, c: c in rows and same_entry(entry, rows[c]))  # noqa: B023 (called at once)
    return {"intext_citations": found, "intext_citations.resolved": resolved}


def _key_year(key: str) -> int | None:
    m = re.search(r"(\d{4})", key or "")
    return int(m.group(1)) if m else None
