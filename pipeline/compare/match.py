"""Match one table item against what a document's prose names.

The prose is the passages of kind body, footnote, endnote and caption (not the table's own passages). An item
is looked for, in this order:

1. exactly, by its spellings: the item itself, the vocabulary's canonical name and aliases for it, an acronym's
   long form (for a short item) or short form (for a long one), "Name (ABBR)" as both "Name" and "ABBR", and
   "Name, qualifier" as "Name" too. A spelling matches an extracted technology or entity (its text or canonical
   name) or, as a last resort, the prose itself: whole words, any case, plural or singular, hyphens as spaces,
   all-capital acronyms case-sensitive, and not inside a longer vocabulary name of another technology
   ("software" in "industrial software" names industrial software).
2. fuzzily, when nothing matched exactly and the item has two words or more: the best extracted name whose
   `fuzzy_score` is at least FUZZY_THRESHOLD (90). The score is the token-set ratio (as in rapidfuzz, computed
   with difflib) when the name holds every word of the item, else the ratio of the sorted words: token-set
   ratio alone is 100 for any subset, so "Medical Artificial Intelligence" would match "artificial
   intelligence". A name the vocabulary gives another canonical name never matches.

An amount of money (a cell the money rules read, see money.py) matches the amounts the money extractor found in
the prose: the same currency and an amount within half a percent, as the amount or as its paired amount.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from itertools import accumulate

from pipeline.compare.money import money_key, same_amount
from pipeline.text import HAN_RE

FUZZY_THRESHOLD = 90
PROSE_KINDS = frozenset({"body", "footnote", "endnote", "caption"})

_STOP = frozenset("a an and the of for in on to with by & based".split())
_TOKEN = re.compile(r"[^\W_]+(?:[&+'][^\W_]+)*")
_PAREN = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[A-Z][^()\s]{1,9})\)\s*$")  # "Name (ABBR)"
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&]*[A-Z0-9]s?$")


@dataclass(frozen=True)
class Name:
    """A name an extractor found in a prose passage: technology or entity text with its canonical name."""

    passage_id: str
    text: str
    canonical: str
    source: str  # technology | entity


@dataclass(frozen=True)
class Amount:
    """An amount of money the money extractor found in a prose passage, with its paired amount if any."""

    passage_id: str
    amount: float
    currency: str
    paired_amount: float | None = None
    paired_currency: str | None = None


@dataclass
class Match:
    """What the prose says about one item."""

    canonical: str = ""
    n_mentions: int = 0
    first_passage_id: str = ""
    how: str = ""  # technology | entity | acronym | text | fuzzy; empty when not found

    @property
    def found(self) -> bool:
        return self.n_mentions > 0


def tokens(text: str) -> list[str]:
    """Lower-case words of `text`, each in its singular form; hyphens, slashes and quotes separate words."""
    return [_singular(t) for t in _TOKEN.findall(text.casefold())]


def normalise(text: str) -> str:
    """The comparison key of a name: its words lower-cased and singular, joined by one space."""
    return " ".join(tokens(text))


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def token_set_ratio(a: str, b: str) -> float:
    """Token-set ratio of two strings, 0 to 100: how alike they are when word order and repeats are ignored."""
    ta, tb = set(tokens(a)), set(tokens(b))
    common = " ".join(sorted(ta & tb))
    only_a = (common + " " + " ".join(sorted(ta - tb))).strip()
    only_b = (common + " " + " ".join(sorted(tb - ta))).strip()
    pairs = ((common, only_a), (common, only_b), (only_a, only_b))
    return 100 * max(SequenceMatcher(None, x, y).ratio() if x or y else 0.0 for x, y in pairs)


def fuzzy_score(item: str, name: str) -> float:
    """How well a name found in the prose stands for a table item, 0 to 100.

    The token-set ratio when the name holds every word of the item (the prose may be more specific: "core
    industrial software" names "industrial software"), else the ratio of the two names' sorted words, so that a
    less specific name ("artificial intelligence" for "medical artificial intelligence") scores low.
    """
    item_words, name_words = set(tokens(item)) - _STOP, set(tokens(name)) - _STOP
    if item_words <= name_words:
        return token_set_ratio(item, name)
    return 100 * SequenceMatcher(None, " ".join(sorted(item_words)), " ".join(sorted(name_words))).ratio()


def text_pattern(spellings: Iterable[str]) -> re.Pattern[str] | None:
    """One regex finding any of `spellings` as whole words in prose, longest first.

    Words may be joined by any run of spaces and punctuation, and each may be plural or singular. All-capital
    acronyms match case-sensitively (so IT is not "it"); everything else in any case.
    """
    alternatives = []
    for s in sorted(set(spellings), key=lambda s: (-len(s), s)):  # ties by text: the same regex in every run
        words = tokens(s)
        if not words:
            continue
        if HAN_RE.search(s):  # Chinese has no spaces between words, so no word boundaries either
            alternatives.append(re.escape(s.strip()))
            continue
        if _ACRONYM.match(s.strip()):  # as written, or with a plural s: ICs
            body = "(?-i:" + re.escape(s.strip().removesuffix("s")) + "s?)"
        else:
            body = r"[^\w&+]+".join(_word_pattern(w) for w in words)
        alternatives.append(rf"(?<![\w&]){body}(?![\w&])")
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _word_pattern(word: str) -> str:
    if len(word) > 3 and word.endswith("y") and word[-2] not in "aeiou":
        return re.escape(word[:-1]) + "(?:y|ies)"
    return re.escape(word) + "(?:s|es)?"


@dataclass
class ProseIndex:
    """What one document's prose names, indexed for matching items.

    Args:
        passages: (passage_id, text) of the prose passages, in reading order.
        names: technologies and entities the extractors found in those passages.
        acronyms: short form -> long form, as the document defines them.
        vocabulary: normalised spelling -> canonical name (the technology vocabulary: names and aliases).
        amounts: the amounts of money the money extractor found in those passages.
        table_only: canonical names never searched for in the prose as plain text, because there they name
            something else (vocabulary scope table); only the extractors' mentions of them count.
    """

    passages: list[tuple[str, str]]
    names: list[Name] = field(default_factory=list)
    acronyms: Mapping[str, str] = field(default_factory=dict)
    vocabulary: Mapping[str, str] = field(default_factory=dict)
    table_only: frozenset[str] = frozenset()
    amounts: list[Amount] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.order = {pid: i for i, (pid, _) in enumerate(self.passages)}
        self.by_key: dict[str, list[Name]] = defaultdict(list)
        for n in self.names:
            for key in {normalise(n.text), normalise(n.canonical)}:
                self.by_key[key].append(n)
        self.long_of = {normalise(s): l for s, l in self.acronyms.items()}
        self.short_of = {normalise(l): s for s, l in self.acronyms.items()}
        self.spellings_of: dict[str, set[str]] = defaultdict(set)
        for key, canonical in self.vocabulary.items():
            self.spellings_of[canonical].add(key)
        self.by_word: dict[str, set[str]] = defaultdict(set)  # word -> extracted names holding it, for fuzzy
        for key in self.by_key:
            for w in set(key.split()) - _STOP:
                self.by_word[w].add(key)
        # The prose as one string, searched once per item; a blank line keeps a match inside one passage.
        self.starts = list(accumulate((len(text) + 2 for _, text in self.passages[:-1]), initial=0))
        self.prose = "\n\n".join(text for _, text in self.passages)
        self.folded = self.prose.casefold()
        # Where the prose prints a vocabulary name of two words or more: (start, end, canonical) per passage.
        self.covered: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        pattern = text_pattern(k for k in self.vocabulary if " " in k)
        for m in pattern.finditer(self.prose) if pattern else ():
            canonical = self.vocabulary.get(normalise(m.group()), "")
            self.covered[self._passage_at(m.start())].append((m.start(), m.end(), canonical))

    def _passage_at(self, offset: int) -> str:
        return self.passages[bisect_right(self.starts, offset) - 1][0]

    def is_name(self, text: str) -> bool:
        """True when `text` is a known name: in the vocabulary, extracted from the prose, or an acronym's long form."""
        key = normalise(text)
        return key in self.vocabulary or key in self.by_key or key in self.short_of

    def match(self, item: str) -> Match:
        """Where and how often the prose names `item`, and its canonical name (see the module docstring)."""
        own, via_acronym, canonical = self._spellings(item)
        keys = {normalise(s) for s in own | via_acronym}
        for source in ("technology", "entity"):
            # A name is indexed by its text and by its canonical name: count each one once.
            rows = list({id(n): n for k in sorted(keys) for n in self.by_key.get(k, ()) if n.source == source}.values())
            if rows:
                return self._result(rows, own | via_acronym, canonical or rows[0].canonical, source)
        searchable = set() if canonical in self.table_only else own
        for spellings, how in ((searchable, "text"), (via_acronym, "acronym")):
            hits = self._search(spellings, canonical)
            if hits:
                return self._count(Counter(), hits, canonical, how)
        best = self._fuzzy(item, canonical)
        if best is not None:
            rows = self.by_key[best]
            return self._result(rows, {rows[0].text}, canonical or rows[0].canonical, "fuzzy")
        return Match(canonical=canonical)

    def match_amount(self, amount: float, currency: str) -> Match:
        """Where the prose gives the same sum: same currency, within TOLERANCE, as the amount or its pair."""
        hits = Counter(a.passage_id for a in self.amounts
                       if (a.currency == currency and same_amount(a.amount, amount))
                       or (a.paired_currency == currency and a.paired_amount is not None
                           and same_amount(a.paired_amount, amount)))
        key = money_key(amount, currency)
        return self._count(Counter(), hits, key, "money") if hits else Match(canonical=key)

    def _spellings(self, item: str) -> tuple[set[str], set[str], str]:
        """The item's own spellings, those an acronym gives it, and its canonical name when one is known."""
        own = {item.strip()}
        paren = _PAREN.match(item.strip())
        if paren:
            own |= {paren["name"], paren["short"]}
        head = item.split(",", 1)[0].strip()
        if head != item.strip() and len(head.split()) >= 2:
            own.add(head)  # "Fund X, Phase I" is named as "Fund X"
        canonical = ""
        for s in sorted(own):  # sorted: the canonical name must not follow the set's (hash-seeded) order
            found = self.vocabulary.get(normalise(s))
            if found:
                canonical = canonical or found
                own |= self.spellings_of[found] | {found}
        via_acronym: set[str] = set()
        long_forms: list[str] = []
        for s in sorted(own):
            key = normalise(s)
            long = self.acronyms.get(s.strip()) or self.long_of.get(key)
            if long:
                via_acronym.add(long)
                long_forms.append(long)
            if key in self.short_of:
                via_acronym.add(self.short_of[key])
                long_forms.append(s)
        canonical = canonical or (long_forms[0] if long_forms else "")
        return own, via_acronym - own, canonical

    def _search(self, spellings: Iterable[str], canonical: str = "") -> Counter[str]:
        """Plain-text hits per passage, leaving out those inside a longer vocabulary name of another technology
        ("software" in "industrial software" names industrial software)."""
        # Most items are not in the prose: a plain substring test of each spelling's longest word skips the
        # regex scan (about a millisecond per item) for them.
        spellings = [s for s in spellings if max(tokens(s), key=len, default="")[:5] in self.folded]
        pattern = text_pattern(spellings)
        hits: Counter[str] = Counter()
        for m in pattern.finditer(self.prose) if pattern else ():
            pid = self._passage_at(m.start())
            if not any(s <= m.start() and m.end() <= e and e - s > m.end() - m.start() and c != canonical
                       for s, e, c in self.covered.get(pid, ())):
                hits[pid] += 1
        return hits

    def _result(self, rows: list[Name], spellings: set[str], canonical: str, how: str) -> Match:
        per_passage = Counter(n.passage_id for n in rows)
        return self._count(per_passage, self._search(spellings, canonical), canonical, how)

    def _count(self, extracted: Counter[str], searched: Counter[str], canonical: str, how: str) -> Match:
        # The table of names has no offsets, so one mention found both ways is counted once per passage
        # by taking the larger of the two counts there.
        per_passage = {pid: max(extracted[pid], searched[pid]) for pid in set(extracted) | set(searched)}
        first = min(per_passage, key=lambda pid: (self.order.get(pid, len(self.order)), pid))
        return Match(canonical, sum(per_passage.values()), first, how)

    def _fuzzy(self, item: str, canonical: str) -> str | None:
        """The extracted name that best stands for `item`, if any scores FUZZY_THRESHOLD or more.

        An item the vocabulary knows never matches a name of another technology in the vocabulary: the
        vocabulary tells them apart ("high-end equipment" is not "high-end medical equipment").
        """
        words = set(tokens(item)) - _STOP
        if len(words) < 2:
            return None
        known = set(self.vocabulary.values())
        candidates = {key for w in words for key in self.by_word.get(w, ())
                      if not (canonical and self.by_key[key][0].canonical in known - {canonical})}
        scored = [(fuzzy_score(item, key), key) for key in candidates]
        scored = [(score, key) for score, key in scored if score >= FUZZY_THRESHOLD]
        return max(scored)[1] if scored else None
