"""Ingest on the project's own sample documents in corpus/ (always present, no ../shared needed)."""
from __future__ import annotations

import pytest

from .conftest import CORPUS, parsed


@pytest.fixture(scope="module")
def note_doc():
    return parsed(CORPUS / "research_note_mic2025.pdf")


@pytest.fixture(scope="module")
def paper_doc():
    return parsed(CORPUS / "working_paper_self_reliance.pdf")


@pytest.fixture(scope="module")
def brief_doc():
    return parsed(CORPUS / "brief_semiconductor_finance.pdf")


def test_sample_note_footnotes_with_chinese_title_and_ibid(note_doc):
    notes = {n.marker: n.text for n in note_doc.notes}
    assert list(notes) == ["1", "2", "3", "4", "5", "6", "7"]
    assert notes["1"].startswith("State Council, 国务院关于印发《中国制造2025》的通知 [Notice of the")
    assert notes["4"] == "Ibid., sec. 2, table 1."
    assert {m.marker for m in note_doc.markers} == set(notes)
    assert all(m.citation_id == f"fn{m.marker}" for m in note_doc.markers)


def test_sample_note_ruled_table_with_caption(note_doc):
    table = note_doc.tables[0]
    assert (table.table_id, table.caption) == ("table1", "Table 1: Selected state investment funds, 2014–2020")
    assert table.rows[0] == ["Fund", "Launched", "Size (RMB bn)", "Size (US$ bn)"]
    assert table.rows[1] == ["National IC Industry Investment Fund, Phase I", "2014", "138.7", "22.6"]
    assert not any(p.text.startswith("National IC Industry Investment Fund, Phase I") for p in note_doc.passages
                   if p.kind == "body")


def test_sample_paper_references_and_figure(paper_doc):
    refs = [n.text for n in paper_doc.notes if n.kind == "bibliography"]
    assert len(refs) == 6
    assert refs[0].startswith("Chen, Wei, and Li Na. 2019. “Techno-Nationalism")
    assert any("国家中长期经济社会发展战略若干重大问题" in r for r in refs)
    assert [f.caption.split(" (")[0] for f in paper_doc.figures] == ["Figure 1: Gross domestic expenditure on R&D in China, 2012–2021"]


def test_sample_brief_two_columns_and_justified_lines(brief_doc):
    assert brief_doc.pages[0].n_columns == 2
    first = next(p for p in brief_doc.passages if p.kind == "body" and p.text.startswith("Since 2014 Beijing"))
    assert "hundreds of billions of yuan" in first.text
    # every body paragraph is a paragraph, not a word left alone by wide justified spacing
    assert all(len(p.text.split()) > 3 for p in brief_doc.passages if p.kind == "body" and p.page == 2)


@pytest.mark.parametrize("word", ["industrial", "extraordinarily", "incentives", "investment", "mature-node",
                                  "fund-of-funds"])
def test_sample_brief_line_end_hyphens_resolved(brief_doc, word):
    # the six line-end breaks listed in corpus/README.md: four soft hyphens dropped, two compounds kept
    text = " ".join(p.text for p in brief_doc.passages)
    assert f" {word}" in text
