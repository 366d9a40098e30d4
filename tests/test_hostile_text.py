"""Hostile text: characters outside the BMP, lone surrogates, broken metadata and absurd geometry end with a
status for their document, never a crash of the batch."""
from __future__ import annotations

import time

import pandas as pd

from pipeline import batch
from pipeline.batch import process, run_batch
from pipeline.layout.chars import unicode_at
from pipeline.layout.order import gutters
from pipeline.model import Document, Line, Status
from pipeline.settings import Settings

from .pdfbytes import HELVETICA, build, page_pdf, stream, text_content, tounicode_pdf

LINES = [f"Line {n}: funds ABC for plans and programmes." for n in range(8)]


def test_chars_pair_utf16_surrogates_and_drop_lone_halves():
    codes = [0x41, 0xD83D, 0xDE00, 0xDC00, 0xD800, 0x42]
    assert [unicode_at(codes, i) for i in range(len(codes))] == [0x41, 0x1F600, 0xFFFD, 0xFFFD, 0xFFFD, 0x42]


def test_batch_keeps_characters_outside_the_bmp(tmp_path):
    """Emoji, CJK Extension B and mathematical italic come from PDFium as UTF-16 halves."""
    pdf = tmp_path / "non-bmp.pdf"
    pdf.write_bytes(tounicode_pdf({0x41: "\U0001F600", 0x42: "\U00020000", 0x43: "\U0001D465"}, LINES))
    result = run_batch([pdf], Settings(out=tmp_path / "out", extract=False))
    assert result.documents[0].status == Status.OK
    text = " ".join(pd.read_csv(tmp_path / "out" / "passages.csv", keep_default_na=False).text)
    assert text.count("\U0001F600\U00020000\U0001D465") == len(LINES)


def test_batch_lone_surrogates_in_a_tounicode_map_are_dropped(tmp_path):
    pdf = tmp_path / "lone.pdf"
    pdf.write_bytes(tounicode_pdf({0x41: "\ud800", 0x43: "\udfff"}, LINES))  # A B C: two lone halves
    result = run_batch([pdf], Settings(out=tmp_path / "out", extract=False))
    assert result.documents[0].status == Status.OK
    text = " ".join(pd.read_csv(tmp_path / "out" / "passages.csv", keep_default_na=False).text)
    assert "funds B for plans" in text


def test_parse_metadata_with_half_a_utf16_pair_keeps_the_document(tmp_path):
    pdf = tmp_path / "title.pdf"
    info = b"<< /Title <FEFFD800DC00D800> /Author <FEFF0041> >>"
    pdf.write_bytes(build([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        stream(text_content(LINES)), HELVETICA, info]).replace(b"/Root 1 0 R", b"/Root 1 0 R /Info 6 0 R"))
    doc = process(Document("title", str(pdf)), Settings(extract=False))
    assert doc.status == Status.OK
    assert doc.metadata["title"] == "\U00010000\ufffd" and doc.metadata["author"] == "A"


def test_batch_a_document_whose_rows_cannot_be_written_fails_alone(tmp_path, monkeypatch):
    """Text DuckDB cannot store (a lone surrogate that slipped through) fails that document, naming it."""
    good, bad = tmp_path / "good.pdf", tmp_path / "bad.pdf"
    good.write_bytes(page_pdf(text_content(LINES)))
    bad.write_bytes(page_pdf(text_content(LINES)))
    real = batch.process

    def process_then_spoil(doc, settings, keep_lines=False, cache=False):
        doc = real(doc, settings, keep_lines, cache)
        if doc.doc_id == "bad":
            doc.passages[0].text += "\ud800"
        return doc

    monkeypatch.setattr(batch, "process", process_then_spoil)
    result = run_batch([bad, good], Settings(out=tmp_path / "out", extract=False, workers=1, timeout=0,
                                                   max_memory=0))  # in this process, where the patch applies
    by_id = {d.doc_id: d for d in result.documents}
    assert by_id["good"].status == Status.OK
    assert by_id["bad"].status == Status.FAILED
    assert by_id["bad"].error.startswith(f"{bad}: its results could not be written (InvalidInputException")
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert docs.loc["bad", "status"] == "failed" and docs.loc["good", "status"] == "ok"
    assert set(pd.read_csv(tmp_path / "out" / "passages.csv").doc_id) == {"good"}


def test_order_gutters_cost_does_not_follow_the_text_extent():
    """Two lines 2e9 points apart once made the column finder allocate one list slot per point (~17 GB)."""
    lines = [Line(1, (72.0, 100.0 + 14 * k, 300.0, 110.0 + 14 * k), "text", 10.0) for k in range(8)]
    lines.append(Line(1, (72.0, 300.0, 2.0e9, 310.0), "far", 10.0))
    t0 = time.perf_counter()
    assert gutters(lines) == []
    assert time.perf_counter() - t0 < 0.1


def test_parse_huge_character_spacing_ends_in_time(tmp_path):
    pdf = tmp_path / "spacing.pdf"
    content = text_content(LINES) + b"\nBT /F1 11 Tf 300000000 Tc 72 300 Td (The fund) Tj ET"
    pdf.write_bytes(page_pdf(content))
    t0 = time.perf_counter()
    doc = process(Document("spacing", str(pdf)), Settings(extract=False))
    assert doc.status == Status.OK and time.perf_counter() - t0 < 10
    assert "Line 7: funds ABC" in " ".join(p.text for p in doc.passages)
