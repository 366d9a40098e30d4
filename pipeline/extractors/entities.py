"""Named entities: the statistical NER's entities plus domain names from pipeline/rules/entities.jsonl.

The model (the `ner` component before this one) finds ORG, GPE, PERSON, LAW, ...; it misses or mislabels the
names policy papers are about, so the entity rules add ministries and commissions (GOV), funds (FUND),
programmes (PROGRAM), plans (PLAN), markets (MARKET) and laboratories (LAB): known names as phrases with a
canonical `id`, and generic token patterns ("Ministry of X", "X Commission", "X Fund", "X Plan for Y") for names
no list holds. A rule match wins over a model entity it overlaps; among rule matches the longest wins.
Numeric labels (MONEY, PERCENT, ...) are left to the money and percentages extractors, and texts the stoplist
(pipeline/rules/entity_stoplist.csv) names are no entities: parts of the document ("Table 1", "Section 3"),
citation words ("Ibid") and web addresses.

One step over the whole document follows (`link_containers`, see `stages/annotate.DOCUMENT_STEPS`): the outlets,
journals and publishers the citations name become ORG entities of the notes that print them.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.errors import RuleError
from pipeline import rulefiles
from pipeline.extractors import base
from pipeline.model import Document, Mention

NAME = "entities"
RULES_FILE = "entities.jsonl"
STOPLIST_FILE = "entity_stoplist.csv"  # texts that are never entities: "Table 1", "Ibid.", a URL
# Model labels other extractors own, or that are not names.
SKIP_LABELS = ["MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"]
# Words a generic match may not end on: "Ministry of Science and" is cut back to "Ministry of Science".
_CONNECTORS = {"and", "of", "for", "on", "the", "&", "-"}
_POSSESSIVE = re.compile(r"'s$")
# A word broken at a line end and joined with its hyphen ("Tech- nology"); "Medium- and Long-Term" stays.
_BROKEN_WORD = re.compile(r"(?<=[a-z])- (?!(?:and|or|to)\b)(?=[a-z])")
_TRAILING_CONNECTOR = re.compile(r"(?:\s+(?:and|of|for|&|-))+$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_EDGE_PUNCT = "\"'“”‘’()[],;:.*"

base.register(NAME)


def canonical_name(text: str, label: str) -> str:
    """The entity's name without PDF artefacts: spaces collapsed, words broken at a line end rejoined, curly
    apostrophes straightened, edge quotes, a possessive 's and a dangling "and" dropped, and a leading "the"
    dropped ("the Ministry of Finance" -> "Ministry of Finance"), except for titles of works.

    Returns the cleaned text, or the text itself when cleaning would leave nothing.
    """
    name = _BROKEN_WORD.sub("", " ".join(text.replace("’", "'").split())).strip(_EDGE_PUNCT + " ")
    name = _TRAILING_CONNECTOR.sub("", _POSSESSIVE.sub("", name)).strip(_EDGE_PUNCT + " ")
    if label != "WORK_OF_ART":
        name = _LEADING_THE.sub("", name)
    return name or text.strip()


def trim_match(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token bounds of a token pattern's match cut back to words: without the connectors it may have taken at
    either edge, or a bare number at its end ("Central Committee of CCP 2019" is cited by year)."""
    while end > start and (doc[end - 1].lower_ in _CONNECTORS or doc[end - 1].is_digit):
        end -= 1
    while start < end and doc[start].lower_ in _CONNECTORS:
        start += 1
    return start, end


def drop_coordinations(bounds: Iterable[tuple[int, int]], doc: Doc) -> set[tuple[int, int]]:
    """The matches that do not run two names together across an "and".

    A match is dropped when, at one of its "and"s, another match ends that starts no later, and another starts
    that ends no earlier: in "Central Committee of CCP and State Council", both "Central Committee of CCP" and
    "State Council" match, so "Central Committee of CCP and State Council" and "CCP and State Council" go. In
    "National Development and Reform Commission" nothing ends at "Development", so it stays whole.

    Args:
        bounds: every (start, end) token pair the rules matched.
        doc: the Doc they index.
    """
    matched = set(bounds)
    first_start: dict[int, int] = {}  # end -> earliest start of a match ending there
    last_end: dict[int, int] = {}  # start -> latest end of a match starting there
    for start, end in matched:
        first_start[end] = min(start, first_start.get(end, start))
        last_end[start] = max(end, last_end.get(start, end))
    return {(start, end) for start, end in matched
            if not any(doc[i].lower_ in ("and", "&") and first_start.get(i, end) <= start
                       and last_end.get(i + 1, start) >= end for i in range(start + 1, end - 1))}


def stoplist(rows: Iterable[dict[str, str]]) -> re.Pattern:
    """One regex of the stoplist rows' patterns, each to match a whole entity text, case ignored.

    Raises:
        RuleError: when a pattern is not a valid regular expression.
    """
    patterns = []
    for n, row in enumerate(rows):
        try:
            re.compile(row["pattern"])
        except re.error as exc:
            raise RuleError(f"{STOPLIST_FILE}: row {n + 1} is not a regular expression ({exc}): {row['pattern']}")
        patterns.append(f"(?:{row['pattern']})")
    return re.compile("|".join(patterns) or r"(?!)", re.IGNORECASE)


def is_noise(text: str, noise: re.Pattern) -> bool:
    """Whether an entity text is on the stoplist: "Table 1", "Section 3", "Ibid.", "https://perma.cc/XF3" ..."""
    return bool(noise.fullmatch(" ".join(text.split()).strip(_EDGE_PUNCT + " ")))


def model_bounds_better(rule: Span, model: Span) -> bool:
    """Whether a model entity has better bounds than a rule's match of the same label that overlaps it:
    the rule's words outside it run two names together or take a title ("San Diego and UC Institute on ...",
    "Director of Beijing Advanced Center ..."), or the rule's match is inside it and the model's extra words are
    more of the name ("Beijing University of Aeronautics and" before "Astronautics Institute of ..."), not an
    article or a possessive ("a European Agency ...", "Japan's Public Security Intelligence Agency")."""
    if not (model.start < rule.end and rule.start < model.end) or (model.start, model.end) == (rule.start, rule.end):
        return False  # apart, or on the same words: the rule keeps its id
    extra = [t for t in rule if t.i < model.start or t.i >= model.end]
    if any(t.lower_ in ("and", "&", "of", "for") for t in extra):
        return True
    if rule.start >= model.start and rule.end <= model.end:
        extra = [t for t in model if t.i < rule.start or t.i >= rule.end]
        return all((t.text[:1].isupper() and not _POSSESSIVE.search(t.text.replace("’", "'")))
                   or t.lower_ in _CONNECTORS for t in extra) and not any(t.text in ("'s", "’s") for t in extra)
    return False


def select(rule_spans: list[Span], model_ents: Iterable[Span],
           skip_labels: Iterable[str] = (), noise: re.Pattern | None = None) -> list[tuple[Span, str]]:
    """The entities to keep as (span, source), in document order: the rule spans (the longest among overlapping
    ones), then the model's entities that overlap no rule span and whose label is not skipped; texts the `noise`
    pattern matches (see `is_noise`) are left out. A rule's match gives way to a model entity of its own label
    with better bounds (`model_bounds_better`): "Baidu" to the model's "Baidu Ventures"."""
    model_ents = list(model_ents)
    if noise is not None:
        rule_spans = [s for s in rule_spans if not is_noise(s.text, noise)]
        model_ents = [e for e in model_ents if not is_noise(e.text, noise)]
    rule_spans = [s for s in rule_spans if not any(
        e.label_ == s.label_ and model_bounds_better(s, e) for e in model_ents)]
    rules = filter_spans(rule_spans)
    taken = {i for span in rules for i in range(span.start, span.end)}
    skip = set(skip_labels)
    model = [e for e in model_ents
             if e.label_ not in skip and not any(i in taken for i in range(e.start, e.end))]
    found = [(s, "rules") for s in rules] + [(e, "model") for e in model]
    return sorted(found, key=lambda pair: pair[0].start)


class EntityRules:
    """The entity rule file compiled into a Matcher (token patterns) and a PhraseMatcher (phrases)."""

    def __init__(self, nlp: Language, patterns: list[dict]):
        self.matcher = Matcher(nlp.vocab, validate=True)
        self.phrases = PhraseMatcher(nlp.vocab)
        # match key -> (label, id); one key per rule, so rules may share a label and differ in id
        self.meta: dict[int, tuple[str, str]] = {}
        for n, rule in enumerate(patterns):
            label, pattern = rule.get("label"), rule.get("pattern")
            if not label or not isinstance(pattern, (str, list)):
                raise RuleError(f"{RULES_FILE}: rule {n + 1} needs a label and a pattern (text or token list): {rule}")
            key = f"{NAME}:{n}"
            self.meta[nlp.vocab.strings.add(key)] = (str(label), str(rule.get("id") or ""))
            try:
                if isinstance(pattern, str):
                    self.phrases.add(key, [nlp.make_doc(pattern)])
                else:
                    self.matcher.add(key, [pattern])
            except (ValueError, KeyError) as exc:
                raise RuleError(f"{RULES_FILE}: rule {n + 1} is not a valid spaCy pattern ({exc}); "
                                "`pipeline rules check` shows every problem") from exc

    def __call__(self, doc: Doc) -> list[Span]:
        """Every rule match, with coordinated names split, labelled and with its id (or '').

        A token pattern's match without an id is dropped when a capitalised word follows it: the name goes on
        ("Defense Advanced Research Projects Agency" is no PROGRAM), and the model may know it.
        """
        found: dict[tuple[int, int], tuple[str, str]] = {}
        matches = [(key, start, end) for key, start, end in self.phrases(doc)]
        for key, start, end in self.matcher(doc):
            start, end = trim_match(doc, start, end)
            if self.meta[key][1] or end == len(doc) or not doc[end].text[:1].isupper():
                matches.append((key, start, end))
        for key, start, end in matches:
            label, id_ = self.meta[key]
            # on the same words, a named rule (with an id) wins over a generic one
            if start < end and not found.get((start, end), ("", ""))[1]:
                found[(start, end)] = (label, id_)
        return [Span(doc, s, e, label=found[(s, e)][0], span_id=found[(s, e)][1])
                for s, e in sorted(drop_coordinations(found, doc))]


def mentions(doc: Doc) -> Iterator[tuple[Span, dict]]:
    """The entity spans of a processed Doc with their output columns, in document order."""
    yield from base.spans(doc, NAME)


@Language.factory(NAME, default_config={"rules_dir": None, "skip_labels": SKIP_LABELS}, assigns=["doc.spans"])
def make_entities(nlp: Language, name: str, rules_dir: str | None, skip_labels: list[str]):
    """Copy the model's entities into the `entities` span group, with the rule matches winning overlaps."""
    rules = EntityRules(nlp, rulefiles.read_jsonl(RULES_FILE, rules_dir))
    skip = frozenset(skip_labels)
    noise = stoplist(rulefiles.read_csv(STOPLIST_FILE, rules_dir, required=("pattern",)))

    def component(doc: Doc) -> Doc:
        for span, source in select(rules(doc), doc.ents, skip, noise):
            base.add_span(doc, NAME, span, {
                "label": span.label_,
                "canonical": span.id_ or canonical_name(span.text, span.label_),
                "source": source,
            })
        return doc
    return component


NOTE_KINDS = ("footnote", "endnote", "bibliography")
CONTAINER_WORDS = 6  # a container of more words is a book or report title, not an organisation's name
_DOMAIN_AFTER = re.compile(r"\s*\([\w.-]+\.[a-z]{2,}\)$")  # 人民网 (people.com.cn)
# Labels that already say organisation; another label on a container's exact words gives way to ORG.
_ORGANISATION_LABELS = {"ORG", "GOV", "FUND", "LAB", "PROGRAM", "PLAN", "MARKET"}


def container_name(container: str) -> str:
    """The organisation a citation's container names, or '' when it is no name: a trailing domain in brackets
    dropped; a title (a colon, a semicolon, a bracket, more than CONTAINER_WORDS words) or a text that does not
    start with a capital, a digit or a Chinese character is no name."""
    name = _DOMAIN_AFTER.sub("", " ".join(container.split())).strip(_EDGE_PUNCT + " ")
    if not name or re.search(r"[:;()\[\]]", name) or len(name.split()) > CONTAINER_WORDS:
        return ""
    first = name[0]
    return name if first.isupper() or first.isdigit() or "\u4e00" <= first <= "\u9fff" else ""


def link_containers(document: Document) -> None:
    """Entity mentions (label ORG, source citation) for the outlets, journals and publishers the document's
    citations name (`container_name`), where the note's passage prints them and no entity covers them; an
    entity on exactly those words with a label that is not an organisation's ("Hogan Lovells" as PERSON) is
    relabelled ORG."""
    names = [(note.page, container_name(work.container))
             for note in document.notes for work in [note, *(src.printed for src in note.sources)]]
    names = [(page, name) for page, name in names if name]
    if not names:
        return
    notes = [p for p in document.passages if getattr(p.kind, "value", p.kind) in NOTE_KINDS]
    entities: dict[str, list[Mention]] = {}
    for m in document.mentions:
        if m.table == NAME:
            entities.setdefault(m.passage_id, []).append(m)
    added: list[Mention] = []
    for page, name in dict.fromkeys(names):
        for passage in (p for p in notes if p.page in (page, page + 1)):
            start = passage.text.find(name)
            if start < 0:
                continue
            end = start + len(name)
            here = entities.setdefault(passage.passage_id, [])
            same = [e for e in here if (e.start, e.end) == (start, end)]
            for e in same:
                if e.fields.get("label") not in _ORGANISATION_LABELS:
                    e.fields["label"] = "ORG"
            if not same and not any(e.start < end and start < e.end for e in here):
                mention = Mention(doc_id=document.doc_id, passage_id=passage.passage_id, page=passage.page,
                                  kind=getattr(passage.kind, "value", passage.kind), table=NAME, text=name,
                                  start=start, end=end,
                                  fields={"label": "ORG", "canonical": canonical_name(name, "ORG"),
                                          "source": "citation"})
                here.append(mention)
                added.append(mention)
            break
    if added:
        order = {p.passage_id: i for i, p in enumerate(document.passages)}
        rest = [m for m in document.mentions if m.table != NAME]
        mine = sorted([m for m in document.mentions if m.table == NAME] + added,
                      key=lambda m: (order.get(m.passage_id, len(order)), m.start))
        document.mentions = sorted(rest + mine, key=lambda m: order.get(m.passage_id, len(order)))
