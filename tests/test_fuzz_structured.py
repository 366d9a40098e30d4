"""Structured fuzzing: PDFs whose content streams, numbers and ToUnicode maps are mutated where a PDF's
structure lives, not as random bytes. Each document ends with a status and its rows tabulate; nothing escapes
to stop a batch. 200 examples, derandomised so that every CI run tries the same ones."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.batch import process
from pipeline.model import Document, Status
from pipeline.settings import Settings
from pipeline.stages.tabulate import tabulate

from .pdfbytes import HELVETICA, build, stream, text_content

LINES = ["Industrial policy funds research in 2015 and 2021.", "The Big Fund raised RMB 138.7 billion.",
         "Section 2 continues the argument on the next line.", "A last line of plain text closes the page."]
HUGE = st.sampled_from([b"0", b"-1", b"-99999", b"1e308", b"99999999999999999999", b"2147483648", b"-0.0001",
                        b"3.4e38", b"NaN", b"1" * 60])
# code points for the ToUnicode map: any plane, controls, surrogate halves and non-characters included
POINTS = st.one_of(st.integers(0, 0x1F), st.integers(0x20, 0xFFFF), st.integers(0x10000, 0x10FFFF),
                   st.sampled_from([0xD800, 0xDBFF, 0xDC00, 0xFFFE, 0x1F600, 0x20000, 0x1D49C]))
_NUMBER = re.compile(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])")


def _document(content: bytes, cmap: dict[int, int] | None) -> bytes:
    font = HELVETICA
    extra = []
    if cmap:
        entries = b"\n".join(b"<%02X> <%s>" % (code, chr(cp).encode("utf-16-be", "surrogatepass").hex().upper()
                                               .encode()) for code, cp in sorted(cmap.items()))
        extra = [stream(b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <00> "
                        b"<FF> endcodespacerange\n%d beginbfchar\n%s\nendbfchar\nendcmap end end"
                        % (len(cmap), entries))]
        font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    return build([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                  b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                  b"/Resources << /Font << /F1 5 0 R >> >> >>", stream(content, compress=False), font, *extra])


@st.composite
def hostile_pdfs(draw) -> bytes:
    content = bytearray(text_content(LINES))
    for pos, value in draw(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=12)):
        content[pos % len(content)] = value  # stream bytes
    cmap = draw(st.one_of(st.none(), st.dictionaries(st.integers(0x20, 0x7E), POINTS, min_size=1, max_size=20)))
    data = _document(bytes(content), cmap)
    numbers = list(_NUMBER.finditer(data))
    for index, value in draw(st.lists(st.tuples(st.integers(0, 10**6), HUGE), max_size=6)):
        m = numbers[index % len(numbers)]  # a number of the file: a coordinate, a size, a length, an offset
        data = data[:m.start()] + value + data[m.end():]
        numbers = list(_NUMBER.finditer(data))
    return data


@settings(max_examples=200, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=hostile_pdfs())
def test_fuzz_structured_mutations_end_with_a_status_and_tabulate(data, tmp_path):
    path = tmp_path / "hostile.pdf"
    path.write_bytes(data)
    doc = process(Document("hostile", str(path)), Settings(extract=False, timeout=20))
    assert doc.status in (Status.OK, Status.PARTIAL, Status.FAILED)
    if doc.status == Status.FAILED:
        assert doc.error.startswith(f"{path}: ") and "\n" not in doc.error
    tables = tabulate([doc])
    assert len(tables["documents"]) == 1
    for text in tables["passages"]["text"]:
        text.encode("utf-8")  # no lone surrogate reaches a table
