"""Footnote areas at the foot of a page, and the start of each note in them.

Footnotes are set smaller than the body and sit below it; in a two-column page each column has
its own. A note starts with its number, printed as a superscript or as a plain number, followed
by text whose continuation lines are often indented (a hanging indent).
"""
from __future__ import annotations

import re

from ..model import Line

NOTE_START_RE = re.compile(r"^(\d{1,3})(?:[.)]|\s+[-–—](?=\s))?\s+(?=\S)")  # "12 Text", "12. Text", "12 - Text"
SMALL = 0.92  # a line set at most this share of the body size can be a note
SAME_SIZE = 0.15  # lines of one note area differ in size by at most this share


def note_start(line: Line, expected: int | None = None) -> str | None:
    """The note number a line starts with, or None.

    A superscript at the line start always counts. A plain number counts when it is the number
    the sequence expects next, so a note line that happens to begin with "19 pandemic" does not.
    """
    if line.markers and line.markers[0][0] == 0 and line.markers[0][1].isdigit():
        return line.markers[0][1]
    m = NOTE_START_RE.match(line.text)
    if m and (expected is None or int(m.group(1)) == expected):
        return m.group(1)
    return None


def split_note_area(lines: list[Line], body_size: float, expected: int) -> tuple[list[Line], list[Line]]:
    """Separate a page's footnote lines from the rest, column by column.

    Args:
        lines: the page's lines (furniture already removed), with `column` set.
        body_size: the document's body font size.
        expected: the note number the document expects next.
    Returns:
        (other lines, note lines); both keep the input order.
    """
    notes: set[int] = set()
    for col in sorted({max(ln.column, 0) for ln in lines}):
        idx = [i for i, ln in enumerate(lines) if ln.column in (col, -1)]
        idx.sort(key=lambda i: lines[i].bbox[1])
        zone = _bottom_small_block(lines, idx, body_size)
        start = _first_note_line(lines, zone, expected)
        if start is not None:
            notes.update(zone[zone.index(start):])
    return ([ln for i, ln in enumerate(lines) if i not in notes], [ln for i, ln in enumerate(lines) if i in notes])


def _bottom_small_block(lines: list[Line], idx: list[int], body_size: float) -> list[int]:
    """Indexes of the run of small lines at the bottom of a column, top to bottom."""
    block: list[int] = []
    for i in reversed(idx):
        ln = lines[i]
        if ln.size > body_size * SMALL:
            break
        if block and abs(ln.size - lines[block[-1]].size) > SAME_SIZE * lines[block[-1]].size:
            break
        block.append(i)
    return block[::-1]


def _first_note_line(lines: list[Line], zone: list[int], expected: int) -> int | None:
    """The topmost line of the zone that starts a note (numbers may come out of order in columns)."""
    for i in zone:
        if note_start(lines[i]) is not None and (lines[i].markers or _plain_number_plausible(lines[i], expected)):
            return i
    return None


def _plain_number_plausible(line: Line, expected: int) -> bool:
    m = NOTE_START_RE.match(line.text)
    return bool(m) and abs(int(m.group(1)) - expected) <= 40


def group_notes(lines: list[Line], expected: int) -> list[tuple[str, list[Line]]]:
    """Note lines grouped into notes: (marker, lines) in reading order."""
    groups: list[tuple[str, list[Line]]] = []
    for ln in lines:
        marker = note_start(ln, expected if groups else None)
        if marker is None and groups:
            hanging = ln.bbox[0] - groups[-1][1][0].bbox[0]
            m = NOTE_START_RE.match(ln.text)
            # A plain number out of sequence still starts a note when the note's own lines hang.
            if m and hanging < -2 and int(m.group(1)) > int(groups[-1][0]):
                marker = m.group(1)
        if marker is not None:
            groups.append((marker, [ln]))
            expected = int(marker) + 1
        elif groups:
            groups[-1][1].append(ln)
        else:
            groups.append(("", [ln]))
    return groups


def strip_marker(line: Line, marker: str) -> str:
    """A note's first line without its number."""
    if line.markers and line.markers[0][0] == 0:
        return line.text
    return NOTE_START_RE.sub("", line.text, count=1)
