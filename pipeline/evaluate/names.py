"""Author names as the gold format compares them: one to one, each name whole, up to order and initials.

"Jie Zhang" = "Zhang Jie", "J. Smith" = "John Smith", "Emily S. Weinstein" = "Emily Weinstein", "Smith JA" =
"John A. Smith", "Ministry of Commerce" = "ministry of commerce"; a surname alone matches no full name.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from pipeline.evaluate.normalise import is_missing
from pipeline.text import without_bracketed_han

_DROPPED = re.compile(r",?\s*\b(?:et al|Jr|Sr)\b\.?", re.I)


def author_list(value: Any) -> list[str]:
    """A gold list or an output cell ("A; B") as a list of names."""
    if is_missing(value):
        return []
    parts = value if isinstance(value, list) else str(value).split(";")
    return [p.strip() for p in parts if str(p).strip()]


def _tokens(name: str) -> list[str]:
    """Lower-case words without accents; a run of capitals after a surname ("Smith JA") read as initials."""
    name = _DROPPED.sub("", without_bracketed_han(name))
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c))
    raw = re.findall(r"\w+", name.replace("’", "").replace("'", ""))
    out: list[str] = []
    for i, w in enumerate(raw):
        if i and w.isupper() and len(w) <= 3 and len(raw) == 2 and not raw[0].isupper():
            out.extend(w.lower())  # "Smith JA": the initials J and A
        else:
            out.append(w.lower())
    return out


def same_name(a: str, b: str) -> bool:
    """True when two printed names are the same person or organisation (see the module docstring)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return False
    if ta == tb or "".join(ta) == "".join(tb) or sorted(ta) == sorted(tb):
        return True
    if len(ta) < 2 or len(tb) < 2:
        return False
    return _initials_agree(ta, tb)


def _initials_agree(ta: list[str], tb: list[str]) -> bool:
    """The full words of the shorter name all in the other; each initial left stands for a word left over,
    and no full word is left over on both sides ("John Smith" is not "Mary Smith")."""
    fa = [w for w in ta if len(w) > 1]
    fb = [w for w in tb if len(w) > 1]
    if not fa or not fb:
        return False
    left_a, left_b = list(ta), list(tb)
    for w in fa:
        if w in left_b:
            left_a.remove(w)
            left_b.remove(w)
    if not (set(fa) <= set(tb) or set(fb) <= set(ta)):
        return False
    for side, other in ((left_a, left_b), (left_b, left_a)):
        for w in [x for x in side if len(x) == 1]:
            hit = next((o for o in other if o[0] == w), None)
            side.remove(w)
            if hit is not None:
                other.remove(hit)
    return not (any(len(w) > 1 for w in left_a) and any(len(w) > 1 for w in left_b))


def same_authors(gold: Any, out: Any) -> bool:
    """Two author lists match when their names pair one to one under `same_name`."""
    g, o = author_list(gold), author_list(out)
    if len(g) != len(o):
        return False
    free = list(o)
    for name in g:
        hit = next((x for x in free if same_name(name, x)), None)
        if hit is None:
            return False
        free.remove(hit)
    return True
