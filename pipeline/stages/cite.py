"""Cite stage: every note and reference parsed into fields, repeats linked, author-year citations resolved.

Runs right after segment. Notes are read in order, so an "Ibid." or a short form can point back to the
note it repeats; the reference list is parsed once and every "(Xi 2020)" in the text is matched against it.
A citation the reference list lacks is kept with an empty `resolves_to`: unresolved, reported, not hidden.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..extractors.citations import (CitationRules, Parsed, load_rules, matches_key, parse_note, parse_reference,
                                    same_work, shared_author, title_likeness)
from ..extractors.intext import find_citations
from ..model import Document, IntextCitation, Note, NoteSource, Work

# Passages whose author-year citations count; headings and back matter hold none worth linking.
_SCANNED = {"body", "footnote", "endnote", "caption", "aside", "table"}
_NOTE_KINDS = {"footnote", "endnote"}
FUZZY_TITLE = 0.6  # title_likeness at which a short form by the same author is that author's work


def cite(document: Document, rules_dir: str | Path | None = None) -> None:
    """Fill the citation fields of every Note and set `document.intext_citations`.

    Args:
        document: a Document after segment (`notes` and `passages` set).
        rules_dir: a user's `--rules DIR`, whose citation word and phrase lists add to the shipped ones.
    """
    rules = load_rules(str(rules_dir) if rules_dir else None)
    entries = [(n, parse_reference(n.text, rules)) for n in document.notes if n.kind == "bibliography"]
    for note, parsed in entries:
        _fill(note, parsed)
        note.resolved = _work(parsed)
    _link_notes([n for n in document.notes if n.kind != "bibliography"], entries, rules)
    document.intext_citations = list(_intext(document, entries, rules))


@dataclass
class _Cited:
    """A source read so far: its note, its row and its parse (for matching a later short form against it)."""

    note: Note
    source: NoteSource
    parsed: Parsed


def _link_notes(notes: list[Note], entries: list[tuple[Note, Parsed]], rules: CitationRules) -> None:
    """Parse notes in order; resolve each source that is an Ibid., a short form, an alias, a "See note 4" or an
    author-year pointer to the full reference it stands for, and give it that reference's fields."""
    cited: list[_Cited] = []
    by_marker: dict[str, Note] = {}
    aliases: list[str] = []
    for note in notes:
        parsed = parse_note(note.text, rules, aliases)
        _fill(note, parsed)
        note.sources = []
        for no, src in enumerate(parsed.sources, 1):
            printed = _work(src)
            target = _target(src, cited, by_marker, entries, rules)
            source = NoteSource(no, src.type if src.type in ("ibid", "short") else "full", printed,
                                target[1] if target else printed, target[0] if target else "", src.urls)
            note.sources.append(source)
            cited.append(_Cited(note, source, src))
            if src.alias:
                aliases.append(src.alias)
        if note.sources:
            note.resolved, note.refers_to = note.sources[0].resolved, note.sources[0].refers_to
        else:
            note.resolved = _work(parsed)  # a comment: an interview record keeps its date
        by_marker[note.marker] = note


def _target(src: Parsed, cited: list[_Cited], by_marker: dict[str, Note], entries: list[tuple[Note, Parsed]],
            rules: CitationRules) -> tuple[str, Work] | None:
    """(citation_id, fields) of the full reference a source points to; None for a full reference or no match."""
    if src.type == "ibid":
        # Ibid. repeats the work cited immediately before: the last source of the note before it.
        return (cited[-1].source.refers_to or cited[-1].note.citation_id, cited[-1].source.resolved) if cited else None
    if src.note_ref:
        note = by_marker.get(src.note_ref)
        if note is None:
            return None
        first = note.sources[0] if note.sources else None
        cid, work = (first.refers_to or note.citation_id, first.resolved) if first else (note.citation_id, note.resolved)
        return cid, replace(work, title=src.title) if src.title else work  # "See note 78, Outline of the Act."
    if src.alias_cited:
        hit = next((c for c in reversed(cited) if c.parsed.alias == src.alias_cited), None)
        return (hit.note.citation_id, hit.source.resolved) if hit else None
    if src.type != "short":
        return None
    if src.pointer:
        entry = _entry(src.pointer, src.year, src.year_suffix, entries, rules)
        return (entry.citation_id, _work(entry)) if entry else None
    full = [c for c in reversed(cited) if c.source.type == "full"]
    hit = None
    if src.title or src.title_original:
        hit = next((c for c in full if same_work(src, c.parsed)), None)
    if hit is None and src.authors:
        # The same author's work: the latest one ("Smith, op. cit."), or the one whose title is most alike
        # when the short title drifted from the full one ("Another Secret Behind" / "Other Secrets to").
        theirs = [c for c in full if shared_author(src.authors, c.parsed.authors)]
        if not src.title:
            hit = theirs[0] if theirs else None
        else:
            score, best = max(((title_likeness(src.title, c.parsed.title), -i) for i, c in enumerate(theirs)),
                              default=(0.0, 0))
            hit = theirs[-best] if score >= FUZZY_TITLE else None
    return (hit.note.citation_id, hit.source.resolved) if hit else None


def _work(p: Parsed | Note) -> Work:
    return Work(list(p.authors), p.title, p.title_original, p.container, p.date, p.year)


def _intext(document: Document, entries: list[tuple[Note, Parsed]], rules: CitationRules):
    # Without a reference list, "(Harbor Institute, 2021)" in a note is a publisher and year, not a citation.
    kinds = _SCANNED if entries else _SCANNED - _NOTE_KINDS
    for passage in document.passages:
        if passage.kind not in kinds:
            continue
        for c in find_citations(passage.text, rules.intext):
            entry = _entry(c.name, c.year, c.suffix, entries, rules)
            yield IntextCitation(document.doc_id, passage.passage_id, passage.page, c.text, c.name, c.year,
                                 c.suffix, entry.citation_id if entry else "", c.start, c.end)


def _entry(name: str, year: int | None, suffix: str, entries: list[tuple[Note, Parsed]],
           rules: CitationRules) -> Note | None:
    """The reference-list entry an author-year citation names: a strict match on the surname first, then either
    end of the name (see `matches_key`)."""
    return next((n for strict in (True, False) for n, p in entries if matches_key(name, year, suffix, p, rules, strict)),
                None)


def _fill(note: Note, p: Parsed) -> None:
    note.type, note.authors, note.title, note.title_original = p.type, p.authors, p.title, p.title_original
    note.container, note.date, note.year, note.year_suffix = p.container, p.date, p.year, p.year_suffix
    note.urls = p.urls
