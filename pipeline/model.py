"""The document model: plain dataclasses, no I/O, no imports from the rest of the package.

Every item carries its page number (1-based) and a bounding box in PDF points with the origin at the
top-left of the page (x0, top, x1, bottom), so any output row can be traced back to where it was printed.
"""
from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

BBox = tuple[float, float, float, float]


class Status(str, Enum):
    OK = "ok"
    PARTIAL = "partial"  # parsed, but some pages or parts had problems
    FAILED = "failed"
    SKIPPED = "skipped"  # unchanged since the last run


class PassageKind(str, Enum):
    BODY = "body"
    HEADING = "heading"
    FOOTNOTE = "footnote"
    ENDNOTE = "endnote"
    CAPTION = "caption"
    BIBLIOGRAPHY = "bibliography"
    TABLE = "table"
    ASIDE = "aside"  # boxed or smaller text beside the main flow: sidebars, pull quotes
    FIGURE_TEXT = "figure_text"  # text drawn inside a chart or diagram: axis labels, legends, timeline dates
    LABEL = "label"  # a line of the flow without a word: numbers, amounts, years (an unruled table's cells)
    BACK = "back"  # matter that is not the paper: bylines, the date line, board lists, copyright boilerplate


@dataclass
class Problem:
    """Something that went wrong with one document, kept instead of raised."""

    stage: str
    category: str
    message: str
    doc_id: str = ""
    page: int | None = None


@dataclass
class Line:
    """One printed line of text after layout analysis (internal to parsing, kept for debugging)."""

    page: int
    bbox: BBox
    text: str
    size: float  # dominant font size
    bold: bool = False
    italic: bool = False
    column: int = 0  # -1: spans the page's column gutter
    # (offset in text, marker) for superscript note markers removed from `text`
    markers: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class Page:
    number: int
    width: float
    height: float
    rotation: int = 0  # the page's /Rotate
    turned: int = 0  # degrees the text was turned to read upright; boxes are in that frame
    n_chars: int = 0
    n_columns: int = 1
    lines: list[Line] = field(default_factory=list, repr=False)  # after layout analysis, in reading order
    figures: list[BBox] = field(default_factory=list)  # regions drawn as charts or diagrams (layout.regions)


@dataclass
class NoteMarker:
    """A note reference printed in the text (a superscript number), linked to its note."""

    doc_id: str
    passage_id: str
    marker: str
    offset: int  # character offset in the passage text where the marker stood
    page: int
    citation_id: str = ""


@dataclass
class Passage:
    doc_id: str
    passage_id: str
    page: int
    bbox: BBox
    kind: str
    text: str
    section: str = ""
    pages: list[int] = field(default_factory=list)  # every page the passage spans
    markers: list[NoteMarker] = field(default_factory=list)
    phase: str = ""
    phase_score: float | None = None


@dataclass
class Work:
    """The fields of a cited work: as a note prints them, or as a short form or an Ibid. resolves them."""

    authors: list[str] = field(default_factory=list)  # persons and organisations
    title: str = ""
    title_original: str = ""  # the Chinese (or other-language) original title
    container: str = ""  # outlet, journal, publisher, website
    date: str = ""  # ISO 8601, as precise as printed: YYYY, YYYY-MM or YYYY-MM-DD
    year: int | None = None


@dataclass
class NoteSource:
    """One work a note cites (a `note_sources` row), in the order printed: its fields and what it resolves to."""

    source_no: int  # 1 for the first work the note cites
    type: str  # full | short | ibid
    printed: Work
    resolved: Work  # the printed fields for a full reference; the full reference's for a short form or Ibid.
    refers_to: str = ""  # citation_id of the note or bibliography entry that gives the full reference
    urls: list[str] = field(default_factory=list)  # the URLs printed in this source


@dataclass
class Note:
    """A footnote, an endnote or a bibliography entry: one source-bearing record (a `citations` row).

    The fields after `bbox` are filled by citation parsing; they stay empty when it has not run.
    """

    doc_id: str
    citation_id: str
    kind: str  # footnote | endnote | bibliography | source_note (a numbered reference under a source line)
    marker: str  # the note number as printed; empty for bibliography entries
    text: str
    page: int
    bbox: BBox
    type: str = ""  # full | ibid | short | comment | multi
    refers_to: str = ""  # citation_id of the note or bibliography entry an ibid or short form points to
    authors: list[str] = field(default_factory=list)  # persons and organisations
    title: str = ""
    title_original: str = ""  # the Chinese (or other-language) original title
    container: str = ""  # outlet, journal, publisher, website
    date: str = ""  # ISO 8601, as precise as printed: YYYY, YYYY-MM or YYYY-MM-DD
    year: int | None = None
    year_suffix: str = ""  # the letter after the year in author-year keys: 2020a
    urls: list[str] = field(default_factory=list)
    resolved: Work = field(default_factory=Work)  # the work cited (the first one's, for several), resolved
    sources: list[NoteSource] = field(default_factory=list)  # every work the note cites; none for a comment


@dataclass
class IntextCitation:
    """An author-year citation printed in the text, e.g. "(Xi 2020)", resolved to a bibliography entry."""

    doc_id: str
    passage_id: str
    page: int
    text: str
    surname_or_org: str
    year: int | None
    year_suffix: str = ""
    resolves_to: str = ""  # citation_id of the bibliography entry; empty when none matches
    start: int = 0  # character offsets in the passage text
    end: int = 0


@dataclass
class Mention:
    """One thing an extractor found in a passage: an amount, an entity, a technology, a term pair.

    `table` names the output table the mention belongs to; `fields` holds that table's own columns
    (amount and currency for money, label and canonical for entities, ...).
    """

    doc_id: str
    passage_id: str
    page: int
    kind: str  # the kind of passage it came from: body, footnote, table, ...
    table: str
    text: str
    start: int  # character offsets in the passage text
    end: int
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass
class Table:
    doc_id: str
    table_id: str  # "table3" for a captioned "Table 3"; "p5-t1" for an uncaptioned one
    caption: str
    page: int
    bbox: BBox
    rows: list[list[str]]
    pages: list[int] = field(default_factory=list)
    # every (page, bbox) the table and its caption cover, so their text stays out of body passages
    regions: list[tuple[int, BBox]] = field(default_factory=list)
    csv_path: str = ""

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Figure:
    doc_id: str
    figure_id: str
    caption: str
    page: int
    bbox: BBox


@dataclass
class Document:
    doc_id: str
    path: str
    sha256: str = ""
    n_pages: int = 0
    status: Status = Status.OK
    error: str = ""
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)  # seconds spent in each stage
    rules_hash: str = ""  # the rule files (and phase model) its extractions were made with
    reused_parse: bool = False  # passages, notes and tables came from an earlier run's cached parse
    metadata: dict[str, Any] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    passages: list[Passage] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    intext_citations: list[IntextCitation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def markers(self) -> list[NoteMarker]:
        return [m for p in self.passages for m in p.markers]

    def add_problem(self, stage: str, category: str, message: str, page: int | None = None) -> None:
        self.problems.append(Problem(stage, category, message, self.doc_id, page))

    def to_dict(self, lines: bool = False) -> dict[str, Any]:
        """A JSON-ready dict of the whole model (enums as their values); page lines only if asked."""
        d = dataclasses.asdict(self)
        d["status"] = self.status.value
        if not lines:
            for page in d["pages"]:
                page.pop("lines")
        for t, src in zip(d["tables"], self.tables):
            t["n_rows"], t["n_cols"] = src.n_rows, src.n_cols
        return d

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        """The Document that `to_dict` turned into `data` (read back from a cached parse)."""
        return _build(cls, data)


def _build(kind: Any, value: Any) -> Any:
    """`value` (from JSON) as an instance of the type annotation `kind`: dataclasses, lists, tuples, enums."""
    if value is None:
        return None
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind) if f.init}
        return kind(**{k: _build(hints[k], v) for k, v in value.items() if k in names})
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        return _build(next(a for a in args if a is not type(None)), value)
    if origin is list:
        return [_build(args[0], v) for v in value]
    if origin is tuple:
        return tuple(_build(a, v) for a, v in zip(args, value)) if args[-1] is not Ellipsis else tuple(value)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(value)
    return value

