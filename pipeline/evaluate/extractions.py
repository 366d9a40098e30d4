"""Matchers of the extraction tables: money, percentages, acronyms, glossary, technologies and organisations."""
from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence

from pipeline.evaluate.normalise import TITLE_OVERLAP, as_float, normalize_chinese, normalize_text, token_overlap
from pipeline.evaluate.pairing import Item, distinct, match_one_to_one
from pipeline.evaluate.score import Score
from pipeline.text import name_key

MONEY_TOLERANCE = 0.005  # relative difference allowed between amounts


def same_amount(gold: Item, row: Item) -> bool:
    """Money matches on currency and an amount within 0.5% of the gold amount."""
    g, o = as_float(gold.get("amount")), as_float(row.get("amount"))
    same_currency = str(gold.get("currency") or "").upper() == str(row.get("currency") or "").upper()
    return g is not None and o is not None and same_currency and math.isclose(g, o, rel_tol=MONEY_TOLERANCE)


def match_money(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Money: one to one on `same_amount`."""
    show = lambda x: f"{x.get('text')!s} = {x.get('amount')} {x.get('currency')}"  # noqa: E731
    return match_one_to_one(gold, out, [same_amount], show, show)[0]


def same_percentage(gold: Item, row: Item) -> bool:
    """Percentages match on value."""
    g, o = as_float(gold.get("value")), as_float(row.get("value"))
    return g is not None and o is not None and math.isclose(g, o, rel_tol=1e-9, abs_tol=1e-9)


def match_percentages(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Percentages: one to one on `same_percentage`."""
    show = lambda x: f"{x.get('text')!s} = {x.get('value')}"  # noqa: E731
    return match_one_to_one(gold, out, [same_percentage], show, show)[0]


def match_acronyms(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Acronyms: distinct (short, long) pairs, equal after `normalize_text` on both sides."""
    key = lambda x: (normalize_text(x.get("short")), normalize_text(x.get("long")))  # noqa: E731
    show = lambda x: f"{x.get('short')} = {x.get('long')}"  # noqa: E731
    return match_one_to_one(distinct(gold, key), distinct(out, key), [lambda g, o: key(g) == key(o)],
                            show, show)[0]


def glossary_key(item: Item) -> tuple[str, str]:
    """A glossary pair for comparison: (normalised English, Chinese without spaces)."""
    return normalize_text(item.get("english")), normalize_chinese(item.get("chinese"))


def match_glossary(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Glossary: distinct pairs; the Chinese sides must be equal without spaces, the English ones equal after
    `normalize_text` or, failing any exact partner, share at least 80% of their words (`token_overlap`), so a
    term cut one word short or long still counts while a different term for the same Chinese does not.
    """
    exact = lambda g, o: glossary_key(g) == glossary_key(o)  # noqa: E731
    fuzzy = lambda g, o: (glossary_key(g)[1] == glossary_key(o)[1]  # noqa: E731
                          and token_overlap(g.get("english"), o.get("english")) >= TITLE_OVERLAP)
    show = lambda x: f"{x.get('english')} = {x.get('chinese')}"  # noqa: E731
    return match_one_to_one(distinct(gold, glossary_key), distinct(out, glossary_key), [exact, fuzzy],
                            show, show)[0]


GLOSSARY_TYPES = ("term", "title", "person", "org", "place")


def match_glossary_by_type(gold: Sequence[Item], out: Sequence[Item]) -> dict[str, Score]:
    """`glossary` over all pairs, then `glossary.<type>` for each type the annotation gives (pairs of that type on
    both sides), so a pair found but typed wrongly counts against its type and not against the whole."""
    scores = {"glossary": match_glossary(gold, out)}
    if any(g.get("type") for g in gold):
        for kind in GLOSSARY_TYPES:
            mine = [g for g in gold if g.get("type") == kind]
            theirs = [o for o in out if o.get("type") == kind]
            if mine or theirs:
                scores[f"glossary.{kind}"] = match_glossary(mine, theirs)
    return scores


SCORED_TECHNOLOGY_SOURCES = ("vocabulary", "", None)  # discovered candidates are left out of the score


def match_technologies(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Technologies: a gold technology is found when its name or any alias equals the canonical name or the text
    of an output row, compared after `normalize_text` with hyphens and a final plural folded (`name_key`), as the
    gold README states. Output rows are grouped by canonical name; a group is right when its canonical name or one
    of its texts is any gold name or alias, and a false positive otherwise.

    Only vocabulary rows are scored (and rows of outputs without a source column): discovered candidates are
    phrases for a person to review, not names the pipeline vouches for.
    """
    key = lambda text: name_key(normalize_text(text)) if normalize_text(text) else ""  # noqa: E731
    return _match_named_groups(gold, [r for r in out if _source(r) in SCORED_TECHNOLOGY_SOURCES], key)


def _match_named_groups(gold: Sequence[Item], rows: Sequence[Item], key) -> Score:
    """A gold item (name and aliases) is found when one of its `key`s is the key of an output row's canonical
    name or text. Rows are grouped by canonical name (their text where they have none); a group is right when
    its canonical name or one of its texts is any gold name or alias, and a false positive otherwise."""
    names = [{key(n) for n in [g.get("name"), *(g.get("aliases") or [])]} - {""} for g in gold]
    groups: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        canonical = key(row.get("canonical")) or key(row.get("text"))
        groups[canonical].update({canonical, key(row.get("text"))} - {""})
    extracted = set().union(*groups.values()) if groups else set()
    every_gold = set().union(*names) if names else set()
    found = [bool(n & extracted) for n in names]
    wrong = sorted(c for c, texts in groups.items() if not texts & every_gold)
    return Score(tp=sum(found), fp=len(wrong), fn=found.count(False), hits=len(groups) - len(wrong),
                 false_positives=wrong, false_negatives=[g.get("name") for g, f in zip(gold, found) if not f])


def _source(row: Item) -> str | None:
    value = row.get("source")
    return value if isinstance(value, str) else None  # NaN / NA of an empty cell


# Entity labels that name an organisation, a government body or a programme (the gold `organizations` list, whose
# programmes include plans such as Made in China 2025, and which lists stock exchanges and boards); places, people
# and laws are other entities.
ORGANIZATION_LABELS = frozenset({"ORG", "GOV", "FUND", "LAB", "PROGRAM", "PLAN", "MARKET"})
_LEADING_THE = re.compile(r"^the\s+")


def organization_key(text: object) -> str:
    """An organisation's name for comparison: `normalize_text`, a possessive 's and a leading "the" dropped."""
    name = re.sub(r"'s$", "", normalize_text(text))
    return _LEADING_THE.sub("", name)


def match_organizations(gold: Sequence[Item], out: Sequence[Item]) -> Score:
    """Organisations: a gold organisation is found when its name or any alias equals the canonical name or the
    text of an entities row with an organisation label (ORGANIZATION_LABELS), compared by `organization_key`.
    Rows are grouped and scored as technologies are (`_match_named_groups`).
    """
    return _match_named_groups(gold, [r for r in out if r.get("label") in ORGANIZATION_LABELS], organization_key)
