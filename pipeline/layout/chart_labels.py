"""Which wordless lines of a page are a chart's labels, not an unruled table's cells.

A `label` passage is a line without a word: numbers, amounts, years. In an unruled table they are cells, and
their amounts are the table's ("$44.1B" beside "NASDAQ"); on a chart or an infographic they are axis ticks,
legend bins and the numbers drawn on bars ("$50-100M", "$ 5", "2010 2011 2012"), and an amount read from
them is no finding. What tells the two apart is the geometry of a table: rows of three or more cells whose
edges line up in columns from row to row. A page that holds a figure (its caption, or text drawn in it) and
whose labels and figure text form no such grid is a chart's, and its labels are not mined, nor the numbers
an infographic sets in display type there (a "heading" without a word: "$337.3B"). Labels on a page with no
figure may be an unruled table's cells, and are kept.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from pipeline.text import TEXT_WORD_RE

ROW_TOLERANCE = 2.0  # pt: cells of one row share their top within this
EDGE_TOLERANCE = 3.0  # pt: cells of one column share their left or their right edge within this
MIN_CELLS, MIN_ROWS, MIN_COLUMNS = 3, 3, 2


def chart_labels(passages: Iterable, figure_pages: Iterable[int] = ()) -> set[str]:
    """The passage ids of the `label` passages, and of the headings without a word, on pages that hold a figure
    (one of `figure_pages`, or a page with figure text) and whose labels and figure text form no grid."""
    by_page: dict[int, list] = defaultdict(list)
    display: dict[int, list[str]] = defaultdict(list)  # headings without a word: numbers in display type
    for p in passages:
        if p.kind in ("label", "figure_text"):  # a PassageKind equals its value
            by_page[p.page].append(p)
        elif p.kind == "heading" and not TEXT_WORD_RE.search(p.text):
            display[p.page].append(p.passage_id)
    figured = set(figure_pages) | {page for page, ps in by_page.items() if any(p.kind == "figure_text" for p in ps)}
    found: set[str] = set()
    for page in figured:
        cells = by_page.get(page, [])
        if not is_grid([p.bbox for p in cells]):
            found.update(p.passage_id for p in cells if p.kind == "label")
            found.update(display.get(page, []))
    return found


def is_grid(boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether the boxes (x0, top, x1, bottom) hold MIN_ROWS rows of MIN_CELLS or more cells with MIN_COLUMNS
    columns whose left or right edges line up across those rows."""
    rows: list[list[tuple[float, float, float, float]]] = []
    for box in sorted(boxes, key=lambda b: b[1]):
        if rows and abs(rows[-1][0][1] - box[1]) <= ROW_TOLERANCE:
            rows[-1].append(box)
        else:
            rows.append([box])
    full = [row for row in rows if len(row) >= MIN_CELLS]
    if len(full) < MIN_ROWS:
        return False
    columns = 0
    for edge in (0, 2):  # left edges, then right edges
        positions = sorted(b[edge] for row in full for b in row)
        groups: list[list[float]] = []
        for x in positions:
            if groups and x - groups[-1][-1] <= EDGE_TOLERANCE:
                groups[-1].append(x)
            else:
                groups.append([x])
        columns = max(columns, sum(len(g) >= MIN_ROWS for g in groups))
    return columns >= MIN_COLUMNS

