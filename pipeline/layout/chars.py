"""Read positioned characters from a PDF page with PDFium (pypdfium2).

PDFium reads the text layer about fifty times faster than pdfminer, which is what makes an ingest
that still looks at every character's geometry affordable. pdfplumber is kept for tables, where its
ruling-line analysis earns its cost (see `layout.tables`).
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass
from typing import NamedTuple

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from pipeline.text import LIGATURES

# Typographic ligatures and odd spaces that PDF text layers carry; normalised at the source so
# every later stage sees plain text.
CHAR_MAP = {
    **LIGATURES,
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
    "\u200b": "", "\ufeff": "", "\u00ad": "-", "\t": " ",
}
SOFT_HYPHEN = "\x02"  # PDFium's code for a hyphen it found at the end of a line
# Control characters (C0, DEL, C1) are never text; a text layer that maps glyphs to them (NUL, ESC, ...)
# is broken or hostile, so they are dropped here and counted (see `PageChars.controls`).
CONTROLS = frozenset(range(0x20)) | frozenset(range(0x7F, 0xA0))


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float  # distance of the glyph origin from the top of the page
    size: float
    bold: bool
    italic: bool
    upright: bool = True


class PageChars(NamedTuple):
    chars: list[Char]
    quarter: int  # quarter turns applied to make sideways text upright (see `frame`)
    controls: int  # control characters of the text layer dropped


class _StyleCache:
    """Size, weight and slant per PDF text object: one lookup per run of text, not per character."""

    def __init__(self) -> None:
        self._by_obj: dict[int, tuple[float, bool, bool]] = {}
        self._buf = ctypes.create_string_buffer(256)
        self._matrix = raw.FS_MATRIX()

    def style(self, textpage, index: int) -> tuple[float, bool, bool]:
        obj = raw.FPDFText_GetTextObject(textpage, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        found = self._by_obj.get(key) if key else None
        if found is None:
            flags = ctypes.c_int()
            n = raw.FPDFText_GetFontInfo(textpage, index, self._buf, 256, ctypes.byref(flags))
            name = self._buf.raw[: max(n - 1, 0)].decode("latin-1").lower()
            weight = raw.FPDFText_GetFontWeight(textpage, index)
            bold = weight >= 600 or any(w in name for w in ("bold", "black", "heavy", "semibold", "demi"))
            italic = bool(flags.value & 0x40) or "italic" in name or "oblique" in name
            # Many producers set the font at size 1 and scale it with the text matrix.
            m = self._matrix
            raw.FPDFText_GetMatrix(textpage, index, m)
            size = raw.FPDFText_GetFontSize(textpage, index) * math.sqrt(abs(m.a * m.d - m.b * m.c) or 1.0)
            found = (round(size, 2), bold, italic)
            if key:
                self._by_obj[key] = found
        return found


def page_chars(page: pdfium.PdfPage) -> PageChars:
    """Every visible character of a page, with boxes in top-left-origin points, the quarter turns
    applied to make sideways text upright (0 for an ordinary page; see `frame`) and the number of
    control characters dropped.

    Generated spaces and line breaks that PDFium inserts are dropped: word and line boundaries are
    rebuilt from geometry in `layout.lines`, which works the same for PDFs that store spaces and for
    those that do not.
    """
    textpage = page.get_textpage()
    try:
        width, height = page.get_width(), page.get_height()
        if page.get_rotation() in (90, 270):  # PDFium reports text in the displayed, rotated frame
            width, height = height, width
        return _read_chars(textpage.raw, width, height)
    finally:
        textpage.close()


def _read_chars(tp, width: float, height: float) -> PageChars:
    n = raw.FPDFText_CountChars(tp)
    styles = _StyleCache()
    box = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    out: list[Char] = []
    angles: list[tuple] = []
    codes = [raw.FPDFText_GetUnicode(tp, i) for i in range(n)]
    controls = 0
    for i, code in enumerate(codes):
        if code in (0x0D, 0x0A) or (code == 0x20 and raw.FPDFText_IsGenerated(tp, i)):
            continue
        code = unicode_at(codes, i)
        if code == 0xFFFD:  # replacement character: the PDF has no Unicode for this glyph
            continue
        ch = CHAR_MAP.get(chr(code), chr(code))
        # PDFium marks a hyphen it found at a line end as U+0002 or U+FFFE
        if ch in (SOFT_HYPHEN, "\ufffe") or raw.FPDFText_IsHyphen(tp, i):
            ch = "-"
        if not ch:
            continue
        if len(ch) == 1 and ord(ch) in CONTROLS:
            controls += 1
            continue
        raw.FPDFText_GetLooseCharBox(tp, i, box)
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        angle = raw.FPDFText_GetCharAngle(tp, i)
        size, bold, italic = styles.style(tp, i)
        # PDFium measures the angle clockwise on the page; a quarter here is a counter-clockwise turn.
        quarter = (4 - round(angle / (math.pi / 2))) % 4 if angle >= 0 else 0
        out.append(Char(ch, box.left, height - box.top, box.right, height - box.bottom, height - oy.value,
                        size, bold, italic, quarter == 0))
        angles.append((quarter, box.left, box.bottom, box.right, box.top, ox.value, oy.value))
    return PageChars(*_turn_upright(out, angles, width, height), controls)


def unicode_at(codes: list[int], i: int) -> int:
    """The code point at index i of PDFium's UTF-16 units: a high surrogate and the low one after it make one
    character outside the BMP (emoji, CJK Extension B); that low half and any unpaired half give U+FFFD."""
    code = codes[i]
    if 0xD800 <= code < 0xDC00 and i + 1 < len(codes) and 0xDC00 <= codes[i + 1] < 0xE000:
        return 0x10000 + ((code - 0xD800) << 10) + (codes[i + 1] - 0xDC00)
    return 0xFFFD if 0xD800 <= code < 0xE000 else code


def dominant_quarter(angles: list[tuple]) -> int:
    """How many quarter turns most of the page's characters are rotated by (0 when upright)."""
    counts = [0, 0, 0, 0]
    for a in angles:
        counts[a[0]] += 1
    quarter = max(range(4), key=counts.__getitem__)
    return quarter if counts[quarter] >= 0.5 * len(angles) else 0


def frame(quarter: int, width: float, height: float):
    """A function taking PDF user-space points (origin bottom-left) to the upright, top-left frame.

    For a page whose text runs sideways (a landscape table on a portrait page), the upright frame is
    the page turned so that the text reads left to right: the one a viewer shows when /Rotate matches.
    """
    cos, sin = [(1, 0), (0, 1), (-1, 0), (0, -1)][quarter]
    corners = [(x * cos + y * sin, -x * sin + y * cos) for x, y in ((0, 0), (width, 0), (0, height), (width, height))]
    u_min = min(u for u, _ in corners)
    v_max = max(v for _, v in corners)

    def to_frame(x: float, y: float) -> tuple[float, float]:
        return x * cos + y * sin - u_min, v_max - (-x * sin + y * cos)

    return to_frame


def turn_bbox(bbox: tuple[float, float, float, float], quarter: int, width: float, height: float):
    """A top-left-origin box of the unturned page (pdfplumber's frame) in the upright frame."""
    to_frame = frame(quarter, width, height)
    x0, top, x1, bottom = bbox
    pts = [to_frame(x, height - y) for x in (x0, x1) for y in (top, bottom)]
    return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


def _turn_upright(chars: list[Char], angles: list[tuple], width: float, height: float) -> tuple[list[Char], int]:
    """Turn the characters of a sideways page into the upright frame; the off-direction ones become non-upright."""
    quarter = dominant_quarter(angles)
    if quarter == 0:
        return chars, 0
    to_frame = frame(quarter, width, height)
    out = []
    for c, (q, left, bottom, right, top, ox, oy) in zip(chars, angles):
        pts = [to_frame(x, y) for x in (left, right) for y in (bottom, top)]
        out.append(Char(c.text, min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts),
                        max(p[1] for p in pts), to_frame(ox, oy)[1], c.size, c.bold, c.italic, q == quarter))
    return out, quarter
