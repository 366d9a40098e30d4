"""What every extractor shares: its span group, the fields on its spans, and how it reads its rule files.

An extractor is a module that provides
1. a spaCy component registered by name (`@Language.factory(NAME, ...)`) that writes only to its own span group,
   `doc.spans[NAME]`, and puts each span's output columns on it with `set_fields`;
2. pure functions for the hard part, which tests call without building a pipeline;
3. optionally functions over a whole annotated Document, for work that needs every passage (an acronym defined
   on page 2 gives its long form to every later mention), declared with what they require and assign in
   `stages/annotate.DOCUMENT_STEPS`.
The span group's name is also the name of the output table its rows go to (see pipeline/schemas.py); a user's own
registered factory that writes to one of these groups adds rows to that table.

Rule files are shipped in pipeline/rules/. A user's folder (`--rules DIR`) adds files with the same names on top:
their entries are read after the shipped ones, so for keyed lookups a user's line wins.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy.tokens import Doc, Span

def register(group: str) -> None:
    """Declare the Span extension `span._.<group>` that holds the output columns of the group's spans."""
    if not Span.has_extension(group):
        Span.set_extension(group, default=None)


def add_span(doc: Doc, group: str, span: Span, fields: dict[str, Any]) -> None:
    """Add `span` to `doc.spans[group]` with its output columns."""
    if group not in doc.spans:
        doc.spans[group] = []
    doc.spans[group].append(span)
    span._.set(group, fields)


def spans(doc: Doc, group: str) -> Iterator[tuple[Span, dict[str, Any]]]:
    """The group's spans with their output columns, in document order."""
    if group not in doc.spans:
        return
    for span in sorted(doc.spans[group], key=lambda s: (s.start_char, s.end_char)):
        yield span, dict(span._.get(group) or {})


def passage_kind(doc: Doc) -> str:
    """The kind of passage a Doc was made from (body, footnote, table, ...); body when not set."""
    return doc.user_data.get("passage_kind", "body")
