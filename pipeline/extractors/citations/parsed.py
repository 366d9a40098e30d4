"""The record a note or reference is parsed into."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Parsed:
    """The fields of one note or reference (the citation columns of pipeline/model.py Note)."""

    type: str = "full"  # full | ibid | short | comment | multi
    authors: list[str] = field(default_factory=list)
    title: str = ""
    title_original: str = ""
    container: str = ""
    date: str = ""
    year: int | None = None
    year_suffix: str = ""
    urls: list[str] = field(default_factory=list)
    note_ref: str = ""  # the note number a "See note 11" points to
    alias: str = ""  # the short form the note announces: "(hereinafter NASA, Budget Supplement)"
    alias_cited: str = ""  # the alias an earlier note announced that this source starts with ("MIC 2025, 4")
    pointer: str = ""  # the name of an author-year pointer ("Holmes" of "(Holmes 2014)"), to find in the references
    sources: list["Parsed"] = field(default_factory=list)  # of a note: every work it cites, the first included
