"""Rejoin printed lines into running text: end-of-line hyphens, URLs broken across lines, CJK runs.

A line-end hyphen is dropped when the joined word is one the document itself uses ("tech-" +
"nologies"), kept when the document uses the hyphenated form or the first part is a prefix that is
written with a hyphen (`rules/hyphen_prefixes.csv`: "self-" + "reliance"), and dropped otherwise.
"""
from __future__ import annotations

import re

from pipeline.rulefiles import read_csv, rule_cache
from pipeline.text import CJK_RE

WORD_RE = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
URL_START_RE = re.compile(r"(?:https?:(?://)?|www\.)\S*$", re.I)
URL_CONT_RE = re.compile(r"^[a-z0-9_%~#=&?/.\-]+\S*", re.I)


@rule_cache
def hyphen_prefixes(rules_dir: str | None = None) -> frozenset[str]:
    """Prefixes written with a hyphen, from `hyphen_prefixes.csv` (shipped, then the user's)."""
    return frozenset(row["prefix"].lower() for row in read_csv("hyphen_prefixes.csv", rules_dir, ("prefix",)))


class Lexicon:
    """The words a document uses, to decide line-end hyphens by the document's own spelling."""

    def __init__(self, lines: list[str], prefixes: frozenset[str] | None = None):
        """Words of the document's lines, leaving out the two halves of every line-end break; `prefixes` are
        written with a hyphen (default: the shipped list)."""
        self.prefixes = hyphen_prefixes() if prefixes is None else prefixes
        self.words: set[str] = set()
        broken_before = False
        for text in lines:
            words = WORD_RE.findall(text)
            if broken_before and words and text.startswith(words[0]):
                words = words[1:]
            broken_before = text.endswith("-")
            if broken_before and words and text[:-1].endswith(words[-1]):
                words = words[:-1]
            for w in words:
                self.words.add(w.lower())
                if "-" in w:  # the parts of a compound are words too
                    self.words.update(part.lower() for part in w.split("-"))

    def spelled_whole(self, head: str, tail: str) -> bool:
        """Whether the document writes head + tail as one word and never with the hyphen ("CPT-" + "PP")."""
        h, t = head.lower(), tail.lower()
        return f"{h}{t}" in self.words and f"{h}-{t}" not in self.words

    def keep_hyphen(self, head: str, tail: str) -> bool:
        h, t = head.lower(), tail.lower()
        if f"{h}{t}" in self.words:
            return False
        if f"{h}-{t}" in self.words:
            return True
        if len(h) >= 4 and len(t) >= 4 and h in self.words and t in self.words:
            return True  # two words the document uses on their own: a compound ("tech-focused")
        return h in self.prefixes or h.isdigit()


def _url_continues(prev: str, nxt: str) -> bool:
    """Whether `prev` ends inside a URL that `nxt` continues (URLs break anywhere, even after a dot)."""
    m = URL_START_RE.search(prev)
    if not m or not URL_CONT_RE.match(nxt):
        return False
    first = nxt.split(" ", 1)[0]
    if m.group(0).endswith((",", ";", ")", "]")):
        return False
    if m.group(0).endswith((".", ":")):  # "gov." + "cn/...", "https:" + "//www..."
        return nxt.startswith("/") or (nxt[:1].islower() and any(ch in first for ch in "/.=?&_"))
    return not nxt[:1].isupper() or any(ch in first for ch in "/.=?&_")


def join(prev: str, nxt: str, lexicon: Lexicon | None = None) -> str:
    """Append the next printed line to the running text."""
    if not prev:
        return nxt
    if not nxt:
        return prev
    if _url_continues(prev, nxt):
        return prev + nxt
    if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and nxt[:1].islower():
        head = re.search(r"([A-Za-z]+)-$", prev)
        tail = re.match(r"[a-z]+", nxt)
        in_compound = nxt[len(tail.group(0)):].startswith("-") if tail else False  # "fund-" + "of-funds"
        if head and tail and not in_compound and not (lexicon or Lexicon([])).keep_hyphen(head.group(1), tail.group(0)):
            return prev[:-1] + nxt
        return prev + nxt
    if prev.endswith("-") and nxt[:1].isupper() and lexicon is not None:
        head = re.search(r"(?<![A-Za-z])([A-Z]{2,})-$", prev)  # a capitalised short form cut at the line end
        tail = re.match(r"[A-Z]+\b", nxt)
        if head and tail and lexicon.spelled_whole(head.group(1), tail.group(0)):
            return prev[:-1] + nxt
    if prev.endswith(("-", "/", "\u2013", "\u2014")) and not prev.endswith(" -"):
        return prev + nxt
    if CJK_RE.match(prev[-1]) and CJK_RE.match(nxt[0]):
        return prev + nxt
    return prev + " " + nxt
