"""Matter printed in the flow of the text that is not the paper: author bylines, the date line, a contact block.

"Karen M. Sutter, Specialist in Asian Trade and Finance" and "April 16, 2026" are set as one-line paragraphs,
and a publisher's address ("18 rue de ... • www.example.eu T +33 ... • info@example.eu") as a short block on the
cover; they become passages of kind `back` (matter that is not the paper), so body-only extraction and the
phase classifier skip them. The position words of a byline are data: rules/byline_roles.csv.
"""
from __future__ import annotations

import re

from ..rulefiles import read_csv, rule_cache

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
          r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE_LINE = re.compile(rf"^(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{4}})$", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_WEB_OR_PHONE = re.compile(r"\bwww\.|https?://|(?:\+|\b00)\d{1,3}[\s(]|\b(?:T|Tel|Phone)\.?:?\s*\+?\d")
_SENTENCE_BREAK = re.compile(r"[a-z]{2,}[.!?]\s+[A-Z]")
# Web addresses and handles only, with separators ("http://example.eu | @example", "example.com/research").
_ADDRESS = r"(?:(?:https?://)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/[\w./?=&%-]*)?|@\w+|[|•·,;/])"
_ADDRESSES_ONLY = re.compile(rf"^{_ADDRESS}(?:\s+{_ADDRESS})*$")
_BYLINE = re.compile(r"^(?:By\s+)?(?P<name>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){1,3}),\s+(?P<role>[^.;:]{3,120}?)\.?$")


@rule_cache
def byline_roles(rules_dir: str | None = None) -> frozenset[str]:
    """The position words in force: the shipped rules/byline_roles.csv plus a user's."""
    return frozenset(r["word"].lower() for r in read_csv("byline_roles.csv", rules_dir, required=("word",)))


def is_date_line(text: str) -> bool:
    """True for a line that is only a date: "April 16, 2026", "16 April 2026", "November 2022"."""
    return bool(_DATE_LINE.match(text.strip()))


def is_front_matter(text: str, rules_dir: str | None = None) -> bool:
    """True for a one-line paragraph that is a byline ("Name, Senior Research Fellow"), only a date or only web
    addresses and handles, and for a contact block: an e-mail address with a web address or a phone number, in
    no sentence of prose."""
    text = text.strip()
    if len(text) <= 400 and _EMAIL.search(text) and _WEB_OR_PHONE.search(text) and not _SENTENCE_BREAK.search(text):
        return True
    if len(text) > 160:
        return False
    if _ADDRESSES_ONLY.match(text):
        return True  # a web address or a handle on its own: where to find the publisher, not the paper
    if _DATE_LINE.match(text):
        return True
    m = _BYLINE.match(text)
    if not m or len(text.split()) > 20:
        return False
    words = {w.lower() for w in re.findall(r"[\w-]+", m.group("role"))}
    return bool(words & byline_roles(rules_dir))
