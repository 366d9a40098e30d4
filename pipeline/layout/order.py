"""Reading order: find column gutters on a page and read each column top to bottom.

The page is cut into horizontal bands at lines that span a gutter (titles, full-width figures);
inside a band, the left column is read before the right one. This is the classic X-Y cut restricted
to what policy reports print: one to three columns, with full-width items between them.
"""
from __future__ import annotations

from collections import Counter

from ..model import Line

MIN_GUTTER = 6.0  # points of white space between columns
SIDE_SHARE = 0.15  # each side of a gutter must hold at least this share of the page's lines
MAIN_SIZE = 0.12  # lines within this share of the page's main text size are the ones that make columns


def gutters(lines: list[Line]) -> list[tuple[float, float]]:
    """Vertical white strips that separate columns, as (left, right) x-ranges.

    The page's lines are read twice: all of them, then those set in its main text size, whose gutters count
    too where they overlap none found before: full-width footnotes under two columns, or a title that runs
    across the gutter, must not close it. A strip of the first reading that more than a tenth of the main-size
    lines run across is no gutter.
    """
    main = _main_size(lines)
    # A strip that lines of running text cross is white only because a chart's many labels outnumber the text
    # beside them (the strips are thin by a share of all the page's lines), not a gutter.
    limit = max(1, 0.1 * len(main))
    found = [(left, right) for left, right in _strips_between_columns(lines)
             if sum(ln.bbox[0] < left - 2 and ln.bbox[2] > right + 2 for ln in main) <= limit]
    for left, right in _strips_between_columns(main):
        overlaps = [k for k, (l, r) in enumerate(found) if left < r and l < right]
        if not overlaps:
            found.append((left, right))
        elif len(overlaps) == 1:  # white in both readings: an edge the running text sets well inside is the edge
            l, r = found[overlaps[0]]
            found[overlaps[0]] = (left if left > l + MIN_GUTTER else l, right if right < r - MIN_GUTTER else r)
    return sorted(found)


def _strips_between_columns(lines: list[Line]) -> list[tuple[float, float]]:
    if len(lines) < 6:
        return []
    limit = max(1, 0.1 * len(lines))
    strips = [(left, right) for left, right in _thin_strips(lines, limit) if right - left >= MIN_GUTTER]
    found = []
    for left, right in strips:
        n_left = sum(1 for ln in lines if ln.bbox[2] <= left + 1)
        n_right = sum(1 for ln in lines if ln.bbox[0] >= right - 1)
        if n_left >= SIDE_SHARE * len(lines) and n_right >= SIDE_SHARE * len(lines):
            found.append((left, right))
    return found


def _main_size(lines: list[Line]) -> list[Line]:
    """The lines within MAIN_SIZE of the size most of the page's text is set in (all of them when few are)."""
    weight: Counter[float] = Counter()
    for ln in lines:
        weight[round(ln.size)] += len(ln.text)
    if not weight:
        return lines
    main = weight.most_common(1)[0][0]
    kept = [ln for ln in lines if abs(ln.size - main) <= MAIN_SIZE * main]
    return kept if len(kept) >= 6 else lines


def _thin_strips(lines: list[Line], limit: float) -> list[tuple[int, int]]:
    """Runs of whole points, between the lines' leftmost and rightmost, covered by at most `limit` lines.

    A sweep over the lines' edges, not one slot per point: its cost follows the number of lines, whatever
    the extent (a hostile character spacing can put two characters 2e9 points apart).
    """
    steps: Counter[int] = Counter()
    for ln in lines:
        steps[int(ln.bbox[0])] += 1
        steps[int(ln.bbox[2]) + 1] -= 1
    edges = sorted(steps)
    strips, cover, start = [], 0, None
    for x in edges:
        cover += steps[x]
        if cover <= limit and start is None:
            start = x
        elif cover > limit and start is not None:
            if start != edges[0]:  # white at the page's left edge is a margin, not a gutter
                strips.append((start, x))
            start = None
    return strips  # a run still open at the last edge is the right margin


def column_of(line: Line, cuts: list[tuple[float, float]]) -> int | None:
    """Column index of a line, or None when it spans a gutter; a line that starts inside a gutter belongs to
    the side of the gutter's middle it starts on (a gutter found on a sparse page can be wider than the white)."""
    col = 0
    for left, right in cuts:
        if line.bbox[0] < left + 2 and line.bbox[2] > right + 2:  # from the gutter's edge across it: spans it
            return None
        if line.bbox[0] >= min(right - 2, (left + right) / 2):
            col += 1
    return col


def _rows(lines: list[Line]) -> dict[int, int]:
    """A row number per line: lines whose tops differ by less than a third of their size share a row."""
    rows: dict[int, int] = {}
    row, row_top = -1, None
    for ln in sorted(lines, key=lambda ln: ln.bbox[1]):
        if row_top is None or ln.bbox[1] - row_top > 0.3 * ln.size:
            row, row_top = row + 1, ln.bbox[1]
        rows[id(ln)] = row
    return rows


def _merge_within_columns(lines: list[Line], cuts: list[tuple[float, float]], rows: dict[int, int]) -> list[Line]:
    """Rejoin pieces of one printed line that a wide justified space split, when no gutter lies between."""
    out: list[Line] = []
    for ln in sorted(lines, key=lambda ln: (rows[id(ln)], ln.bbox[0])):
        prev = out[-1] if out else None
        if (prev is not None and rows[id(prev)] == rows[id(ln)] and abs(prev.size - ln.size) < 0.5
                and column_of(prev, cuts) == column_of(ln, cuts) is not None
                and not any(prev.bbox[2] <= left and ln.bbox[0] >= right for left, right in cuts)
                and ln.bbox[0] - prev.bbox[2] < 3 * ln.size):
            base = len(prev.text) + 1
            prev.markers.extend((base + off, mk) for off, mk in ln.markers)
            prev.text = f"{prev.text} {ln.text}"
            prev.bbox = (prev.bbox[0], min(prev.bbox[1], ln.bbox[1]), ln.bbox[2], max(prev.bbox[3], ln.bbox[3]))
            prev.bold = prev.bold and ln.bold
            continue
        out.append(ln)
    return out


def reading_order(lines: list[Line], cuts: list[tuple[float, float]] | None = None) -> list[Line]:
    """The lines of one page in reading order; sets `Line.column` (-1 for lines that span a gutter).

    `cuts` are the page's gutters when the caller knows them better than these lines show (default: `gutters`).
    """
    cuts = gutters(lines) if cuts is None else cuts
    rows = _rows(lines)
    lines = _merge_within_columns(lines, cuts, rows)
    if not cuts:
        for ln in lines:
            ln.column = 0
        return sorted(lines, key=lambda ln: (rows[id(ln)], ln.bbox[0]))
    out: list[Line] = []
    band: list[Line] = []
    for ln in sorted(lines, key=lambda ln: (rows[id(ln)], ln.bbox[0])):
        col = column_of(ln, cuts)
        if col is None:
            out.extend(sorted(band, key=lambda b: (b.column, rows[id(b)], b.bbox[0])))
            band = []
            ln.column = -1
            out.append(ln)
        else:
            ln.column = col
            band.append(ln)
    out.extend(sorted(band, key=lambda b: (b.column, rows[id(b)], b.bbox[0])))
    return out
