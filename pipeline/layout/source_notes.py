"""Numbered references under a figure's or table's source line, as notes of their own.

"Source: Author's analysis of Zero2IPO. 1 “Fund Data Inventory,” Zero2IPO, March 16, 2022, URL." lists the
work the figure rests on; it is a citation like a footnote, so it becomes a Note of kind `source_note` with the
marker "fig1-1" (Figure 1, reference 1; "table3-2" under Table 3). An unnumbered source line ("Source:
Author's compilation") stays a caption only.
"""
from __future__ import annotations

import re

from ..layout.captions import CAPTION_RE, SOURCE_RE
from ..model import Document, Note, PassageKind

# A reference number after a full stop: ". 1 “Title,” ..." or ". 2 Author, ..."
_ITEM = re.compile(r"(?:(?<=[.!?”\"])\s+|^)(?P<n>\d{1,2})\s+(?=[“\"‘A-Z\u3400-\u9fff])")


def source_notes(doc: Document) -> list[Note]:
    """The numbered references printed under figures' and tables' source lines, in reading order."""
    notes: list[Note] = []
    label = ""
    for passage in doc.passages:
        if passage.kind != PassageKind.CAPTION:
            continue
        m = CAPTION_RE.match(passage.text)
        number = re.match(r"\d+", m.group(2)) if m and m.group(1).lower() != "box" else None
        if number:  # a figure's or a table's caption; a box's, or "Figure A", names no figure number
            label = ("table" if m.group(1).lower() == "table" else "fig") + number.group()
            continue
        if not label or not SOURCE_RE.match(passage.text):
            continue
        items = list(_ITEM.finditer(passage.text))
        numbers = [int(i.group("n")) for i in items]
        if not items or numbers != list(range(1, len(items) + 1)):
            continue  # no numbered list, or numbers that are figures in the text rather than a list
        for item, nxt in zip(items, items[1:] + [None]):
            text = passage.text[item.end():nxt.start() if nxt else len(passage.text)].strip()
            marker = f"{label}-{item.group('n')}"
            notes.append(Note(doc.doc_id, f"src-{marker}", "source_note", marker, text, passage.page, passage.bbox))
    return notes
