"""Ingest on the two seed papers: reading order, furniture, notes and markers, bibliography, CJK."""
from __future__ import annotations

import re

import pytest

from pipeline.stages.segment import boilerplate, heading_role

from .conftest import SHARED, need, parsed


def body(doc):
    return [p for p in doc.passages if p.kind == "body"]


def note(doc, marker, kind="footnote"):
    return next(n for n in doc.notes if n.marker == marker and n.kind == kind)


# -- the issue brief: two columns, 38 footnotes -------------------------------------------------

def test_brief_has_all_38_footnotes_in_order(brief):
    footnotes = [n for n in brief.notes if n.kind == "footnote"]
    assert [n.marker for n in footnotes] == [str(i) for i in range(1, 39)]


def test_brief_every_marker_links_to_its_note(brief):
    markers = brief.markers
    assert sorted(int(m.marker) for m in markers) == list(range(1, 39))
    assert all(m.citation_id == f"fn{m.marker}" for m in markers)


def test_brief_first_passage_and_title(brief):
    assert body(brief)[0].text.startswith("In 2018, Chinese leader Xi Jinping declared, “key technologies are")
    assert brief.metadata["title"] == "Financing Mechanisms Underpinning China's Tech Self-Reliance"


def test_brief_paragraph_runs_from_left_column_into_right_column(brief):
    # the second paragraph of page 1 ends at the foot of the left column and goes on at the top of the right
    text = next(p.text for p in body(brief) if p.text.startswith("At its core, dual circulation"))
    assert "Instead, it is meant to be a “proactive strategy to shape the parameters of the divorce.”" in text


def test_brief_running_heads_and_page_numbers_are_gone(brief):
    for p in brief.passages:
        assert not p.text.startswith("ISSUE BRIEF")
        assert p.text != "ATLANTIC COUNCIL"
        assert not re.fullmatch(r"\d{1,2}", p.text)


def test_brief_hyphens_repaired_and_real_hyphens_kept(brief):
    text = " ".join(p.text for p in body(brief))
    assert "reached $392 billion (2.79 trillion renminbi (RMB)) in 2021, a 14-percent increase" in text
    assert "technologies are the most important weapons" in text  # "tech-/nologies" rejoined
    assert "the country’s self-reliance to better guard" in text
    assert "tech-focused stock markets" in text


def test_brief_marker_is_out_of_the_text_and_at_its_place(brief):
    p = next(p for p in body(brief) if p.text.startswith("At the laboratory level"))
    m = next(m for m in p.markers if m.marker == "11")
    assert p.text[:m.offset].endswith("Ministry of Science and Technology, and Academy of Sciences.")
    assert "Sciences. To incentivize" in p.text


def test_brief_note_text_urls_rejoined_and_cjk_kept(brief):
    assert note(brief, "1").text == (
        "“Xi Jinping: Core Technology is the Most Important Weapon of the Country [习近平：关键核心技术是国之重器]” "
        "Xinhua, July 15, 2018, https://perma.cc/3XVT-U6C2.")
    assert "https://cset.georgetown.edu/wp-content/uploads/t0076_innovation_driven_development_strategy_EN.pdf" in note(brief, "7").text
    assert "https://data.worldbank.org/indicator/CM.MKT.LCAP.CD?locations=CN&most_recent_value_desc=false" in note(brief, "18").text
    assert note(brief, "16").text == "Ibid."


def test_brief_sidebar_does_not_break_the_paragraph(brief):
    aside = [p for p in brief.passages if p.kind == "aside" and p.page == 1]
    assert aside and aside[0].text.startswith("The Atlantic Council's Global China Hub researches")


def test_brief_back_matter_is_kept_apart(brief):
    back = [p for p in brief.passages if p.kind == "back"]
    assert any(p.section == "ATLANTIC COUNCIL BOARD OF DIRECTORS" for p in back)
    assert all(p.kind != "body" for p in brief.passages if p.section == "ATLANTIC COUNCIL BOARD OF DIRECTORS")


def test_brief_figure_caption(brief):
    assert [f.figure_id for f in brief.figures] == ["figure1"]
    assert brief.figures[0].caption.startswith("Figure 1: Distribution of Guidance Funds")


def test_brief_notes_take_the_section_of_the_passage_citing_them(brief):
    p = next(p for p in brief.passages if p.kind == "footnote" and p.text.startswith("“China’s R&D Expenditure"))
    assert p.section == "R&D Funding"


# -- the working paper: 28 footnotes, six tables, bibliography ------------------------------------

def test_paper_has_all_28_footnotes_linked(paper):
    footnotes = [n for n in paper.notes if n.kind == "footnote"]
    assert [n.marker for n in footnotes] == [str(i) for i in range(1, 29)]
    numbered = [m for m in paper.markers if m.marker.isdigit()]
    assert sorted(int(m.marker) for m in numbered) == list(range(1, 29))
    assert all(m.citation_id == f"fn{m.marker}" for m in numbered)
    # the author line's asterisk is a marker too, kept out of the text; its note is not a numbered one
    authors = next(p for p in paper.passages if p.text.startswith("Barry Naughton"))
    assert authors.text == "Barry Naughton, Siwen Xiao, and Yaosheng Xu" and authors.markers[0].marker == "\u2217"


def test_paper_note_texts(paper):
    assert note(paper, "3").text == ("Robert Wade, Governing the Market: Economic Theory and the Role of Government "
                                     "in East Asian Industrialization. Princeton University Press, 2003.")
    assert note(paper, "16").text.endswith("see https://www.sciping.com/10679.html")
    assert "新型举国体制" in note(paper, "20").text


def test_paper_bibliography_entries(paper):
    bib = [n for n in paper.notes if n.kind == "bibliography"]
    assert len(bib) == 37
    assert bib[0].text.startswith("Bai Chunli (白春礼). 2021. \"Strengthen the national strategic science")
    assert bib[-1].text.startswith("Zeng Xiankui (曾宪奎). 2021.")
    assert all(p.section == "Bibliography" for p in paper.passages if p.kind == "bibliography")


def test_paper_sections_and_headings(paper):
    headings = [p.text for p in paper.passages if p.kind == "heading"]
    for h in ("1. Traditional Conceptions of Industrial Policy and China", "2. Three Phases of Policy: Temporal Framework",
              "4. The New-Style National Team", "6. Conclusion", "Bibliography"):
        assert h in headings
    p = next(p for p in body(paper) if p.text.startswith("For convenience, we will frequently divide"))
    assert p.section == "2. Three Phases of Policy: Temporal Framework"


def test_paper_running_heads_gone_and_indented_paragraphs_split(paper):
    assert not any("Naughton, Xiao, and Xu" in p.text for p in paper.passages if p.kind == "body")
    starts = [p.text[:40] for p in body(paper) if p.page == 2]
    assert "This is important, because the tradition" in starts
    assert "However, this description of industrial " in starts


def test_paper_body_text_reads_across_a_page_break(paper):
    p = next(p for p in body(paper) if p.text.startswith("This is important, because the traditional"))
    assert p.text == ("This is important, because the traditional emphasis on targeting sometimes misses the "
                      "essential prerequisites for targeting effectively.")


@pytest.mark.parametrize("text", ["卡脖子技术", "弯道超车", "新型举国体制"])
def test_paper_keeps_chinese_characters(paper, text):
    assert any(text in p.text for p in paper.passages)


def test_paper_figure_caption_not_confused_with_a_sentence(paper):
    assert [f.caption for f in paper.figures] == ["Figure 1: Appearance of Key Terms in Official Chinese Media"]


def test_paper_table_cells_are_table_passages_not_body(paper):
    rows = [p.text for p in paper.passages if p.kind == "table"]
    assert "8 | iCLIP technology" in rows
    assert "35 | Scanning electron microscope" in rows
    assert not any(p.text in ("√", "Shanghai", "Lithography") for p in body(paper))
    captions = [p.text for p in paper.passages if p.kind == "caption"]
    assert "Table 3: 35 core technologies listed by Science and Technology Daily" in captions
    assert [t.table_id for t in paper.tables] == [f"table{i}" for i in range(1, 7)]


def test_flush_left_reference_list_keeps_entries_whole():
    """A reference list without hanging indents, where one justified line breaks into word fragments."""
    path = need(SHARED / "corpus" / "policy" / "ec-2025-public-ri-funding-eu-us-china.pdf")
    doc = parsed(path)
    bib = [n for n in doc.notes if n.kind == "bibliography"]
    assert len(bib) == 31
    assert bib[6].text == (
        "CSET (2022b). Translation of Notice of the State Council on the Publication of “Made in China 2025”, "
        "https://cset.georgetown.edu/publication/notice-of-the-state-council-on-the-publication-of-made-in-china-2025/, "
        "based on Chinese source text: http://www.gov.cn/zhengce/content/2015-05/19/content_9784.htm")
    assert bib[-1].text.startswith("US Congress (2020), National Artificial Intelligence Initiative Act of 2020")


@pytest.mark.parametrize("text, back", [
    ("This project is funded by the European Commission’s Citizens, Equality, Rights and Values Programme (CERV).",
     True),
    ("Co-funded by the European Union.", True),
    ("With the support of the Ministry of Culture.", True),
    ("The project was halted in 2016 before funding was agreed.", False),
    ("About Mind the Bridge", False),  # a heading: sections.csv gives its role
])
def test_segment_boilerplate_paragraphs_are_back_matter(text, back):
    assert bool(boilerplate().match(text)) is back


@pytest.mark.parametrize("heading, role", [
    ("About Mind the Bridge", "back"), ("ABOUT THE AUTHOR", "back"), ("Disclaimer", "back"),
    ("About", "body"), ("Aboutness of plans", "body"), ("3. The Dragon Has Awoken", "body"),
])
def test_segment_about_headings_open_back_matter(heading, role):
    assert heading_role(heading) == role
