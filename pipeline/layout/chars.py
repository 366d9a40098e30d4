"""Read positioned characters from a PDF page with PDFium (pypdfium2).

PDFium reads the text layer about fifty times faster than pdfminer, which is what makes an ingest
that still looks at every character's geometry affordable. pdfplumber is kept for tables, where its
ruling-line analysis earns its cost (see `layout.tables`).
"""
from __future__ import annotations

import ctypes
import math
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

# Typographic ligatures and odd spaces that PDF text layers carry; normalised at the source so
# every later stage sees plain text.
CHAR_MAP = {
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u3000": " ",
    "\u200b": "", "\ufeff": "", "\u00ad": "-",
}
SOFT_HYPHEN = "\x02"  # PDFium's code for a hyphen it found at the end of a line


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


class _FontCache:
    """Font name and weight per PDF text object: one lookup per run of text, not per character."""

    def __init__(self) -> None:
        self._by_obj: dict[int, tuple[bool, bool]] = {}
        self._buf = ctypes.create_string_buffer(256)

    def style(self, textpage, index: int) -> tuple[bool, bool]:
        obj = raw.FPDFText_GetTextObject(textpage, index)
        key = ctypes.cast(obj, ctypes.c_void_p).value or 0
        found = self._by_obj.get(key)
        if found is None:
            flags = ctypes.c_int()
            n = raw.FPDFText_GetFontInfo(textpage, index, self._buf, 256, ctypes.byref(flags))
            name = self._buf.raw[: max(n - 1, 0)].decode("latin-1").lower()
            weight = raw.FPDFText_GetFontWeight(textpage, index)
            bold = weight >= 600 or any(w in name for w in ("bold", "black", "heavy", "semibold", "demi"))
            italic = bool(flags.value & 0x40) or "italic" in name or "oblique" in name
            found = self._by_obj[key] = (bold, italic)
        return found


def page_chars(page: pdfium.PdfPage) -> list[Char]:
    """Every visible character of a page, with boxes in top-left-origin points.

    Generated spaces and line breaks that PDFium inserts are dropped: word and line boundaries are
    rebuilt from geometry in `layout.lines`, which works the same for PDFs that store spaces and for
    those that do not.
    """
    textpage = page.get_textpage()
    try:
        return _read_chars(textpage.raw, page.get_height())
    finally:
        textpage.close()


def _read_chars(tp, height: float) -> list[Char]:
    n = raw.FPDFText_CountChars(tp)
    fonts = _FontCache()
    box = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    out: list[Char] = []
    for i in range(n):
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (0x0D, 0x0A) or (code == 0x20 and raw.FPDFText_IsGenerated(tp, i)):
            continue
        ch = chr(code)
        if code == 0xFFFE or code == 0xFFFD:
            continue
        ch = CHAR_MAP.get(ch, ch)
        if ch == SOFT_HYPHEN or raw.FPDFText_IsHyphen(tp, i):
            ch = "-"
        if not ch:
            continue
        raw.FPDFText_GetLooseCharBox(tp, i, box)
        raw.FPDFText_GetCharOrigin(tp, i, ox, oy)
        size = raw.FPDFText_GetFontSize(tp, i)
        angle = raw.FPDFText_GetCharAngle(tp, i)
        bold, italic = fonts.style(tp, i)
        upright = angle < 0 or min(angle, 2 * math.pi - angle) < 0.1
        out.append(Char(ch, box.left, height - box.top, box.right, height - box.bottom, height - oy.value,
                        size, bold, italic, upright))
    return out
