"""Cite stage: every note and reference parsed into fields, repeats linked, author-year citations resolved.

Runs right after segment. Notes are read in order, so an "Ibid." or a short form can point back to the
note it repeats; the reference list is parsed once and every "(Xi 2020)" in the text is matched against it.
A citation the reference list lacks is kept with an empty `resolves_to`: unresolved, reported, not hidden.
"""
from __future__ import annotations

from pathlib import Path

from ..extractors.citations import (CitationRules, Parsed, load_rules, matches_key, parse_note, parse_reference,
                                    same_work)
from ..extractors.intext import find_citations
from ..model import Document, IntextCitation, Note

# Passages whose author-year citations count; headings and back matter hold none worth linking.
_SCANNED = {"body", "footnote", "endnote", "caption", "aside", "table"}
_NOTE_KINDS = {"footnote", "endnote"}


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
    _link_notes([n for n in document.notes if n.kind != "bibliography"], rules)
    document.intext_citations = list(_intext(document, entries, rules))


def _link_notes(notes: list[Note], rules: CitationRules) -> None:
    """Parse notes in order; point each ibid and short form at the full note it repeats."""
    done: list[tuple[Note, Parsed]] = []
    by_marker = {n.marker: n for n in notes}
    for note in notes:
        parsed = parse_note(note.text, rules)
        target: Note | None = None
        if parsed.type == "ibid":
            # Ibid. repeats the source of the nearest note before it that has one.
            target = next((n for n, p in reversed(done) if p.type != "comment"), None)
        elif parsed.note_ref:
            target = by_marker.get(parsed.note_ref)
        elif parsed.type == "short" and (parsed.title or parsed.title_original):
            target = next((n for n, p in reversed(done) if p.type in ("full", "multi") and same_work(parsed, p)), None)
        _fill(note, parsed)
        if target is not None and target is not note:
            note.refers_to = target.refers_to or target.citation_id  # a repeat of a repeat: the full note
        done.append((note, parsed))


def _intext(document: Document, entries: list[tuple[Note, Parsed]], rules: CitationRules):
    # Without a reference list, "(Harbor Institute, 2021)" in a note is a publisher and year, not a citation.
    kinds = _SCANNED if entries else _SCANNED - _NOTE_KINDS
    for passage in document.passages:
        if passage.kind not in kinds:
            continue
        for c in find_citations(passage.text, rules.intext):
            entry = next((n for strict in (True, False) for n, p in entries
                          if matches_key(c.name, c.year, c.suffix, p, rules, strict)), None)
            yield IntextCitation(document.doc_id, passage.passage_id, passage.page, c.text, c.name, c.year,
                                 c.suffix, entry.citation_id if entry else "", c.start, c.end)


def _fill(note: Note, p: Parsed) -> None:
    note.type, note.authors, note.title, note.title_original = p.type, p.authors, p.title, p.title_original
    note.container, note.date, note.year, note.year_suffix = p.container, p.date, p.year, p.year_suffix
    note.urls = p.urls
