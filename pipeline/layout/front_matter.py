"""Front matter printed in the flow of the text that is not the paper: author bylines and the date line.

"Karen M. Sutter, Specialist in Asian Trade and Finance" and "April 16, 2026" are set as one-line paragraphs;
they become passages of kind `back` (matter that is not the paper), so body-only extraction and the phase
classifier skip them. The position words of a byline are data: rules/byline_roles.csv.
"""
from __future__ import annotations

import re

from ..rulefiles import read_csv, rule_cache

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_LINE = re.compile(rf"^(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{4}})$", re.I)
_BYLINE = re.compile(r"^(?:By\s+)?(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){1,3}),\s+(?P<role>[^.;:]{3,120})$")


@rule_cache
def byline_roles(rules_dir: str | None = None) -> frozenset[str]:
    """The position words in force: the shipped rules/byline_roles.csv plus a user's."""
    return frozenset(r["word"].lower() for r in read_csv("byline_roles.csv", rules_dir, required=("word",)))


def is_front_matter(text: str, rules_dir: str | None = None) -> bool:
    """True for a one-line paragraph that is a byline ("Name, Senior Research Fellow") or only a date."""
    text = text.strip()
    if _DATE_LINE.match(text):
        return True
    m = _BYLINE.match(text)
    if not m or len(text.split()) > 20:
        return False
    words = {w.lower() for w in re.findall(r"[\w-]+", m.group("role"))}
    return bool(words & byline_roles(rules_dir))
