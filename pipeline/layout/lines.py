"""Group characters into printed lines, with superscript note markers lifted out of the text.

A line here is a horizontal run of characters that share a baseline and have no gap wider than a
column gutter, so the two columns of a page give two lines at the same height.
"""
from __future__ import annotations

import re
import statistics

from ..model import Line
from ..text import BULLET_DASHES, BULLET_GLYPHS
from .chars import Char

# A superscript run that is a note marker: digits ("12", "3,4", "5-7") or reference symbols.
MARKER_RE = re.compile(r"^(?:\d{1,3}(?:[,\u2013-]\d{1,3})*|[*\u2217\u2020\u2021\u00a7]{1,3})$")
LABEL_RE = re.compile(f"^(?:\\d{{1,3}}[.)]?|[\u2217\u2020\u2021{BULLET_GLYPHS}{BULLET_DASHES}])$")
GUTTER = 1.0  # a gap wider than this many font sizes splits a line (column gutter, table cell)
WORD_GAP = 0.18  # a gap wider than this many font sizes is a space between words


def build_lines(chars: list[Char], page: int) -> list[Line]:
    """Lines of one page, sorted top to bottom and left to right.

    Args:
        chars: the page's characters from `chars.page_chars`.
        page: 1-based page number written into every Line.
    Returns:
        Lines with their text, bbox, dominant size and style, and the note markers found in them.
    """
    upright = [c for c in chars if c.upright and c.text.strip() or c.text == " "]
    runs = [r for row in _rows(upright) for r in _split_gaps(row)]
    runs = [r for r in runs if any(c.text.strip() for c in r)]
    hosts, supers = _merge_bridged(*_attach_superscripts(runs))
    lines = [_make_line(run, sup, page) for run, sup in zip(hosts, supers)]
    lines.sort(key=lambda ln: (round(ln.bbox[1]), ln.bbox[0]))
    return lines


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped by shared baseline (within a fraction of the font size)."""
    rows: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (c.baseline, c.x0)):
        if rows:
            last = rows[-1]
            ref = last[0]
            if abs(c.baseline - ref.baseline) <= max(1.0, 0.2 * min(ref.size, c.size) if c.size else 1.0):
                last.append(c)
                continue
        rows.append([c])
    for r in rows:
        r.sort(key=lambda c: c.x0)
    return rows


def _split_gaps(row: list[Char]) -> list[list[Char]]:
    """Split a row where the horizontal gap is wider than a gutter."""
    runs: list[list[Char]] = [[]]
    prev_end = None
    for c in row:
        if c.text == " ":
            if runs[-1]:
                runs[-1].append(c)
            continue
        if prev_end is not None and c.x0 - prev_end > GUTTER * max(c.size, 4.0):
            runs.append([])
        runs[-1].append(c)
        prev_end = c.x1
    return [_strip_spaces(r) for r in runs if r]


def _strip_spaces(run: list[Char]) -> list[Char]:
    while run and run[-1].text == " ":
        run.pop()
    return run


def _size(run: list[Char]) -> float:
    sizes = [c.size for c in run if c.text.strip()]
    return statistics.median(sizes) if sizes else 0.0


def _attach_superscripts(runs: list[list[Char]]) -> tuple[list[list[Char]], list[set[int]]]:
    """Merge small raised runs into the line they belong to.

    A superscript is set smaller than its line and its baseline sits above the line's baseline, so it
    lands in a row of its own; it belongs to the nearest larger line whose baseline is between 15%
    and 80% of that line's size below it and whose span it touches.
    """
    sizes = [_size(r) for r in runs]
    baselines = [statistics.median(c.baseline for c in r) for r in runs]
    hosts: dict[int, list[int]] = {}
    for i, run in enumerate(runs):
        if sum(1 for c in run if c.text.strip()) > 8:  # markers are short; skip the quadratic search
            continue
        best = None
        for j, host in enumerate(runs):
            if j == i or sizes[j] < sizes[i] * 1.15:
                continue
            rise = baselines[j] - baselines[i]
            if not 0.15 * sizes[j] <= rise <= 0.8 * sizes[j]:
                continue
            if run[0].x0 < host[0].x0 - 3 * sizes[j] or run[0].x0 > host[-1].x1 + 1.5 * sizes[j]:
                continue
            if best is None or rise < baselines[best] - baselines[i]:
                best = j
        if best is not None:
            hosts.setdefault(best, []).append(i)
    merged_away = {i for lst in hosts.values() for i in lst}
    out_runs, out_sup = [], []
    for j, run in enumerate(runs):
        if j in merged_away:
            continue
        sup_chars = [c for i in hosts.get(j, []) for c in runs[i]]
        both = sorted(run + sup_chars, key=lambda c: c.x0)
        out_runs.append(both)
        out_sup.append({id(c) for c in sup_chars})
    return out_runs, out_sup


def _merge_bridged(runs: list[list[Char]], supers: list[set[int]]) -> tuple[list[list[Char]], list[set[int]]]:
    """Rejoin runs of one row split by a gap that is not a gutter.

    Two cases: a note marker filled the gap ("Sciences.^11 To incentivize"), or the left run is only
    a label, such as a note number or bullet set apart by a tab ("7   Outline of the ...").
    """
    order = sorted(range(len(runs)), key=lambda i: (round(_baseline(runs[i], supers[i])), runs[i][0].x0))
    out_runs: list[list[Char]] = []
    out_sup: list[set[int]] = []
    for i in order:
        run, sup = runs[i], supers[i]
        if out_runs:
            prev, prev_sup = out_runs[-1], out_sup[-1]
            size = max(_size(run), 4.0)
            same_row = abs(_baseline(prev, prev_sup) - _baseline(run, sup)) < 1.0
            gap = run[0].x0 - prev[-1].x1
            label = LABEL_RE.match("".join(c.text for c in prev).strip()) is not None
            if same_row and 0 <= gap and ((prev_sup and gap <= GUTTER * size) or (label and gap <= 2 * size)):
                prev.extend(run)
                prev_sup |= sup
                continue
        out_runs.append(run)
        out_sup.append(set(sup))
    return out_runs, out_sup


def _baseline(run: list[Char], sup: set[int]) -> float:
    return statistics.median(c.baseline for c in run if id(c) not in sup) if len(sup) < len(run) else run[0].baseline


def _make_line(run: list[Char], sup: set[int], page: int) -> Line:
    body = [c for c in run if id(c) not in sup and c.text.strip()] or [c for c in run if c.text.strip()]
    size = statistics.median(c.size for c in body)
    text: list[str] = []
    markers: list[tuple[int, str]] = []
    pending_sup: list[Char] = []
    prev: Char | None = None

    def flush_sup() -> None:
        token = "".join(c.text for c in pending_sup).strip()
        if MARKER_RE.match(token):
            markers.append((len("".join(text).rstrip()), token))
        else:  # superscript that is text ("15th", "2" in m2): keep it
            text.append(token)
        pending_sup.clear()

    for c in run:
        if id(c) in sup:
            if c.text.strip():
                pending_sup.append(c)
            prev = c
            continue
        if pending_sup:
            flush_sup()
        if c.text == " ":
            if text and not text[-1].endswith(" "):
                text.append(" ")
        else:
            if prev is not None and text and not text[-1].endswith(" ") and c.x0 - prev.x1 > WORD_GAP * c.size:
                text.append(" ")
            text.append(c.text)
        prev = c
    if pending_sup:
        flush_sup()
    s = "".join(text)
    stripped = s.rstrip()
    lead = len(s) - len(s.lstrip())
    markers = [(max(0, min(off - lead, len(stripped.strip()))), m) for off, m in markers]
    x0 = min(c.x0 for c in run)
    x1 = max(c.x1 for c in run)
    top = min(c.top for c in body)
    bottom = max(c.bottom for c in body)
    n_bold = sum(c.bold for c in body)
    n_italic = sum(c.italic for c in body)
    return Line(page=page, bbox=(x0, top, x1, bottom), text=stripped.strip(), size=round(size, 2),
                bold=n_bold >= 0.9 * len(body), italic=n_italic >= 0.9 * len(body), markers=markers)
