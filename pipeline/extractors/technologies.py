"""Technologies: names from a vocabulary (technologies.csv) plus token patterns for names it lacks.

The vocabulary gives each technology a canonical name, aliases and a category; every name is matched with a
PhraseMatcher on LOWER (acronyms such as IC or AI on ORTH, so "ai" inside text or "it" never match) in its
singular and plural and its hyphen and space spellings. The token patterns (technology_patterns.jsonl) catch
"gene sequencing technology", "memory chips", "quantum sensing": they become rows with category general and
their own text, lower-case and singular, as canonical. Longest match wins, and a vocabulary name beats any
pattern match it overlaps. Names inside a longer organisation name (the Integrated Circuit Industry
Investment Fund) are not technology mentions and are dropped.
"""
from __future__ import annotations

import re
from collections import defaultdict

from spacy.errors import MatchPatternError
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.errors import RuleError
from pipeline import rulefiles
from pipeline.extractors import base
from pipeline.vocabulary import VOCABULARY, technology_names

NAME = "technologies"
PATTERNS = "technology_patterns.jsonl"
MAX_HYPHEN_WORDS = 4  # beyond this, every hyphen/space spelling of a name would be too many phrases
base.register(NAME)

_ACRONYM = re.compile(r"[0-9A-Z][0-9A-Z.&]*")
_KEEP_FINAL_S = ("ss", "us", "is", "ics", "as")



def is_acronym(name: str) -> bool:
    """True for a name written in capitals (IC, AI, 5G, A.I.): it matches case-sensitively."""
    return bool(_ACRONYM.fullmatch(name)) and any(c.isalpha() for c in name)


def singular(word: str) -> str:
    """The singular of an English plural noun (technologies, batteries, processes, chips); other words as they are."""
    low = word.lower()
    if len(word) <= 3 or not low.endswith("s") or low.endswith(_KEEP_FINAL_S):
        return word
    if low.endswith("ies"):
        return word[:-3] + ("Y" if word[-3].isupper() else "y")
    if low.endswith(("sses", "ches", "shes", "xes")):
        return word[:-2]
    return word[:-1]


def plural(word: str) -> str:
    """The plural of an English noun (technology, battery, process, chip); plurals, -ics words and non-words as
    they are."""
    low = word.lower()
    if len(word) <= 2 or not word.isalpha() or singular(word) != word or low.endswith("ics"):
        return word
    if low.endswith("y") and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    if low.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def spellings(name: str) -> set[str]:
    """Every spelling a name matches: its last word singular and plural, and (up to four words) each gap a
    hyphen or a space. An acronym only adds its plural with s (ICs)."""
    name = " ".join(name.split())
    if is_acronym(name):
        return {name, name + "s"}
    forms = set()
    for number in {name, _last_word(name, singular), _last_word(name, plural)}:
        words = number.replace("-", " ").split()
        if len(words) > MAX_HYPHEN_WORDS:
            forms.update({number, " ".join(words)})
            continue
        for mask in range(2 ** (len(words) - 1)):
            gaps = ["-" if mask >> i & 1 else " " for i in range(len(words) - 1)]
            forms.add(words[0] + "".join(g + w for g, w in zip(gaps, words[1:])))
    return forms


def _last_word(name: str, inflect) -> str:
    head, _, last = name.rpartition(" ")
    return f"{head} {inflect(last)}".strip()



def phrase_lists(names: dict[str, str]) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """The spellings to match for each canonical: (case-insensitive ones, acronyms matched as written)."""
    lower: dict[str, str] = {}
    exact: dict[str, str] = {}
    for name, canonical in names.items():
        table, key = (exact, str) if is_acronym(name) else (lower, str.lower)
        for form in spellings(name):
            table[key(form)] = canonical
    return _by_canonical(lower), _by_canonical(exact)


def _by_canonical(table: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for form, canonical in sorted(table.items()):
        grouped[canonical].append(form)
    return dict(grouped)


def pattern_canonical(text: str) -> str:
    """The canonical of a name a pattern found: lower-case, one space between words, last word singular."""
    return _last_word(" ".join(text.lower().split()), singular)


def choose(vocab: list[Span], patterns: list[Span]) -> list[Span]:
    """Longest vocabulary spans, then the longest pattern spans that overlap none of them, in text order."""
    kept = filter_spans(vocab)
    taken = {i for span in kept for i in range(span.start, span.end)}
    free = [s for s in patterns if not taken.intersection(range(s.start, s.end))]
    return sorted(kept + filter_spans(free), key=lambda s: s.start)


def inside_name(span: Span, labels: frozenset[str]) -> bool:
    """True when the span lies inside a longer entity with one of `labels` (an organisation's name)."""
    for ent in span.doc.ents:
        if ent.label_ in labels and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span):
            return True
    return False


def trim(span: Span, labels: frozenset[str]) -> Span | None:
    """A pattern span cut to the name: without leading hyphens or words of a named entity (US chips -> chips).

    Returns:
        None when only the head word is left, or when a noun follows the span (technology projects: the
        name is a modifier of that noun there).
    """
    doc, start = span.doc, span.start
    while start < span.end - 1 and (doc[start].tag_ == "HYPH" or doc[start].ent_type_ in labels):
        start += 1
    follows = doc[span.end] if span.end < len(doc) else None
    if span.end - start < 2 or follows is not None and follows.is_alpha and follows.tag_.startswith("NN"):
        return None
    return doc[start:span.end]


class TechnologyFinder:
    """The registered component: vocabulary phrase matchers plus token patterns over one passage Doc."""

    def __init__(self, nlp: Language, rules_dir: str | None, skip_kinds: list[str],
                 organisation_labels: list[str], name_labels: list[str]):
        self.technologies, names = technology_names(rules_dir)
        lower, exact = phrase_lists(names)
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.acronyms = PhraseMatcher(nlp.vocab, attr="ORTH")
        for matcher, table in ((self.phrases, lower), (self.acronyms, exact)):
            for canonical, forms in table.items():
                matcher.add(canonical, list(nlp.tokenizer.pipe(forms)))
        self.patterns = Matcher(nlp.vocab, validate=True)
        for n, rule in enumerate(rulefiles.read_jsonl(PATTERNS, rules_dir), 1):
            rule_id = str(rule.get("id") or f"pattern-{n}")
            if not isinstance(rule.get("pattern"), list):
                raise RuleError(f"{PATTERNS}: rule {rule_id}: 'pattern' must be a list of token objects "
                                f"(a name that is a plain phrase goes in {VOCABULARY})")
            try:
                self.patterns.add(rule_id, [rule["pattern"]], greedy="LONGEST")
            except MatchPatternError as exc:
                raise RuleError(f"{PATTERNS}: rule {rule_id}: {exc}") from exc
        self.skip_kinds = frozenset(skip_kinds)
        self.organisations = frozenset(organisation_labels)
        self.names = frozenset(name_labels)

    def __call__(self, doc: Doc) -> Doc:
        kind = base.passage_kind(doc)
        if kind in self.skip_kinds:
            return doc
        vocab = [span for span in self._vocabulary_spans(doc, kind) if not inside_name(span, self.organisations)]
        for span in choose(vocab, self._pattern_spans(doc)):
            if not span.label_:
                base.add_span(doc, NAME, span, {"canonical": pattern_canonical(span.text), "category": "general",
                                                "source": "pattern"})
            elif (tech := self.technologies[span.label_]).category != "none":
                base.add_span(doc, NAME, span, {"canonical": tech.canonical, "category": tech.category,
                                                "source": "vocabulary"})
        return doc

    def _vocabulary_spans(self, doc: Doc, kind: str) -> list[Span]:
        spans = []
        for matcher in (self.phrases, self.acronyms):
            for match_id, start, end in matcher(doc):
                tech = self.technologies[doc.vocab.strings[match_id]]
                if not tech.scope or tech.scope == kind:
                    spans.append(Span(doc, start, end, label=tech.canonical))
        return spans

    def _pattern_spans(self, doc: Doc) -> list[Span]:
        if not doc.has_annotation("TAG"):
            return []  # the patterns read part-of-speech tags: without a tagger only the vocabulary runs
        spans = []
        for _, start, end in self.patterns(doc):
            span = trim(doc[start:end], self.names)
            if span is not None and not inside_name(span, self.organisations):
                spans.append(span)
        return spans


@Language.factory(NAME, assigns=["doc.spans"], default_config={
    "rules_dir": None,
    "skip_kinds": ["back"],
    "organisation_labels": ["ORG", "GOV", "FUND", "LAB"],
    "name_labels": ["ORG", "GOV", "FUND", "LAB", "PERSON", "GPE", "NORP"],
})
def make_technologies(nlp: Language, name: str, rules_dir: str | None, skip_kinds: list[str],
                      organisation_labels: list[str], name_labels: list[str]) -> TechnologyFinder:
    """The technologies component. skip_kinds: passage kinds left out (back matter: board lists, author notes);
    organisation_labels: entities whose names hide technology words; name_labels: entity words trimmed off the
    front of a pattern match."""
    return TechnologyFinder(nlp, rules_dir, skip_kinds, organisation_labels, name_labels)
