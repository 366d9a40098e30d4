"""Tables: ruled tables found with pdfplumber, tied to their "Table N" captions and stitched across pages.

Per page: find ruled tables (on an upright view when the page's text runs sideways), read every cell as a list of
printed lines, join side-by-side halves that share a header, and attach the caption printed just above or below.
Per document: stitch continuations on the next page into one table, split stacked and bulleted cells into rows,
then turn each cell's lines into clean text. pdfplumber is slow, so `likely_table_pages` offers a cheap pypdfium2
pre-filter for the `pages` argument of `extract_tables`.
"""
from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.page import Page as PlumberPage
from pdfplumber.utils import extract_text

from pipeline.layout.text import Lexicon, join
from pipeline.model import BBox, Table
from pipeline.text import BULLET_RE, spell_ligatures, unique_id

log = logging.getLogger(__name__)

# Ruled tables only: the "text" strategy turns ordinary body text into tables on most pages of a report.
TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
# Tolerances (points) pdfplumber uses to group a cell's characters into words and lines.
CELL_TEXT_SETTINGS = {"x_tolerance": 3, "y_tolerance": 3}

# "Table 3:", "Table 3.", "Table 6.1", "TABLE 125:", "Table A1", "Table S–4", "Table 2 (continued)";
# not "Table 3 shows ...", which is a sentence starting with a cross-reference.
CAPTION_RE = re.compile(r"^(?:Table|TABLE)\s+(?P<num>[A-Z]?[-–.]?\d+(?:\.\d+)*)(?=\s*[:.]|\s+[^a-z\s]|\s*$)")
CONTINUED_RE = re.compile(r"\((?:continued|cont(?:['’]?d)?\.?)\)", re.IGNORECASE)
# How far from a table its caption may sit: lines walked (a headnote may come between) and the largest gap between
# the table and the nearest line, in multiples of that line's font size.
MAX_CAPTION_LINES = 4
MAX_CAPTION_GAP = 2.0
# A page drawing fewer vector paths than this has no ruled table (a page of prose has a rule or two).
MIN_PATH_OBJECTS = 8
# An uncaptioned grid with fewer filled cells a row on average is text in boxes, not a table.
MIN_CELLS_PER_ROW = 1.5
# Column edges of a continuation must match the table's within this many points to be stitched to it.
COLUMN_TOLERANCE = 6.0

LEADER_RE = re.compile(r"(?:\.\s?){4,}|…{2,}")

Cell = list[str]  # the printed lines of one cell
Row = list[Cell]


@dataclass
class _Piece:
    """One table as printed on one page: cells still as lines, boxes in the page's own coordinates."""

    page: int
    boxes: list[BBox]  # the table's ruled area; two when side-by-side halves were joined
    rows: list[Row]
    columns: list[float]  # left edge of every column plus the right edge, for matching continuations
    caption: str = ""
    caption_bbox: BBox | None = None

    @property
    def number(self) -> str:
        m = CAPTION_RE.match(self.caption)
        return m["num"] if m else ""


@dataclass
class _Line:
    """A printed line of text near a table (a caption candidate)."""

    bbox: BBox
    text: str
    size: float
    fonts: set[tuple[str, float]] = field(default_factory=set)


def likely_table_pages(pdf_path: str) -> list[int]:
    """1-based numbers of the pages that may hold a table: many vector paths (rules) or a "Table N" caption line.

    Uses pypdfium2 only (about 1-5 ms a page); a page pdfium cannot inspect is kept, to be safe.
    """
    pdf = pdfium.PdfDocument(pdf_path)
    try:
        numbers = []
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                if _count_paths(page, MIN_PATH_OBJECTS) >= MIN_PATH_OBJECTS or _has_caption_line(page):
                    numbers.append(index + 1)
            except pdfium.PdfiumError:  # a damaged page goes to pdfplumber, whose failure is logged there
                numbers.append(index + 1)
            finally:
                page.close()
        return numbers
    finally:
        pdf.close()


def _count_paths(page: pdfium.PdfPage, enough: int) -> int:
    """Path objects on the page, looking inside form XObjects; stops counting at `enough`."""
    count = 0
    containers = [(page.raw, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)]
    while containers and count < enough:
        handle, count_objects, get_object = containers.pop()
        for i in range(count_objects(handle)):
            obj = get_object(handle, i)
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                count += 1
                if count >= enough:
                    break
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                containers.append((obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject))
    return count


def _has_caption_line(page: pdfium.PdfPage) -> bool:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    return any(CAPTION_RE.match(line.strip()) for line in text.splitlines())


def extract_tables(pdf_path: str, doc_id: str, pages: list[int] | None = None,
                   on_page_error: Callable[[int, Exception], None] | None = None,
                   lexicon: Lexicon | None = None) -> list[Table]:
    """Ruled tables of a PDF with their captions, in document order.

    Args:
        pdf_path: the PDF file.
        doc_id: copied onto every Table.
        pages: 1-based page numbers to look at (None = all); only these pages are opened with pdfplumber.
        on_page_error: called with (page number, exception) for a page that fails; the page is skipped, so one
            bad page never loses the document's other tables.
        lexicon: the document's words, to rejoin a cell's line-end hyphens as body text is rejoined (default:
            the shipped hyphen prefixes only).

    Returns:
        One Table per printed table; a table continued on the next page is one Table.

    Raises:
        Whatever pdfplumber raises when the file cannot be opened as a PDF at all.
    """
    pieces: list[_Piece] = []
    with pdfplumber.open(pdf_path) as pdf:
        count = len(pdf.pages)
        wanted = range(1, count + 1) if pages is None else sorted({n for n in pages if 1 <= n <= count})
        for number in wanted:
            page = pdf.pages[number - 1]
            try:
                pieces.extend(_page_pieces(page))
            except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds of errors on damaged pages
                log.warning("%s: tables on page %d skipped: %s: %s", doc_id, number, type(exc).__name__, exc)
                if on_page_error:
                    on_page_error(number, exc)
            finally:
                page.close()
    return _build_tables(doc_id, pieces, lexicon or Lexicon([]))


# --- one page ---------------------------------------------------------------------------------------------------


def _page_pieces(page: PlumberPage) -> list[_Piece]:
    """The tables printed on one page, in reading order, with their captions."""
    view, to_page = _upright_view(page)
    hidden = _hidden_fills(view.rects)
    finder = view.filter(lambda obj: id(obj) not in hidden) if hidden else view
    pieces = [p for p in (_read_table(view, t) for t in finder.find_tables(TABLE_SETTINGS)) if p]
    pieces = _join_side_by_side(sorted(pieces, key=lambda p: (p.boxes[0][1], p.boxes[0][0])))
    for piece in pieces:
        _attach_caption(view, piece, [b for other in pieces for b in other.boxes])
        piece.boxes = [to_page(b) for b in piece.boxes]
        piece.caption_bbox = to_page(piece.caption_bbox) if piece.caption_bbox else None
    return pieces


def _upright_view(page: PlumberPage) -> tuple[PlumberPage, Callable[[BBox], BBox]]:
    """The page turned so that most of its text is upright, and a map from view boxes back to page boxes.

    Landscape tables are often printed sideways on a portrait page; pdfplumber's table and word finders only read
    horizontal text, so such a page is turned a quarter turn before looking at it.
    """
    chars = page.chars
    sideways = [c for c in chars if not c["upright"]]
    if len(sideways) * 2 <= len(chars):
        return page, lambda box: box
    x0, top, x1, bottom = page.bbox
    runs_down = sum(c["matrix"][1] < 0 for c in sideways) * 2 > len(sideways)
    if runs_down:  # turn counter-clockwise: the page's right edge becomes the top
        def point(x: float, y: float) -> tuple[float, float]:
            return y - top, x1 - x

        def to_page(b: BBox) -> BBox:
            return x1 - b[3], b[0] + top, x1 - b[1], b[2] + top
    else:  # text runs up the page: turn clockwise, the left edge becomes the top

        def point(x: float, y: float) -> tuple[float, float]:
            return bottom - y, x - x0

        def to_page(b: BBox) -> BBox:
            return b[1] + x0, bottom - b[2], b[3] + x0, bottom - b[0]

    width, height = bottom - top, x1 - x0
    # A derived page with replaced objects, the way pdfplumber's own Page.dedupe_chars builds one.
    view = page.filter(lambda obj: True)
    view.bbox = (0, 0, width, height)
    view._objects = {
        kind: [_turn(obj, point, height, page.initial_doctop) for obj in objs] for kind, objs in page.objects.items()
    }
    return view, to_page


def _turn(obj: dict, point: Callable[[float, float], tuple[float, float]], height: float, doctop: float) -> dict:
    """A copy of a pdfplumber object with its coordinates mapped by `point` (a quarter turn)."""
    (ax, ay), (bx, by) = point(obj["x0"], obj["top"]), point(obj["x1"], obj["bottom"])
    x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
    turned = dict(obj)
    turned.update(x0=x0, x1=x1, top=top, bottom=bottom, width=x1 - x0, height=bottom - top)
    turned.update(y0=height - bottom, y1=height - top, doctop=doctop + top)
    if "pts" in obj:
        turned["pts"] = [point(x, y) for x, y in obj["pts"]]
    if "upright" in obj:
        turned["upright"] = not obj["upright"]
    return turned


def _hidden_fills(rects: list[dict]) -> set[int]:
    """ids of filled, unstroked rects painted over an earlier, larger rect of the same colour.

    They draw nothing visible, but their edges would cut cells into strips: some generators shade every text line
    of an already shaded cell again. (Invisible white cell boxes on the white page are kept: word processors draw
    them for every cell of a table whose rules are hidden, and they are the only grid such a table has.)
    """
    fills = [r for r in rects if r.get("fill") and not r.get("stroke")]
    areas = [(i, r) for i, r in enumerate(fills) if r["width"] > 2 and r["height"] > 2]
    hidden = set()
    for i, rect in enumerate(fills):
        colour = rect.get("non_stroking_color")
        if any(k < i and a.get("non_stroking_color") == colour and _contains(a, rect) for k, a in areas):
            hidden.add(id(rect))
    return hidden


def _contains(outer: dict, inner: dict, slack: float = 0.5) -> bool:
    return (
        outer["x0"] - slack <= inner["x0"]
        and inner["x1"] <= outer["x1"] + slack
        and outer["top"] - slack <= inner["top"]
        and inner["bottom"] <= outer["bottom"] + slack
    )


def _read_table(view: PlumberPage, table) -> _Piece | None:
    """The table's cells as lines of text, on pdfplumber's grid of cell edges.

    Text lying in no cell (a merged first column whose closing rule is missing) goes to the top of the uncovered
    run of rows it sits in, which is where a spanning cell's text belongs. Tables with fewer than two non-empty
    cells are boxes around text, not tables, and give None.
    """
    cells = table.cells
    xs, tops = sorted({c[0] for c in cells}), sorted({c[1] for c in cells})
    x_end, y_end = max(c[2] for c in cells), max(c[3] for c in cells)
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for c in cells:
        start = (tops.index(c[1]), xs.index(c[0]))
        for i in range(start[0], max(start[0] + 1, bisect_left(tops, c[3]))):
            for j in range(start[1], max(start[1] + 1, bisect_left(xs, c[2]))):
                owner[(i, j)] = start
    buckets: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for char in view.chars:
        x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        if not (xs[0] <= x < x_end and tops[0] <= y < y_end):
            continue
        i, j = bisect_right(tops, y) - 1, bisect_right(xs, x) - 1
        if (i, j) not in owner:
            while i > 0 and (i - 1, j) not in owner:
                i -= 1
        buckets[owner.get((i, j), (i, j))].append(char)
    rows = [[_lines(buckets.get((i, j), [])) for j in range(len(xs))] for i in range(len(tops))]
    if sum(bool(cell) for row in rows for cell in row) < 2:
        return None
    return _Piece(view.page_number, [table.bbox], rows, xs + [x_end])


def _lines(chars: list[dict]) -> Cell:
    text = extract_text(_without_overlaid_blanks(chars), **CELL_TEXT_SETTINGS) if chars else ""
    return [line.strip() for line in text.split("\n") if line.strip()]


def _without_overlaid_blanks(chars: list[dict]) -> list[dict]:
    """Drop space characters printed on top of other characters.

    Some report generators lay a run of spaces over a field's text; read in x order, the spaces interleave the
    letters ("0 8 / 3 0 / 2 0 15"). Real word spaces sit in the gap between words and survive.
    """
    solid = sorted((c for c in chars if c["text"].strip()), key=lambda c: c["x0"])
    if len(solid) == len(chars):
        return chars
    starts = [c["x0"] for c in solid]
    widest = max((c["x1"] - c["x0"] for c in solid), default=0)

    def overlaid(blank: dict) -> bool:
        half = (blank["x1"] - blank["x0"]) / 2
        near = solid[bisect_left(starts, blank["x0"] - widest) : bisect_left(starts, blank["x1"])]
        return any(
            min(blank["x1"], c["x1"]) - max(blank["x0"], c["x0"]) > half
            and min(blank["bottom"], c["bottom"]) > max(blank["top"], c["top"])
            for c in near
        )

    return [c for c in chars if c["text"].strip() or not overlaid(c)]


def _join_side_by_side(pieces: list[_Piece]) -> list[_Piece]:
    """Join tables printed as left and right halves: same top, same column count, same (non-empty) header."""
    joined: list[_Piece] = []
    for piece in pieces:
        x0, top = piece.boxes[0][0], piece.boxes[0][1]
        left = next(
            (
                q
                for q in joined
                if abs(q.boxes[0][1] - top) <= 3
                and q.boxes[-1][2] <= x0
                and len(q.columns) == len(piece.columns)
                and any(_row_key(q.rows[0]))
                and _row_key(q.rows[0]) == _row_key(piece.rows[0])
            ),
            None,
        )
        if left:
            left.rows += piece.rows[1:]
            left.boxes += piece.boxes
        else:
            joined.append(piece)
    return joined


def _row_key(row: Row) -> tuple[str, ...]:
    return tuple(_clean(" ".join(cell)) for cell in row)


# --- captions ---------------------------------------------------------------------------------------------------


def _attach_caption(view: PlumberPage, piece: _Piece, tables: list[BBox]) -> None:
    """Set the piece's caption from a "Table N" line just above the table, else just below it.

    Lines between an above-caption and the table (the caption's second line, a headnote) are part of the caption's
    region; the caption text is the "Table N" line plus the following lines set in the same font.
    """
    x0 = min(b[0] for b in piece.boxes)
    x1 = max(b[2] for b in piece.boxes)
    top = min(b[1] for b in piece.boxes)
    bottom = max(b[3] for b in piece.boxes)
    above = [ln for ln in _text_lines(view, (x0, top - 110, x1, top), tables) if ln.bbox[3] <= top + 1]
    above.sort(key=lambda ln: -ln.bbox[3])
    block = _caption_block(above, top, lambda ln: ln.bbox[3], lambda ln: ln.bbox[1])
    if block:
        block.reverse()  # the "Table N" line first, then the lines down to the table
        caption = _same_font_run(block)
    else:
        below = [ln for ln in _text_lines(view, (x0, bottom, x1, bottom + 70), tables) if ln.bbox[1] >= bottom - 1]
        below.sort(key=lambda ln: ln.bbox[1])
        block = _caption_block(below, bottom, lambda ln: ln.bbox[1], lambda ln: ln.bbox[3], max_lines=2)
        caption = _same_font_run(below[len(block) - 1 :]) if block else []
        block = block[:-1] + caption
    if caption:
        piece.caption = _clean(" ".join(ln.text for ln in caption))
        piece.caption_bbox = _union([ln.bbox for ln in block])


def _caption_block(
    lines: list[_Line],
    edge: float,
    near: Callable[[_Line], float],
    far: Callable[[_Line], float],
    max_lines: int = MAX_CAPTION_LINES,
) -> list[_Line]:
    """Lines from the table outwards up to and including the first "Table N" line, or [] if none is close enough.

    `near`/`far` give a line's side facing / away from the table; the first line may be MAX_CAPTION_GAP font sizes
    from the table, later ones one font size from the previous line.
    """
    for k, line in enumerate(lines[:max_lines]):
        if abs(near(line) - edge) > (MAX_CAPTION_GAP if k == 0 else 1.0) * line.size:
            return []
        if CAPTION_RE.match(line.text):
            return lines[: k + 1]
        edge = far(line)
    return []


def _same_font_run(lines: list[_Line]) -> list[_Line]:
    """The first line and the lines after it that continue in one of its fonts (a caption's wrapped lines)."""
    run = lines[:1]
    for line in lines[1:]:
        if not line.fonts & run[-1].fonts or line.bbox[1] - run[-1].bbox[3] > 0.6 * line.size:
            break
        run.append(line)
    return run


def _text_lines(view: PlumberPage, band: BBox, tables: list[BBox]) -> list[_Line]:
    """Printed lines in a band of the page that overlap the band's x-range, outside any table.

    Words in one line that are far apart horizontally (a column gutter) make separate lines, so a caption in one
    column is not glued to body text in the other.
    """
    x0, top, x1, bottom = band
    page_x0, page_top, page_x1, page_bottom = view.bbox
    clip = (page_x0, max(top, page_top), page_x1, min(bottom, page_bottom))
    if clip[3] - clip[1] < 1:
        return []
    words = view.within_bbox(clip).extract_words(extra_attrs=["fontname", "size"], **CELL_TEXT_SETTINGS)
    words = [w for w in words if not any(_inside(w, t) for t in tables)]
    rows: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if rows and min(w["top"] for w in rows[-1]) <= middle <= max(w["bottom"] for w in rows[-1]):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = [line for row in rows for line in _split_at_gutters(row)]
    return [ln for ln in lines if ln.bbox[0] < x1 and ln.bbox[2] > x0]


def _split_at_gutters(words: list[dict]) -> list[_Line]:
    words = sorted(words, key=lambda w: w["x0"])
    groups = [[words[0]]]
    for word in words[1:]:
        if word["x0"] - groups[-1][-1]["x1"] > 1.5 * word["size"]:
            groups.append([])
        groups[-1].append(word)
    return [
        _Line(
            _union([(w["x0"], w["top"], w["x1"], w["bottom"]) for w in g]),
            _join_words(g),
            max(w["size"] for w in g),
            {(w["fontname"], round(w["size"], 1)) for w in g},
        )
        for g in groups
    ]


def _join_words(words: list[dict]) -> str:
    """Words with a space between, except before a superscript touching its word ("15" "th" -> "15th")."""
    text = words[0]["text"]
    for prev, word in zip(words, words[1:]):
        superscript = word["size"] < 0.8 * prev["size"] and word["x0"] - prev["x1"] < 1
        text += ("" if superscript else " ") + word["text"]
    return text


def _inside(word: dict, box: BBox) -> bool:
    x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


# --- the document -----------------------------------------------------------------------------------------------


def _build_tables(doc_id: str, pieces: list[_Piece], lexicon: Lexicon) -> list[Table]:
    tables = [t for t in (_to_table(doc_id, group, lexicon) for group in _stitch(pieces)) if _is_table(t)]
    used: set[str] = set()
    per_page: Counter[int] = Counter()
    for table in tables:
        per_page[table.page] += 1
        table.table_id = unique_id(_table_id(table.caption, table.page, per_page[table.page]), used)
    return tables


def _is_table(table: Table) -> bool:
    """False for ruled boxes that are not tables.

    A captioned table needs two filled cells. An uncaptioned one needs two rows, two columns and on average
    MIN_CELLS_PER_ROW filled cells a row: a one-column box is a sidebar, and a grid with about one filled cell a
    row is a paragraph drawn over a box per line.
    """
    filled = sum(bool(cell) for row in table.rows for cell in row)
    if table.caption:
        return filled >= 2
    return table.n_rows >= 2 and table.n_cols >= 2 and filled >= MIN_CELLS_PER_ROW * table.n_rows


def _stitch(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Group each table with its continuations: the first table on the next page, uncaptioned (or captioned
    "Table N (continued)"), whose columns line up with the table's."""
    groups: list[list[_Piece]] = []
    for piece in pieces:
        if groups and _continues(groups[-1], piece):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    return groups


def _continues(group: list[_Piece], piece: _Piece) -> bool:
    last = group[-1]
    if piece.page != last.page + 1 or len(piece.columns) != len(last.columns):
        return False
    if piece.caption and not (CONTINUED_RE.search(piece.caption) and piece.number == group[0].number):
        return False
    return all(abs(a - b) <= COLUMN_TOLERANCE for a, b in zip(piece.columns, last.columns))


def _to_table(doc_id: str, group: list[_Piece], lexicon: Lexicon) -> Table:
    first = group[0]
    header = _row_key(first.rows[0])
    rows = list(first.rows)
    for piece in group[1:]:
        repeats_header = _row_key(piece.rows[0]) == header
        rows += piece.rows[1:] if repeats_header else piece.rows
    text_rows = [[_cell_text(cell, lexicon) for cell in row] for raw in rows for row in _split_row(raw)]
    regions = [(p.page, box) for p in group for box in p.boxes + ([p.caption_bbox] if p.caption_bbox else [])]
    return Table(
        doc_id=doc_id,
        table_id="",
        caption=first.caption,
        page=first.page,
        bbox=_union([box for page, box in regions if page == first.page]),
        rows=_drop_empty(text_rows),
        pages=sorted({p.page for p in group}),
        regions=regions,
    )


def _table_id(caption: str, page: int, k: int) -> str:
    """"table3" / "table6.1" for a captioned table, else "p{page}-t{k}" for the page's k-th table."""
    number = CAPTION_RE.match(caption)
    return "table" + number["num"].replace("–", "-") if number else f"p{page}-t{k}"


def _split_row(row: Row) -> list[Row]:
    """One printed row as one or more table rows.

    - A row with exactly one bulleted cell becomes one row per bullet, the other cells repeated.
    - A row whose non-empty cells (three or more) all hold the same number of lines, none of them a wrapped
      continuation (starting lowercase), is several records sharing one ruled band, as in statistical tables
      ruled every fifth row: it becomes one row per line.
    """
    bulleted = [j for j, cell in enumerate(row) if cell and BULLET_RE.match(cell[0])]
    if len(bulleted) == 1:
        items = _bullet_items(row[bulleted[0]])
        if len(items) > 1:
            return [[item if j == bulleted[0] else cell for j, cell in enumerate(row)] for item in items]
    filled = [cell for cell in row if cell]
    height = len(filled[0]) if filled else 0
    if (
        len(filled) >= 3
        and height >= 2
        and all(len(cell) == height for cell in filled)
        and not any(line[:1].islower() for cell in filled for line in cell[1:])
    ):
        return [[[cell[k]] if cell else [] for cell in row] for k in range(height)]
    return [row]


def _bullet_items(cell: Cell) -> list[Cell]:
    """A bulleted cell's items, bullets removed, each with its wrapped lines."""
    items: list[Cell] = []
    for line in cell:
        bullet = BULLET_RE.match(line)
        if bullet or not items:
            items.append([])
        items[-1].append(line[bullet.end() :] if bullet else line)
    return items


def _cell_text(cell: Cell, lexicon: Lexicon) -> str:
    """A cell's lines as one clean string; a bulleted cell's items are joined with "; "."""
    items = _bullet_items(cell) if cell and BULLET_RE.match(cell[0]) else [cell]
    return "; ".join(text for text in (_clean(_join_lines(item, lexicon)) for item in items) if text)


def _join_lines(lines: Cell, lexicon: Lexicon) -> str:
    """A cell's wrapped lines as running text, joined as body lines are (line-end hyphens by the document's
    own spelling, no space between CJK characters)."""
    text = ""
    for line in lines:
        text = join(text, line, lexicon)
    return text


def _clean(text: str) -> str:
    """Ligatures expanded, leader dots removed, whitespace collapsed; all other characters kept as printed."""
    return " ".join(LEADER_RE.sub(" ", spell_ligatures(text)).split())


def _drop_empty(rows: list[list[str]]) -> list[list[str]]:
    rows = [row for row in rows if any(row)]
    keep = [j for j in range(max((len(r) for r in rows), default=0)) if any(j < len(r) and r[j] for r in rows)]
    return [[row[j] if j < len(row) else "" for j in keep] for row in rows]

