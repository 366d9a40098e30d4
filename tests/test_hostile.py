"""Hostile input: every kind of broken or pathological file gets a status and a one-line reason; nothing crashes."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pypdfium2 as pdfium
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from reportlab.pdfgen import canvas

from pipeline.batch import process, run_batch
from pipeline.model import Document, Status
from pipeline.settings import Settings

from .conftest import CORPUS
from .pdfbytes import HELVETICA, build, stream, text_content

SAMPLE = sorted(CORPUS.glob("*.pdf"))[0]


def _long_pdf(path: Path, pages: int) -> Path:
    c = canvas.Canvas(str(path))
    for n in range(pages):
        for k in range(40):
            c.drawString(72, 760 - 17 * k, f"Page {n + 1}, line {k + 1}: funds, plans and programmes in long reports.")
        c.showPage()
    c.save()
    return path


def _odd_encoding_pdf(path: Path) -> Path:
    """A hand-made PDF whose font remaps its codes with /Differences to glyph names, with no ToUnicode map."""
    content = b"BT /F1 14 Tf 72 720 Td (ABC abc) Tj ET BT /F2 14 Tf 72 690 Td (abc) Tj ET"
    path.write_bytes(build([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding "
        b"/Differences [65 /uni4E2D /uni56FD /Euro 97 /germandbls /bullet /zcaron] >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>",
    ]))
    return path


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("hostile")
    good = SAMPLE.read_bytes()
    (d / "truncated.pdf").write_bytes(good[: len(good) // 2])
    corrupt = bytearray(good)
    for i in range(len(corrupt) // 4, len(corrupt) * 3 // 4, 7):
        corrupt[i] ^= 0x5A
    (d / "corrupt.pdf").write_bytes(bytes(corrupt))
    c = canvas.Canvas(str(d / "encrypted.pdf"), encrypt="secret")
    c.drawString(72, 720, "locked")
    c.save()
    pdfium.PdfDocument.new().save(str(d / "zero-pages.pdf"))
    c = canvas.Canvas(str(d / "image-only.pdf"))
    c.rect(72, 72, 400, 600, fill=1)
    c.save()
    (d / "html.pdf").write_text("<html><body>not a pdf</body></html>", encoding="utf-8")
    (d / "header-only.pdf").write_bytes(b"%PDF-1.7\n")
    _long_pdf(d / "long.pdf", 60)
    _odd_encoding_pdf(d / "odd-encoding.pdf")
    (d / "sample.pdf").write_bytes(good)
    return d


EXPECTED = {  # doc_id -> (status, problem category or None)
    "truncated": ("failed", "corrupt"),
    "corrupt": ("failed", "no_text"),  # the xref survives, the page streams do not: nothing readable
    "encrypted": ("failed", "encrypted"),
    "zero-pages": ("failed", "no_pages"),
    "image-only": ("failed", "no_text"),
    "html": ("failed", "not_pdf"),
    "header-only": ("failed", "corrupt"),
    "long": ("failed", "too_many_pages"),
    "odd-encoding": ("ok", None),
    "sample": ("ok", None),
}


def test_hostile_batch_gives_every_file_a_status_and_one_line_reason(hostile, tmp_path):
    out = tmp_path / "out"
    result = run_batch([hostile], Settings(out=out, max_pages=50, extract=False))
    assert len(result.documents) == len(EXPECTED)
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id")
    problems = pd.read_csv(out / "problems.csv", keep_default_na=False)
    for doc_id, (status, category) in EXPECTED.items():
        assert docs.loc[doc_id, "status"] == status, doc_id
        error = docs.loc[doc_id, "error"]
        if status == "failed":
            assert error.startswith(str(hostile / f"{doc_id}.pdf") + ": ") and "\n" not in error, error
            assert category in set(problems.loc[problems.doc_id == doc_id, "category"]), doc_id


def test_hostile_odd_font_encoding_keeps_its_text(hostile):
    doc = process(Document("odd", str(hostile / "odd-encoding.pdf")), Settings(extract=False))
    assert doc.status == Status.OK
    assert "中国" in doc.passages[0].text


# An alarm that rings inside a garbage-collector callback (hypothesis installs one) is printed and dropped;
# the limit rings again 0.1 s later, which is what this test shows. The dropped one is not a failure.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_hostile_time_limit_fails_a_slow_document_alone(hostile, tmp_path):
    result = run_batch([hostile / "long.pdf", hostile / "sample.pdf"],
                       Settings(out=tmp_path / "out", timeout=2, extract=False))  # sample ~0.2 s, long ~10 s
    by_id = {d.doc_id: d for d in result.documents}
    assert by_id["long"].status == Status.FAILED
    assert by_id["long"].error == f"{hostile / 'long.pdf'}: timed out after 2 s"
    assert by_id["sample"].status == Status.OK


def test_hostile_page_limit_message(hostile):
    doc = process(Document("long", str(hostile / "long.pdf")), Settings(max_pages=10, extract=False))
    assert doc.status == Status.FAILED
    assert doc.problems[0].category == "too_many_pages"


MUTATIONS = st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), min_size=1, max_size=40)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(flips=MUTATIONS, cut=st.one_of(st.none(), st.floats(0.05, 1.0)))
def test_hostile_fuzz_mutated_pdf_bytes_never_crash_ingest(flips, cut, tmp_path):
    """Random byte changes (and truncation) of a valid PDF: ingest ends with a status, never an exception."""
    data = bytearray(SAMPLE.read_bytes())
    for pos, value in flips:
        data[pos % len(data)] = value
    if cut is not None:
        data = data[: max(1, int(len(data) * cut))]
    path = tmp_path / "fuzzed.pdf"
    path.write_bytes(bytes(data))
    doc = process(Document("fuzzed", str(path)), Settings(extract=False, timeout=20))
    assert doc.status in (Status.OK, Status.PARTIAL, Status.FAILED)
    if doc.status == Status.FAILED:
        assert doc.error.startswith(f"{path}: ") and "\n" not in doc.error


PAGE = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>")
TREES = {  # a page tree PDFium opens but none of whose pages it can load
    "count-without-kids": (b"<< /Type /Pages /Kids [] /Count 5 >>", 5),
    "loop": (b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>", 1),
    "missing-kid": (b"<< /Type /Pages /Kids [9 0 R] /Count 1 >>", 1),
}


@pytest.mark.parametrize("name", sorted(TREES))
def test_hostile_broken_page_tree_is_corrupt_not_a_scan(name, tmp_path):
    pages, count = TREES[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build([b"<< /Type /Catalog /Pages 2 0 R >>", pages, PAGE,
                            stream(text_content(["The fund invested."])), HELVETICA]))
    doc = process(Document(name, str(path)), Settings(extract=False))
    assert doc.status == Status.FAILED
    assert doc.error == f"{path}: the page tree is broken: none of its {count} page(s) could be loaded"
    assert doc.problems[-1].category == "corrupt"


def test_hostile_truncated_file_that_pdfium_repairs_is_partial(tmp_path):
    """Cut before its xref table, the file still opens (PDFium rebuilds the table) with its text: partial."""
    lines = [f"Line {k}: the fund invested in chip plants." for k in range(6)]
    whole = build([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>", PAGE,
                   stream(text_content(lines)), HELVETICA])
    path = tmp_path / "cut.pdf"
    path.write_bytes(whole[: whole.rindex(b"xref")])
    doc = process(Document("cut", str(path)), Settings(extract=False))
    assert doc.status == Status.PARTIAL
    assert [p.category for p in doc.problems] == ["repaired"]
    assert doc.error == ("the PDF's cross-reference table is broken (a truncated or damaged file) and was "
                         "rebuilt: some of its content may be missing")
    assert "Line 5: the fund invested in chip plants." in " ".join(p.text for p in doc.passages)
    (tmp_path / "whole.pdf").write_bytes(whole)
    assert process(Document("whole", str(tmp_path / "whole.pdf")), Settings(extract=False)).status == Status.OK
