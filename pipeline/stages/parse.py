"""Parse stage: a PDF file into pages of lines in reading order, with tables cut out.

PDFium gives the characters (fast); pdfplumber runs only on pages that may hold a table.
"""
from __future__ import annotations

import ctypes
import time
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import BadPDFError
from ..layout import tables as table_finder
from ..layout.chars import page_chars, turn_bbox
from ..layout.furniture import furniture
from ..layout.lines import build_lines
from ..layout.order import gutters, reading_order
from ..layout.regions import figure_regions, inside
from ..layout.text import Lexicon, hyphen_prefixes
from ..model import Document, Page, Status
from ..settings import Settings


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, turning its failures into a BadPDFError with a category."""
    with open(path, "rb") as f:
        head = f.read(1024)
    if not head:
        raise BadPDFError("not_pdf", "empty file (0 bytes)")
    if b"%PDF" not in head:
        raise BadPDFError("not_pdf", "not a PDF (no %PDF header)")
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        # PDFium's error code can be stale from an earlier file, so the cause is read from the file itself.
        raise BadPDFError(*_why_unreadable(path, exc)) from exc
    if len(pdf) == 0:
        pdf.close()
        raise BadPDFError("no_pages", "the PDF has no pages")
    return pdf


def metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    """The info dictionary's text fields, by lower-case key, empty ones left out.

    Decoded here rather than by pypdfium2 (which decodes strictly), so that a field holding half a UTF-16
    pair reads with U+FFFD in its place instead of failing the whole document.
    """
    found = {}
    for key in pdf.METADATA_KEYS:
        name = (key + "\0").encode("ascii")
        size = pdfium_c.FPDF_GetMetaText(pdf, name, None, 0)
        buffer = ctypes.create_string_buffer(size)
        pdfium_c.FPDF_GetMetaText(pdf, name, buffer, size)
        value = buffer.raw[: max(size - 2, 0)].decode("utf-16-le", "replace")
        if value:
            found[key.lower()] = value
    return found


def _why_unreadable(path: Path, exc: Exception) -> tuple[str, str]:
    """(category, message) for a file PDFium could not open."""
    with open(path, "rb") as f:
        data = f.read()
    if b"/Encrypt" in data:
        return "encrypted", "encrypted: the PDF needs a password"
    corrupt = ("corrupt", f"truncated or corrupt PDF ({exc})")
    try:
        with pdfplumber.open(path) as pdf:
            n_pages = len(pdf.pages)
    except Exception:  # pdfminer cannot read it either
        return corrupt
    return ("no_pages", "the PDF has no pages") if n_pages == 0 else corrupt  # PDFium refuses page-less files


def parse(doc: Document, settings: Settings) -> Document:
    """Fill `doc.pages` (lines in reading order, furniture and tables removed) and `doc.tables`.

    Args:
        doc: a Document from the ingest stage (path and doc_id set).
        settings: run settings (table extraction on or off, page limit).
    Returns:
        The same Document. A file that cannot be read raises BadPDFError; a page that fails is
        recorded as a Problem and the document becomes `partial`.
    """
    t0 = time.perf_counter()
    pdf = open_pdf(Path(doc.path))
    try:
        doc.n_pages = len(pdf)
        if doc.n_pages > settings.max_pages:
            raise BadPDFError("too_many_pages", f"{doc.n_pages} pages, over the limit of {settings.max_pages}")
        doc.metadata.update(metadata(pdf))
        if not pdfium_c.FPDF_DocumentHasValidCrossReferenceTable(pdf):
            # PDFium rebuilds a broken xref table by scanning the file, silently: a truncated file then opens
            # with whatever objects survived, so say so, and the document is partial rather than ok
            doc.add_problem("parse", "repaired", "the PDF's cross-reference table is broken (a truncated or "
                            "damaged file) and was rebuilt: some of its content may be missing")
        raw_pages = [_read_page(pdf, i, doc) for i in range(doc.n_pages)]
    finally:
        pdf.close()
    unloaded = sum(p.category == "page_error" for p in doc.problems)
    if unloaded == doc.n_pages:  # /Count with no kids, a loop or a missing object in the page tree
        raise BadPDFError("corrupt", f"the page tree is broken: none of its {doc.n_pages} page(s) could be loaded")
    if not any(p.n_chars for p in raw_pages):
        raise BadPDFError("no_text", "no text layer (a scan?); OCR it first")
    drop = furniture([p.lines for p in raw_pages], [p.height for p in raw_pages])
    for page, gone in zip(raw_pages, drop):
        page.lines = [ln for i, ln in enumerate(page.lines) if i not in gone]
    # Gutters as the page prints them, tables included: a table that fills most of one column would
    # otherwise leave that column too few lines to count as one once the table's lines are cut out.
    printed = [(gutters(page.lines), len(page.lines)) for page in raw_pages]
    if settings.tables:
        _find_tables(doc, raw_pages, settings.rules)
    for page, (whole, n_printed) in zip(raw_pages, printed):
        # only a page whose table lines were cut out can show other gutters than it prints
        cuts = (gutters(page.lines) or whole) if len(page.lines) != n_printed else whole
        page.n_columns = len(cuts) + 1
        page.lines = reading_order(page.lines, cuts)
    doc.pages = raw_pages
    doc.metadata["parse_seconds"] = round(time.perf_counter() - t0, 3)
    return doc


def _read_page(pdf: pdfium.PdfDocument, index: int, doc: Document) -> Page:
    number = index + 1
    try:
        page = pdf[index]
        width, height = page.get_size()
        rotation = page.get_rotation()
        chars, quarter, controls = page_chars(page)
        # Regions are found in the page's own frame, which is the lines' frame only when nothing was turned.
        figures = figure_regions(page, width, height) if rotation == 0 and quarter == 0 else []
        page.close()
    except Exception as exc:  # one broken page must not lose the rest of the document
        doc.add_problem("parse", "page_error", f"page {number}: {exc}", number)
        doc.status = Status.PARTIAL
        return Page(number=number, width=0.0, height=0.0)
    if controls:
        doc.add_problem("parse", "control_chars", f"page {number}: {controls} control characters of the text "
                        "layer dropped", number)
    lines = build_lines(chars, number)
    if rotation == 0 and quarter == 0:
        lines = [ln for ln in lines if _on_page(ln.bbox, width, height)]
    return Page(number=number, width=width, height=height, rotation=rotation, turned=90 * quarter,
                n_chars=len(chars), lines=lines, figures=figures)


def _on_page(bbox: tuple[float, float, float, float], width: float, height: float) -> bool:
    """Whether a line shows on the page at all: text set wholly beyond its edges (the other half of a spread
    laid out across two pages, a slug outside the trim) is in the file but never printed."""
    return bbox[2] > 0 and bbox[0] < width and bbox[3] > 0 and bbox[1] < height


def _find_tables(doc: Document, pages: list[Page], rules_dir: str | Path | None) -> None:
    """Run pdfplumber's table finder on candidate pages and cut table regions out of the lines; cells rejoin
    line-end hyphens by the words of the pages' lines (read only when a page may hold a table)."""
    prefixes = hyphen_prefixes(rules_dir)  # a bad rule file is the run's error, not a table problem
    try:
        candidates = table_finder.likely_table_pages(doc.path)
        if candidates:
            lexicon = Lexicon([ln.text for p in pages for ln in p.lines], prefixes)
            doc.tables = table_finder.extract_tables(doc.path, doc.doc_id, candidates, _page_failed(doc), lexicon)
        else:
            doc.tables = []
    except Exception as exc:  # tables are a bonus on top of the text; never lose the text for them
        doc.add_problem("parse", "tables", f"table extraction failed: {exc}")
        doc.status = Status.PARTIAL
        doc.tables = []
        return
    for page in pages:
        regions = [_upright(bbox, page) for t in doc.tables for (pg, bbox) in t.regions if pg == page.number]
        if regions:
            page.lines = [ln for ln in page.lines if not any(inside(ln.bbox, r, 1.0) for r in regions)]
            # a ruled table draws many objects too: those regions are the table's, not a figure's
            page.figures = [f for f in page.figures if not any(_overlap(f, r) for r in regions)]


def _overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _page_failed(doc: Document):
    """A callback recording a table page that failed as a `tables` problem, which leaves the document partial."""
    def record(number: int, exc: Exception) -> None:
        doc.add_problem("parse", "tables", f"tables on page {number} skipped: {type(exc).__name__}: {exc}",
                        page=number)
    return record


def _upright(bbox: tuple[float, float, float, float], page: Page) -> tuple[float, float, float, float]:
    """A pdfplumber box (unrotated page, top-left origin) in the frame of the page's lines, which follow
    the page's /Rotate and then any turn that made sideways text upright."""
    quarter = ((4 - page.rotation // 90) % 4 + page.turned // 90) % 4
    return turn_bbox(bbox, quarter, page.width, page.height) if quarter else bbox
