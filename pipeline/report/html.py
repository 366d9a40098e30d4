"""HTML pieces of the report, each a pure function of plain values. Every piece of text goes through `esc`."""
from __future__ import annotations

import html
import numbers
import re
from collections.abc import Iterable, Sequence

import pandas as pd

from pipeline.inspect import Mark

_URL = re.compile(r"https?://[^\s<>\"“”]+[^\s<>\"“”.,;:)\]]")


def esc(value) -> str:
    """Text made safe for HTML content and attribute values; None and NA become the empty string."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def link_urls(text: str) -> str:
    """`text` escaped, with every http(s) URL in it made a link that opens in a new tab."""
    parts, pos = [], 0
    for m in _URL.finditer(text):
        parts.append(esc(text[pos:m.start()]))
        url = esc(m.group())
        parts.append(f'<a href="{url}" rel="noopener noreferrer" target="_blank">{url}</a>')
        pos = m.end()
    parts.append(esc(text[pos:]))
    return "".join(parts)


def data_table(headers: Sequence[str], rows: Iterable[Sequence], cell_classes: Iterable[Sequence[str]] | None = None,
               raw_columns: frozenset[int] = frozenset()) -> str:
    """An HTML table; cells are escaped except those in `raw_columns` (already HTML), numbers aligned right."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    classes = iter(cell_classes) if cell_classes is not None else None
    body = []
    for row in rows:
        row_classes = next(classes) if classes is not None else [""] * len(row)
        cells = []
        for i, (value, cls) in enumerate(zip(row, row_classes)):
            if isinstance(value, numbers.Number) and not isinstance(value, bool):
                cls = f"{cls} num".strip()
            content = str(value) if i in raw_columns else esc(value)
            cells.append(f'<td class="{esc(cls)}">{content}</td>' if cls else f"<td>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def interactive_table(table_id: str, headers: Sequence[str], rows: Sequence[Sequence[str]],
                      sort_keys: Sequence[Sequence], csv_name: str) -> str:
    """A table of cells already HTML that tables.js sorts (by `sort_keys`, one per cell) and filters, with a
    filter box, a row count and a button that saves the rows shown as `csv_name`."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for cells, keys in zip(rows, sort_keys):
        tds = []
        for cell, key in zip(cells, keys):
            number = isinstance(key, numbers.Number) and not isinstance(key, bool) and not pd.isna(key)
            attr = f' class="num" data-sort="{esc(key)}"' if number else ""
            tds.append(f"<td{attr}>{cell}</td>")
        body.append("<tr>" + "".join(tds) + "</tr>")
    tools = (f'<div class="table-tools"><input class="filter" type="search" placeholder="filter rows" '
             f'data-table="{esc(table_id)}"> <button class="csv" type="button" data-table="{esc(table_id)}" '
             f'data-name="{esc(csv_name)}">CSV</button><span class="count" id="{esc(table_id)}-count">'
             f"{len(body)} rows</span></div>")
    return (f'{tools}<table class="data interactive" id="{esc(table_id)}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def marked_text(text: str, marks: Sequence[Mark], markers: Sequence[tuple[int, str, str]] = ()) -> str:
    """A passage as HTML: each mark a coloured <mark> with its label, each note marker a superscript link.

    Args:
        text: the passage text.
        marks: non-overlapping marks in text order (see pipeline.inspect.find_marks).
        markers: (offset, marker, citation_id) of the note markers printed in the passage; a marker that falls
            inside a mark is moved to its end.
    """
    pending = sorted(markers, key=lambda m: m[0])
    parts: list[str] = []
    pos = 0
    for m in marks:
        parts.append(_text_with_markers(text, pos, m.start, pending))
        label = f'<span class="label">{esc(m.label)}</span>' if m.label else ""
        parts.append(f'<mark class="{esc(m.table)}" title="{esc(m.table)}">{esc(text[m.start:m.end])}{label}</mark>')
        pos = m.end
        while pending and pending[0][0] <= pos:
            parts.append(_marker(*pending.pop(0)[1:]))
    parts.append(_text_with_markers(text, pos, len(text), pending))
    parts.extend(_marker(*p[1:]) for p in pending)  # offsets past the end of the text
    return "".join(parts)


def _text_with_markers(text: str, start: int, end: int, pending: list[tuple[int, str, str]]) -> str:
    """text[start:end] escaped, with the pending markers that fall in it (taken off `pending`)."""
    parts, pos = [], start
    while pending and pending[0][0] <= end:
        offset = max(pending[0][0], pos)
        parts.append(esc(text[pos:offset]))
        parts.append(_marker(*pending.pop(0)[1:]))
        pos = offset
    parts.append(esc(text[pos:end]))
    return "".join(parts)


def _marker(marker: str, citation_id: str) -> str:
    if citation_id:
        return f'<sup class="note"><a href="#cit-{esc(citation_id)}">{esc(marker)}</a></sup>'
    return f'<sup class="note">{esc(marker)}</sup>'


def bar_chart(counts: Sequence[tuple[str, int]], title: str) -> str:
    """A horizontal bar chart as inline SVG (no script): one bar per (label, count)."""
    if not counts:
        return '<p class="empty">No passages have a phase yet: the classifier has not run.</p>'
    bar_h, gap, label_w, bar_w = 22, 8, 130, 360
    top = max(n for _, n in counts) or 1
    height = len(counts) * (bar_h + gap) + gap
    rows = []
    for i, (label, n) in enumerate(counts):
        y = gap + i * (bar_h + gap)
        w = round(bar_w * n / top)
        rows.append(
            f'<text x="{label_w - 8}" y="{y + bar_h * 0.7:.0f}" text-anchor="end">{esc(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w}" height="{bar_h}" fill="#4f8fba"><title>{esc(label)}: '
            f'{n}</title></rect><text x="{label_w + w + 6}" y="{y + bar_h * 0.7:.0f}">{n}</text>')
    width = label_w + bar_w + 60
    return (f'<svg class="chart" role="img" aria-label="{esc(title)}" width="{width}" height="{height}" '
            f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><title>{esc(title)}</title>'
            + "".join(rows) + "</svg>")
