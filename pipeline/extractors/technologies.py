"""Technologies: names from a vocabulary (technologies.csv) plus token patterns for candidates it lacks.

The vocabulary gives each technology a canonical name, aliases, a category and the public lists naming it; every
name is matched with a PhraseMatcher on LOWER (acronyms such as IC or AI on ORTH, so "ai" inside text or "it" never
match) in its singular and plural and its hyphen and space spellings, and takes a following "technology" or
"technologies" into the mention (energy storage technology). The token patterns (technology_patterns.jsonl) catch
noun phrases with a technology head or modifier the vocabulary lacks ("gene sequencing technology", "memory
chips", "quantum sensing", "solid-state batteries"): they become discovered candidates, rows with source
discovered and no canonical or category. Longest match wins, and a vocabulary name beats a pattern match it
overlaps unless the match holds it whole and is longer (solid-state batteries holds batteries: both rows are
kept). Names inside a longer organisation name (the Integrated Circuit Industry Investment Fund) or
in the title of a law (the CHIPS and Science Act, the Acts on Chips) are not technology mentions and are dropped.
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
from pipeline.text import plural, singular
from pipeline.vocabulary import VOCABULARY, technology_names

NAME = "technologies"
PATTERNS = "technology_patterns.jsonl"
MAX_HYPHEN_WORDS = 4  # beyond this, every hyphen/space spelling of a name would be too many phrases
base.register(NAME)

_ACRONYM = re.compile(r"[0-9A-Z][0-9A-Z.&]*")
# A word after a vocabulary name that belongs to it: "quantum computing technology" is quantum computing.
SUFFIXES = frozenset({"technology", "technologies"})
# The head of a law's title, and the words a title may hold between a technology name and it ("CHIPS and Science
# Act"): a name in such a title names the law (the US CHIPS Act, the EU Chips Act), not the technology.
LAW_HEADS = frozenset({"Act", "Acts", "Law", "Laws"})
_TITLE_JOINERS = frozenset({"and", "of", "for", "the", "&", "-", "on"})
_TITLE_REACH = 6  # words between the name and the head



def is_acronym(name: str) -> bool:
    """True for a name written in capitals (IC, AI, 5G, A.I.): it matches case-sensitively."""
    return bool(_ACRONYM.fullmatch(name)) and any(c.isalpha() for c in name)


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
    """A name's plain form: lower-case, one space between words, last word singular (what a discovered candidate
    would be grouped by)."""
    return _last_word(" ".join(text.lower().split()), singular)


def choose(vocab: list[Span], patterns: list[Span], blocking: frozenset[str] = frozenset()) -> list[Span]:
    """Longest vocabulary spans, then the longest pattern spans that overlap none of them or hold each one they
    overlap whole and are longer (solid-state batteries over batteries), in text order.

    Args:
        vocab: vocabulary spans, labelled with their canonical.
        patterns: pattern spans (no label).
        blocking: canonicals (category none) whose spans block any pattern span overlapping them.
    """
    kept = filter_spans(vocab)
    free = []
    for span in patterns:
        inside = [v for v in kept if v.start < span.end and span.start < v.end]
        if all(v.label_ not in blocking and span.start <= v.start and v.end <= span.end and len(span) > len(v)
               for v in inside):
            free.append(span)
    return sorted(kept + filter_spans(free), key=lambda s: (s.start, -len(s)))


def with_suffix(span: Span) -> Span:
    """The span with a following "technology" or "technologies" taken in (energy storage technology)."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].lower_ in SUFFIXES and doc[span.end].text.islower():
        return Span(doc, span.start, span.end + 1, label=span.label_)
    return span


def in_law_title(span: Span) -> bool:
    """True when a capitalised name lies in the title of a law: "CHIPS and Science Act", "European Chips Act",
    "the Acts on Chips"."""
    doc = span.doc
    if not span.text[:1].isupper():
        return False
    for token in doc[span.end:span.end + _TITLE_REACH]:
        if token.text in LAW_HEADS:
            return True
        if not (token.text in _TITLE_JOINERS or token.is_alpha and token.text[:1].isupper()):
            break
    return (span.start >= 2 and doc[span.start - 1].lower_ in ("on", "of")
            and doc[span.start - 2].text in LAW_HEADS)


def inside_name(span: Span, labels: frozenset[str]) -> bool:
    """True when the span lies inside a longer entity with one of `labels` (an organisation's name). An entity that
    has a comma next to the span is a list the model read as one name ("Biotech, Life Sciences"): it hides nothing.
    """
    doc = span.doc
    for ent in doc.ents:
        if ent.label_ in labels and ent.start <= span.start and span.end <= ent.end and len(ent) > len(span):
            beside = [doc[i].text for i in (span.start - 1, span.end) if ent.start <= i < ent.end]
            if "," not in beside:
                return True
    return False


def trim(span: Span, labels: frozenset[str]) -> Span | None:
    """A pattern span cut to the name: without leading hyphens or words of a named entity (US chips -> chips).

    Returns:
        None when the span begins inside a hyphenated word, when only the head word is left, or when a noun follows
        the span (technology projects: the name is a modifier of that noun there).
    """
    doc, start = span.doc, span.start
    if start > 1 and doc[start - 1].tag_ == "HYPH" and not doc[start - 2].whitespace_:
        return None  # the match begins inside a hyphenated word (high-quality technologies): not a name
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
        self.blocking = frozenset(c for c, t in self.technologies.items() if t.category == "none")
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
        vocab = [span for span in self._vocabulary_spans(doc, kind)
                 if not inside_name(span, self.organisations) and not in_law_title(span)]
        vocab = [with_suffix(span) for span in filter_spans(vocab)]
        for span in choose(vocab, self._pattern_spans(doc), self.blocking):
            if not span.label_:
                base.add_span(doc, NAME, span, {"canonical": None, "category": None, "source": "discovered"})
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
