"""Acronym definitions, found by the Schwartz & Hearst (2003) algorithm, and their uses across a document.

Per passage, the component finds definitions in both orders: "long form (SHORT)", also "(SHORT; a comment)" and
"(or SHORT: long form)", "(SHORT or another name)", and "SHORT (long form)". Schwartz & Hearst match the short
form's letters and digits against the words before the parenthesis, the first one at the start of a word; of the
ways to match them, the one with the most letters on word initials wins (`long_form_span`). Passages of back
matter (an "About us" page, a disclaimer) are skipped. Multi-word short forms
whose letters are out of order ("14th Five-year Plans for Scientific and Technological Innovation (14F STI
Plans)") fall back to word initials.

Two steps over the whole document follow (see `stages/annotate.DOCUMENT_STEPS`): `count_uses` keeps one row per
distinct (short, long) pair with the first definition's passage and how often the short form is used;
`link_entities` gives defined short forms their long form as canonical name in the entities table and adds entity
mentions for uses of a defined acronym that no entity covers.
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import rulefiles
from pipeline.extractors import base
from pipeline.extractors.entities import NAME as ENTITIES
from pipeline.extractors.entities import canonical_name
from pipeline.model import Document, Mention, Passage
from pipeline.text import plain

NAME = "acronyms"
STOPWORDS_FILE = "acronym_stopwords.csv"

_PAREN = re.compile(r"\(([^()]{1,150})\)")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d[a-z]?\b")  # marks an author-year citation: (Sun 2020), (MOSTc 2022)
# A long form does not reach back past the end of a sentence or clause, or another parenthesis.
_BARRIER = re.compile(r"[.;:!?]\s|[()\[\]]")
_QUOTES = "\"'“”‘’«»"
_FUNCTION_WORDS = {"a", "an", "and", "&", "for", "in", "of", "on", "the", "to"}
_INTRO = re.compile(r"^(?:or|i\.e\.,?|also)\s+", re.IGNORECASE)  # (or SHORT), (i.e. SHORT)
_COLON_FORM = re.compile(r"\s*(?:or\s+|i\.e\.,?\s+)?(\S+(?:\s\S+){0,2}):\s+(.+?)\s*$")  # (or SHORT: long form)
_WHOLE_WORD = re.compile(r"[A-Z][a-z]{2,}")  # a short form's spelled-out word: the "Plans" of "14F STI Plans"
# Model labels that do not carry over from a long form to its acronym: the small model tags title-case common
# nouns ("Airworthiness Directive", "Research and Development") as PERSON or WORK_OF_ART.
_NOT_NAMES = {"DATE", "TIME", "PERSON", "WORK_OF_ART", "LANGUAGE"}


@dataclass(frozen=True)
class Definition:
    """One acronym definition in a text: the short and long forms and where each stands (character offsets)."""

    short: str
    long: str
    short_start: int
    short_end: int
    long_start: int
    long_end: int


def is_short_form(text: str) -> bool:
    """Whether `text` can be an acronym: one to three words of at most 10 characters, starting with a letter or
    digit, with at least two capitals (or a capital and a digit), mostly capitals among its letters, and no year.
    """
    words = text.split()
    if not 1 <= len(words) <= 3 or any(len(w) > 10 for w in words) or not text[0].isalnum():
        return False
    letters = [c for c in text if c.isalpha()]
    upper = sum(c.isupper() for c in letters)
    if upper < 2 and not (upper == 1 and any(c.isdigit() for c in text)):
        return False
    return upper * 2 >= len(letters) and not _YEAR.search(text)


def schwartz_hearst(short: str, candidate: str) -> int | None:
    """Where the long form of `short` starts in `candidate` (the text before the parenthesis), or None: the start
    of `long_form_span`."""
    span = long_form_span(short, candidate)
    return None if span is None else span[0]


def long_form_span(short: str, candidate: str) -> tuple[int, int] | None:
    """Where the long form of `short` stands in `candidate` (the text before the parenthesis): (start, end), or None.

    Each letter or digit of the short form, in order, must match a character of the candidate, and the first one
    must start a word (Schwartz & Hearst 2003, fig. 2; scispacy's `find_abbreviation`). Where the letters can be
    matched in several ways, the match with the most letters on word initials wins (words split at hyphens, so
    "public-private partnership (PPP)" is the three words, not "private partnership"), the nearest one among
    equals. Checks of our own:
    - the first word is no function word ("Office of Management and Budget (OMB)", not "of Management...");
    - the last letter falls in the last word ("Eurostat data (EU)" is no definition), or in a name whose
      capitalised words go on to the parenthesis: a tail of up to TAIL_WORDS words is part of the long form
      ("Network and Information Security Directive (NIS2)"), a longer one is the title the name starts
      ("Five-Year Plan for National Economic and Social Development (FYP)" gives "Five-Year Plan");
    - a final version number may be missing from the long form (NIS2);
    - a two-letter short form of a long form of several words needs both letters on word initials
      ("acquired leading (AI)" is no definition).
    """
    chars = [c.lower() for c in short if c.isalnum()]
    found = _initials_span(chars, candidate)
    stripped = len(chars) - len(re.sub(r"\d+$", "", "".join(chars)))
    if found is None and stripped and len(chars) - stripped >= 2:
        found = _initials_span(chars[:-stripped], candidate)
    return found


TAIL_WORDS = 2  # capitalised words after the last matched one that still belong to the long form
_MAX_TAIL = 8  # words after the last matched one at most (the title a name starts)


def _initials_span(chars: list[str], candidate: str) -> tuple[int, int] | None:
    if not chars:
        return None
    words = [m.span() for m in re.finditer(r"\S+", candidate)]
    best = None  # ((initials, -tail, start), span)
    for e in range(len(words) - 1, max(-1, len(words) - 2 - _MAX_TAIL), -1):
        tail = [candidate[a:b].strip(_QUOTES + ",") for a, b in words[e + 1:]]
        if tail and not (all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _FUNCTION_WORDS for w in tail)
                         and tail[-1][:1].isupper()):
            break
        scored = _best_match(chars, candidate, *words[e])
        if scored is None:
            continue
        initials, start = scored
        if len(chars) == 2 and initials < 2 and len(re.split(r"[\s\-–]+", candidate[start:words[e][1]])) > 1:
            continue
        end = words[-1][1] if len(tail) <= TAIL_WORDS else words[e][1]
        key = (initials, -len(tail), start)
        if best is None or key > best[0]:
            best = (key, (start, end))
    return None if best is None else best[1]


def _best_match(chars: list[str], text: str, last_start: int, last_end: int) -> tuple[int, int] | None:
    # The most letters on word initials when chars[-1] falls in text[last_start:last_end] and chars[0] starts a
    # name, and the start of that match (the nearest among equals): (initials, start), or None.
    memo: dict[tuple[int, int], tuple[int, int] | None] = {}

    def at(k: int, p: int) -> tuple[int, int] | None:
        # chars[k] matched at p: the best over chars[:k] before p
        if (k, p) in memo:
            return memo[(k, p)]
        here = int(p == 0 or not (text[p - 1].isalnum() or text[p - 1] in "'’"))
        result = None
        if k == 0:
            result = (here, p) if _starts_name(text, p) else None
        else:
            for q in range(p - 1, -1, -1):
                if text[q].lower() == chars[k - 1]:
                    sub = at(k - 1, q)
                    if sub is not None and (result is None or (sub[0] + here, sub[1]) > result):
                        result = (sub[0] + here, sub[1])
        memo[(k, p)] = result
        return result

    best = None
    for p in range(last_end - 1, last_start - 1, -1):
        if text[p].lower() == chars[-1]:
            found = at(len(chars) - 1, p)
            if found is not None and (best is None or found > best):
                best = found
    return best


def _starts_name(text: str, i: int) -> bool:
    # A word starts at i (after a space, quote, hyphen or dash, not an apostrophe) and is not a function word.
    if i > 0 and (text[i - 1].isalnum() or text[i - 1] in "'’"):
        return False
    return re.match(r"\w+", text[i:]).group().lower() not in _FUNCTION_WORDS


def initials_match(short: str, candidate: str) -> int | None:
    """Where the long form of a multi-word `short` starts in `candidate` by word initials, or None.

    For short forms whose letters are out of order: its spelled-out words ("Plans") must appear whole in the long
    form, and its digit runs and capitals must be, in order, the initials of the other words, function words
    skipped. "14F STI Plans" = 14th Five-year [Plans] for Scientific and Technological Innovation.

    Returns:
        The offset in `candidate` where the shortest matching long form starts.
    """
    whole, units = [], []
    for word in short.split():
        if _WHOLE_WORD.fullmatch(word):
            whole.append(_singular(word.lower()))
            continue
        core = re.sub(r"(?<=[A-Z0-9])s$", "", word)
        if re.search(r"[a-z]", core):
            return None
        units.extend(re.findall(r"\d+|[A-Z]", core))
    words = [(m.start(), m.group().strip(_QUOTES + ",")) for m in re.finditer(r"\S+", candidate)]
    for i in range(len(words) - 1, -1, -1):
        start, first = words[i]
        if not first or first.lower() in _FUNCTION_WORDS:
            continue
        content = [w for _, w in words[i:] if w and w.lower() not in _FUNCTION_WORDS]
        rest = [w for w in content if _singular(w.lower()) not in whole]
        initials = [re.match(r"\d+|.", w).group().upper() for w in rest]
        if initials == units and len(content) - len(rest) == len(whole):
            return start
        if len(initials) > len(units):
            return None
    return None


def find_definitions(text: str, *, not_short: Iterable[str] = ()) -> list[Definition]:
    """Every acronym definition in `text`, in text order.

    Args:
        text: one passage.
        not_short: words never taken for a short form (roman numerals, capitalised words).

    Returns:
        A Definition for each parenthesis that defines an acronym or gives an acronym's long form.
    """
    found = []
    excluded = set(not_short)
    for paren in _PAREN.finditer(text):
        definition = _long_before(text, paren) or _long_inside(text, paren) or _short_before(text, paren)
        if definition and definition.short not in excluded:
            found.append(definition)
    return found


def _long_before(text: str, paren: re.Match) -> Definition | None:
    # long form (SHORT) | long form (SHORT; comment) | long form (or SHORT) | long form (SHORT or another name)
    head = re.split(r"[;,]|\s+or\s+", paren.group(1), maxsplit=1)[0]
    short = _INTRO.sub("", head.strip()).strip()
    if not is_short_form(short):
        return None
    window = _window_start(text, paren.start(), len(short))
    candidate = text[window:paren.start()].rstrip()
    span = long_form_span(short, candidate)
    if span is None:  # a name with a long title after it: the window reaches as far back again as a tail may be
        wider = _window_start(text, paren.start(), len(short), _MAX_TAIL)
        if wider < window:
            window, candidate = wider, text[wider:paren.start()].rstrip()
            span = long_form_span(short, candidate)
    if span is None and len(short.split()) > 1:
        at = initials_match(short, candidate)
        span = None if at is None else (at, len(candidate))
    if span is None:
        return None
    short_start = paren.start(1) + paren.group(1).index(short)
    return _definition(text, short, short_start, window + span[0], window + span[1])


def _long_inside(text: str, paren: re.Match) -> Definition | None:
    # (or SHORT: long form)
    m = _COLON_FORM.fullmatch(paren.group(1))
    at = _spells_out(m.group(1), m.group(2)) if m and is_short_form(m.group(1)) else None
    if at is None:
        return None
    inner = paren.start(1)
    return _definition(text, m.group(1), inner + m.start(1), inner + m.start(2) + at, inner + m.end(2))


def _short_before(text: str, paren: re.Match) -> Definition | None:
    # SHORT (long form): the long form is the whole parenthesis
    before = re.search(r"(\S+)\s*$", text[:paren.start()])
    content = paren.group(1).strip()
    if not before or len(content.split()) < 2 or _YEAR.search(content):
        return None
    short = before.group(1).strip(_QUOTES + ",")
    at = _spells_out(short, content) if " " not in short and is_short_form(short) else None
    if at is None:
        return None
    content_start = paren.start(1) + paren.group(1).index(content)
    short_start = before.start(1) + before.group(1).index(short)
    return _definition(text, short, short_start, content_start + at, content_start + len(content))


def _spells_out(short: str, long_text: str) -> int | None:
    # A long form given on its own must match from its first word, or the word after an article: where it starts.
    span = long_form_span(short, long_text)
    if span is None or span[1] < len(long_text.rstrip()):
        return None
    return span[0] if long_text[:span[0]].strip().lower() in ("", "the", "a", "an") else None


def _definition(text: str, short: str, short_start: int, long_start: int, long_end: int) -> Definition | None:
    raw = text[long_start:long_end]
    stripped = raw.strip(_QUOTES + " ,")
    if not stripped:
        return None
    long_start += raw.index(stripped)
    long_text = " ".join(stripped.split())
    if not _plausible(short, long_text):
        return None
    return Definition(short, long_text, short_start, short_start + len(short), long_start,
                      long_start + len(stripped))


def _plausible(short: str, long_text: str) -> bool:
    # Longer than the short form and without it; no number the short form lacks ("National Institute of 2,191.7
    # Mental Health" took a table cell); and not a lower-case start with capitals later ("ecosystem and amending
    # Regulation (EU)" is a legal citation).
    words = long_text.split()
    content = [w for w in words[1:] if w.lower() not in _FUNCTION_WORDS]
    return (len(long_text) > len(short) and short.lower() not in long_text.lower().split()
            and all(n in short for n in re.findall(r"\d+", long_text))
            and not (words[0][0].islower() and any(w[0].isupper() for w in content)))


def _window_start(text: str, open_at: int, short_len: int, more: int = 0) -> int:
    # Schwartz & Hearst look back min(|A| + 5, 2|A|) words, |A| being the short form's length in characters.
    start = open_at
    for _ in range(min(short_len + 5, short_len * 2) + more):
        start = text.rfind(" ", 0, max(start - 1, 0)) + 1
        if start == 0:
            break
    barriers = [m.end() for m in _BARRIER.finditer(text, start, open_at)]
    return barriers[-1] if barriers else start


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def base_form(short: str) -> str:
    """The short form without its plural s: "NKPs" -> "NKP", "14F STI Plans" -> "14F STI Plan"; "CAS" stays."""
    words = short.split()
    last = words[-1] if words else ""
    if len(last) > 1 and last.endswith("s") and (last[-2].isupper() or last[-2].isdigit()
                                                 or _WHOLE_WORD.fullmatch(last)):
        words[-1] = last[:-1]
    return " ".join(words)


def uses_pattern(shorts: Iterable[str]) -> re.Pattern | None:
    """One regex for every use of the short forms, singular or plural ("NKP", "NKPs"), as whole words."""
    forms = sorted({base_form(s) for s in shorts}, key=len, reverse=True)
    if not forms:
        return None
    alternatives = "|".join(r"\s+".join(re.escape(w) for w in f.split()) for f in forms)
    return re.compile(rf"(?<![\w&])(?:{alternatives})s?(?![\w&])")


def same_long(a: str, b: str) -> bool:
    """Whether two long forms are the same, ignoring case, spacing and hyphens."""
    return _norm(a) == _norm(b)


def _norm(text: str) -> str:
    return " ".join(plain(text).replace("-", " ").lower().split())


def count_uses(document: Document) -> None:
    """One acronyms row per distinct (short, long) of `document`: the first definition, with n_mentions counting
    the short form's uses (singular or plural, the definition included). Other tables' rows are left as they are.
    """
    definitions = [m for m in document.mentions if m.table == NAME]
    if not definitions:
        return
    firsts = _first_definitions(definitions)
    by_form = _by_form(firsts)
    counts = Counter(form for *_, form in _uses(document.passages, by_form))
    rows = [dataclasses.replace(m, fields={**m.fields, "n_mentions": max(1, counts[base_form(m.fields["short"])])})
            for m in firsts]
    others = [m for m in document.mentions if m.table != NAME]
    document.mentions = _in_passage_order(others + rows, document.passages)


def link_entities(document: Document) -> None:
    """The acronyms' long forms in the entities table of `document`, after `count_uses`.

    Sets canonical to the long form on entity mentions whose text is a defined short form, and adds an entity
    mention (source "acronym") for each use outside its definition that no entity covers. Its label is the long
    form's entity label, else ORG when the long form is a proper name; uses of acronyms of common nouns
    ("electric vehicle (EV)") are not entities.
    """
    by_form = _by_form(m for m in document.mentions if m.table == NAME)
    entities = [m for m in document.mentions if m.table == ENTITIES]
    if not by_form or not entities:
        return
    added = _link_entities(entities, list(_uses(document.passages, by_form)), by_form, document)
    document.mentions = _in_passage_order(document.mentions + added, document.passages)


def _by_form(definitions: Iterable[Mention]) -> dict[str, Mention]:
    by_form: dict[str, Mention] = {}
    for m in definitions:
        by_form.setdefault(base_form(m.fields["short"]), m)
    return by_form


def _first_definitions(definitions: list[Mention]) -> list[Mention]:
    firsts: list[Mention] = []
    for m in definitions:
        if not any(f.fields["short"] == m.fields["short"] and same_long(f.fields["long"], m.fields["long"])
                   for f in firsts):
            firsts.append(m)
    return firsts


def _uses(passages: list[Passage], by_form: dict[str, Mention]) -> Iterator[tuple[Passage, int, int, str]]:
    pattern = uses_pattern(by_form)
    for p in passages:
        for m in pattern.finditer(p.text):
            yield p, m.start(), m.end(), base_form(m.group())


def _link_entities(entities: list[Mention], uses: list[tuple[Passage, int, int, str]], by_form: dict[str, Mention],
                   document: Document) -> list[Mention]:
    passages = {p.passage_id: p for p in document.passages}
    labels = {form: _label(d, entities, passages.get(d.passage_id)) for form, d in by_form.items()}
    for e in entities:
        definition = by_form.get(base_form(canonical_name(e.text, "")))
        if definition is not None:
            e.fields["canonical"] = definition.fields["long"]
    covered: dict[str, list[tuple[int, int]]] = {}
    for e in entities:
        covered.setdefault(e.passage_id, []).append((e.start, e.end))
    added = []
    for passage, start, end, form in uses:
        definition = by_form[form]
        own = passage.passage_id == definition.passage_id and start == definition.start
        taken = any(s < end and start < e for s, e in covered.get(passage.passage_id, []))
        if labels[form] and not own and not taken:
            added.append(Mention(
                doc_id=document.doc_id, passage_id=passage.passage_id, page=passage.page,
                kind=getattr(passage.kind, "value", passage.kind), table=ENTITIES, text=passage.text[start:end],
                start=start, end=end,
                fields={"label": labels[form], "canonical": definition.fields["long"], "source": "acronym"}))
    return added


def _label(definition: Mention, entities: list[Mention], passage: Passage | None) -> str:
    """The entity label for uses of an acronym, or '' when they are not entities.

    The label of the entity that is most of the long form where it is defined; else of an entity rule that
    names the long form anywhere; else, for a long form that is a proper name, the label the model gave the
    acronym itself elsewhere (ORG when it gave several). Acronyms of common nouns ("electric vehicle (EV)", also
    "Research and Development (R&D)" in title case, which the model does not tag) get no entity mentions.
    """
    long_text, short = definition.fields["long"], definition.fields["short"]
    named = [e for e in entities if e.fields["label"] not in _NOT_NAMES]
    if passage is not None:
        here = [e for e in named if e.passage_id == passage.passage_id]
        best, best_overlap = None, 0.6
        for d in find_definitions(passage.text):
            for e in here if d.short == short else ():
                # the long form's own entity: most of it, mostly it, and not the short form too
                common = min(e.end, d.long_end) - max(e.start, d.long_start)
                overlap = min(common / (d.long_end - d.long_start), common / (e.end - e.start))
                if overlap >= best_overlap and (e.end <= d.short_start or e.start >= d.short_end):
                    best, best_overlap = e, overlap
        if best is not None:
            return best.fields["label"]
    key = _norm(long_text)
    for e in (e for e in named if e.fields.get("source") == "rules"):
        if key in (_norm(canonical_name(e.text, "")), _norm(e.fields["canonical"])):
            return e.fields["label"]
    content = [w for w in long_text.split() if w.lower() not in _FUNCTION_WORDS]
    if not content or not all(w[0].isupper() or w[0].isdigit() for w in content):
        return ""
    own = {e.fields["label"] for e in named if e.fields.get("source") == "model"
           and base_form(canonical_name(e.text, "")) == base_form(short)}
    return own.pop() if len(own) == 1 else "ORG" if own else ""


def _in_passage_order(mentions: list[Mention], passages: list[Passage]) -> list[Mention]:
    # Stable: within a passage each table keeps its place, and entities are sorted by position.
    index = {p.passage_id: i for i, p in enumerate(passages)}
    tables: dict[str, int] = {}
    for m in mentions:
        tables.setdefault(m.table, len(tables))
    return sorted(mentions, key=lambda m: (index.get(m.passage_id, len(index)), tables[m.table],
                                           m.start if m.table == ENTITIES else 0))


def mentions(doc: Doc) -> Iterator[tuple[Span, dict]]:
    """The acronym definitions of a processed Doc (the short form's span, with short and long), in order."""
    yield from base.spans(doc, NAME)


base.register(NAME)


@Language.factory(NAME, default_config={"rules_dir": None, "skip_kinds": ["back"]}, assigns=["doc.spans"])
def make_acronyms(nlp: Language, name: str, rules_dir: str | None, skip_kinds: list[str]):
    """Put each acronym definition in the `acronyms` span group: the short form's span, with short and long.
    skip_kinds: passage kinds left out (back matter: "About us" pages, disclaimers, credits)."""
    not_short = frozenset(row["short"] for row in rulefiles.read_csv(STOPWORDS_FILE, rules_dir, required=("short",)))
    skip = frozenset(skip_kinds)

    def component(doc: Doc) -> Doc:
        if base.passage_kind(doc) in skip:
            return doc
        for d in find_definitions(doc.text, not_short=not_short):
            span = doc.char_span(d.short_start, d.short_end, alignment_mode="expand")
            if span is not None:
                base.add_span(doc, NAME, span, {"short": d.short, "long": d.long})
        return doc
    return component
