"""Hand-built PDFs for hostile-input tests: a few objects, an xref table, and nothing a library would repair."""
from __future__ import annotations

import zlib

HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def build(objects: list[bytes]) -> bytes:
    """A PDF whose object n is objects[n - 1] (object 1 the catalog), with a correct xref table and trailer."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, compress: bool = True) -> bytes:
    if compress:
        data = zlib.compress(data)
        return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream"
    return b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def text_content(lines: list[str], size: int = 11, top: int = 720, leading: int = 16) -> bytes:
    """Content drawing each line in font /F1, one below the other from `top`."""
    ops = [b"BT /F1 %d Tf %d TL 72 %d Td" % (size, leading, top)]
    for line in lines:
        ops.append(b"(" + line.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
                   + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def page_pdf(content: bytes, font: bytes = HELVETICA, extra: list[bytes] = ()) -> bytes:
    """One 612 x 792 page drawing `content` with `font` as /F1; `extra` objects are numbered from 6."""
    return build([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(content),
        font,
        *extra,
    ])


def tounicode_pdf(mapping: dict[int, str], lines: list[str]) -> bytes:
    """A page of `lines` in Helvetica whose ToUnicode map sends each byte code in `mapping` to its text
    (any code points, lone surrogates and characters outside the BMP included, written as UTF-16BE)."""
    def utf16(text: str) -> bytes:
        return text.encode("utf-16-be", "surrogatepass").hex().upper().encode()

    entries = b"\n".join(b"<%02X> <%s>" % (code, utf16(text)) for code, text in sorted(mapping.items()))
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Hostile def "
            b"1 begincodespacerange <00> <FF> endcodespacerange\n%d beginbfchar\n%s\nendbfchar\n"
            b"endcmap CMapName currentdict /CMap defineresource pop end end" % (len(mapping), entries))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    return page_pdf(text_content(lines), font, [stream(cmap)])


def placed_text(items: list[tuple[float, float, float, str]]) -> bytes:
    """Content drawing each (x, y, size, text) in font /F1 with its baseline at (x, y), PDF coordinates."""
    ops = []
    for x, y, size, text in items:
        escaped = text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"BT /F1 %.2f Tf %.2f %.2f Td (" % (size, x, y) + escaped + b") Tj ET")
    return b"\n".join(ops)


def rectangles(boxes: list[tuple[float, float, float, float]], fill: bool = True) -> bytes:
    """Content drawing each (x, y, width, height) rectangle, filled grey or stroked, PDF coordinates."""
    paint = b"f" if fill else b"S"
    return b"\n".join([b"0.6 g 0.5 w"] + [b"%.2f %.2f %.2f %.2f re %s" % (*box, paint) for box in boxes] + [b"0 g"])
