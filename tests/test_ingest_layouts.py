"""Ingest on layouts the seed papers do not have: list items, charts drawn with vector marks, a small-type
paragraph, and a column whose table starts beside a paragraph of the other column. Each class is one small PDF
built here, plus assertions on real reports in ../shared."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.layout.front_matter import is_front_matter
from pipeline.model import Document
from pipeline.settings import Settings
from pipeline.stages.annotate import annotate, load_nlp
from pipeline.stages.parse import parse
from pipeline.stages.segment import segment, usable_title

from .conftest import SHARED, need
from .pdfbytes import HELVETICA, build, page_pdf, placed_text, rectangles, stream

CRS = SHARED / "corpus" / "real" / "us-crs-if13204-china-15th-fyp-st-priorities.pdf"
SEP = SHARED / "corpus" / "policy" / "sep-2019-tech-scaleup-china.pdf"
DELORS = SHARED / "corpus" / "policy" / "delors-2024-economic-security.pdf"

INTRO = [  # enough body lines for the page's margins and line spacing to be measured
    "Analysts who read the plan closely find that it sets out a long list of measures for the coming",
    "years, and that most of them repeat what earlier plans already promised to the same ministries,",
    "to the same provinces and to the same state firms, with a few new targets added at the end of",
    "each chapter. Three of the measures stand out because they name money, places and dates:",
]


def _segmented(tmp_path: Path, content: bytes, name: str = "layout.pdf") -> Document:
    path = tmp_path / name
    path.write_bytes(page_pdf(content))
    return segment(parse(Document(doc_id=path.stem, path=str(path)), Settings(tables=True)))


def _body(doc: Document) -> list[str]:
    return [p.text for p in doc.passages if p.kind == "body"]


def _lines(first_y: float, lines: list[str], x: float = 72, size: float = 10, leading: float = 12):
    return [(x, first_y - k * leading, size, text) for k, text in enumerate(lines)]


def test_a_wrapped_list_item_is_one_passage_without_its_glyph(tmp_path):
    items = [
        (72, 640, 10, "\xb7 Tighten the rules on exports of chips and of the tools"),
        (84, 628, 10, "that make them, with a licence for each buyer."),
        (72, 616, 10, "\xb7 Fund new laboratories in three provinces over the"),
        (84, 604, 10, "next five years, as the plan sets out."),
    ]
    after = _lines(584, ["The plan then turns to money and to how the funds will be spent by the ministries that"
                         " run them."])
    doc = _segmented(tmp_path, placed_text(_lines(700, INTRO) + items + after))
    assert _body(doc)[1:] == [
        "Tighten the rules on exports of chips and of the tools that make them, with a licence for each buyer.",
        "Fund new laboratories in three provinces over the next five years, as the plan sets out.",
        "The plan then turns to money and to how the funds will be spent by the ministries that run them.",
    ]


def test_a_numbered_item_keeps_its_number(tmp_path):
    items = [
        (72, 640, 10, "1. Tighten the rules on exports of chips and of the tools"),
        (86, 628, 10, "that make them, with a licence for each buyer."),
        (72, 616, 10, "2. Fund new laboratories in three provinces."),
    ]
    doc = _segmented(tmp_path, placed_text(_lines(700, INTRO) + items))
    assert _body(doc)[1:] == ["1. Tighten the rules on exports of chips and of the tools that make them, with a "
                              "licence for each buyer.", "2. Fund new laboratories in three provinces."]


BARS = [(100 + 45 * k, 400, 24, 30 + 12 * k) for k in range(8)]  # x, y, width, height: a bar chart
LABELS = [(100 + 45 * k, 404 + 30 + 12 * k, 7, f"${1 + k}.5B") for k in range(8)]  # values on the bars
YEARS = [(100 + 45 * k, 390, 7, str(2011 + k)) for k in range(8)]  # the axis under them


def test_chart_labels_are_figure_text_and_are_not_mined(tmp_path):
    text = _lines(700, INTRO) + _lines(640, ["In 2020 the national fund paid $3 billion to chip makers across the"
                                             " country, and more the year after."])
    below = _lines(330, ["After the chart the text goes on about the funds and what the ministries did with"
                         " them in the years that followed."])
    doc = _segmented(tmp_path, rectangles(BARS) + b"\n" + placed_text(text + LABELS + YEARS + below))
    labels = [p.text for p in doc.passages if p.kind == "figure_text"]
    assert {"$8.5B", "$1.5B", "2011", "2014"} <= set(labels) and len(labels) == 16  # each label on its own
    assert not any(t.startswith(("$", "2011")) for t in _body(doc))
    assert _body(doc)[-1].startswith("After the chart the text goes on")
    annotate(doc, load_nlp())
    money = [(m.text, m.kind) for m in doc.mentions if m.table == "money"]
    assert money == [("$3 billion", "body")]


def test_a_few_rules_and_a_box_make_no_figure(tmp_path):
    rules = [(72, 660, 460, 0.8), (72, 300, 460, 0.8), (60, 280, 490, 420)]  # two rules, one panel behind text
    doc = _segmented(tmp_path, rectangles(rules) + b"\n" + placed_text(_lines(700, INTRO)))
    assert not any(p.kind == "figure_text" for p in doc.passages)
    assert _body(doc) == [" ".join(INTRO)]


def test_a_paragraph_in_small_type_after_a_heading_stays_whole(tmp_path):
    small = ["The box sets out what the pilot zones may do: they may trade in data, they may open their",
             "markets to foreign banks, and they may let firms keep the foreign currency they earn abroad",
             "for longer than the rest of the country may keep it."]
    content = placed_text(_lines(700, INTRO) + [(72, 640, 14, "Pilot Zones")] + _lines(620, small, size=8,
                                                                                       leading=10))
    doc = _segmented(tmp_path, content)
    assert [p.text for p in doc.passages if p.kind in ("body", "aside")][-1] == " ".join(small)


# Real reports.

@pytest.fixture(scope="module")
def crs() -> Document:
    path = need(CRS)
    return segment(parse(Document(doc_id=path.stem, path=str(path)), Settings(tables=True)))


def test_crs_paragraph_beside_a_table_in_the_other_column_is_one_passage(crs):
    first = next(p for p in crs.passages if p.kind == "body" and p.text.startswith("On March 12, 2026"))
    assert "Outline of Long-Term Goals to 2035." in first.text
    assert first.text.endswith("in China 2025 and Industrial Policies: Issues for Congress.")
    assert "investment, and intellectual property" not in first.text  # the right column is not woven in


def test_crs_list_items_are_whole_and_without_bullets(crs):
    items = [p.text for p in crs.passages if p.kind == "body" and p.section == "Issues for Congress"]
    assert items[1] == ("strengthen U.S. authorities to address PRC subsidies, market protections, and the PRC "
                        "Party-State’s role in PRC firms and trade and investment activities; to protect the U.S. "
                        "market; and to promote U.S. competitiveness;")
    assert items[4] == "enhance supply chain security and trade, investment, and technology ties among U.S. allies " \
                       "and partners."


def test_sep_chart_numbers_are_figure_text_and_the_title_is_the_cover_text():
    path = need(SEP)
    doc = segment(parse(Document(doc_id=path.stem, path=str(path)), Settings(tables=True)))
    assert doc.metadata["title"] == "Tech Scaleup China"  # the cover's largest text; the PDF's field is a file name
    labels = {p.text for p in doc.passages if p.kind == "figure_text" and p.page == 7}
    assert {"2,181", "2,044", "1,682"} <= labels
    assert not any(p.text.startswith(("2,181", "1,478 1,198")) for p in doc.passages if p.kind == "body")


def test_delors_timeline_entries_are_figure_text_and_their_amounts_are_mined():
    path = need(DELORS)
    doc = segment(parse(Document(doc_id=path.stem, path=str(path)), Settings(tables=True)))
    timeline = [p.text for p in doc.passages if p.kind == "figure_text" and p.page in (5, 6, 7)]
    assert "Cybersecurity Law" in timeline and "11/2016" in timeline
    assert not any(p.text.startswith("11/2016") for p in doc.passages if p.kind == "body")
    annotate(doc, load_nlp())
    amounts = {(m.text, m.kind) for m in doc.mentions if m.table == "money" and m.kind == "figure_text"}
    assert amounts == {("50 billion USD", "figure_text"), ("800 billion EUR", "figure_text")}


def test_a_title_wrapped_over_lines_is_one_heading_and_the_title(tmp_path):
    title = [(72, 700, 30, "Shields Down:"), (72, 668, 30, "how plans, funds"), (72, 636, 30, "and firms met")]
    doc = _segmented(tmp_path, placed_text(title + _lines(590, INTRO)))
    assert [p.text for p in doc.passages if p.kind == "heading"] == ["Shields Down: how plans, funds and firms met"]
    assert doc.metadata["title"] == "Shields Down: how plans, funds and firms met"
    assert _body(doc) == [" ".join(INTRO)]


@pytest.mark.parametrize(("title", "usable"), [
    ("2019_TechScaleupChina_FINAL", False), ("Microsoft Word - brief.docx", False), ("report-v3.pdf", False),
    ("", False), (None, False), ("The Trajectory of China's Industrial Policies", True), ("Europe", True),
])
def test_a_title_field_naming_a_file_is_not_the_title(title, usable):
    assert usable_title(title) is usable


def test_delors_bold_sentences_stay_in_their_paragraphs_and_the_title_is_whole():
    path = need(DELORS)
    doc = segment(parse(Document(doc_id=path.stem, path=str(path)), Settings(tables=True)))
    assert doc.metadata["title"] == ("Shields Up: How China, Europe, Japan and the United States Shape the World "
                                     "through Economic Security")
    body = _body(doc)
    paper = next(t for t in body if t.startswith("Our paper contributes to the debate"))
    assert "agenda. As one of the world’s most open economies" in paper
    psia = next(t for t in body if "Intelligence Agency (PSIA) also created a new unit" in t)
    assert "technology transfers. Prime Minister Kishida" in psia
    assert not any(t.startswith(("fers.", "agenda.")) for t in body)
    # a recommendation: a bullet whose lead words are bold is a list item, lead and text in one passage
    assert any(t.startswith("Creating a Commissioner for Economic Security: The next Commission President")
               for t in body)
    # a whole sentence in bold that its paragraph goes on from is the paragraph's lead, not a heading
    lead = next(t for t in body if t.startswith("The debate over de-risking and decoupling vis-a-vis China"))
    assert "illustrates this point. The EU has preferred a de-risking terminology" in lead
    assert not any(p.kind == "heading" and p.text.startswith("The debate over") for p in doc.passages)


def test_a_line_without_a_word_is_a_label_not_a_paragraph(tmp_path):
    # outside any drawn figure such lines may be an unruled table's cells, so their amounts are still read
    stray = [(300, 520, 8, "$44.1B $242M"), (100, 480, 8, "2014 2015 2016 2017"), (100, 440, 8, "67% 13% 10%")]
    doc = _segmented(tmp_path, placed_text(_lines(700, INTRO) + stray))
    assert [p.text for p in doc.passages if p.kind == "label"] == ["$44.1B $242M", "2014 2015 2016 2017",
                                                                 "67% 13% 10%"]
    assert _body(doc) == [" ".join(INTRO)]
    annotate(doc, load_nlp())
    assert [(m.text, m.kind) for m in doc.mentions if m.table == "money"] == [("$44.1B", "label"), ("$242M", "label")]


@pytest.mark.parametrize("matrix", ["0 1 -1 0", "0 -1 1 0"], ids=["turned-left", "turned-right"])
def test_text_turned_sideways_on_an_upright_page_reads_forwards(tmp_path, matrix):
    step = 16 if matrix == "0 1 -1 0" else -16
    x0, y0 = (300, 100) if step > 0 else (300, 700)
    rows = ["Table 9. Funds by province, sideways on the page"] + [f"Row {k} of the sideways table text"
                                                                     for k in range(1, 8)]
    content = b"\n".join(b"BT /F1 12 Tf %s %d %d Tm (%s) Tj ET" % (matrix.encode(), x0 + k * step, y0,
                                                                   text.encode()) for k, text in enumerate(rows))
    path = tmp_path / "sideways.pdf"
    path.write_bytes(page_pdf(content))
    doc = parse(Document(doc_id="sideways", path=str(path)), Settings(tables=False))
    assert [ln.text for ln in doc.pages[0].lines][:3] == rows[:3]
    assert doc.pages[0].turned in (90, 270)


def test_a_sentence_left_open_at_a_column_end_runs_on_into_the_next_column(tmp_path):
    left = ["The fund was set up in 2014 with money from the", "ministry and from four state banks, and it paid",
            "for chip plants in six provinces over the next", "five years. Its managers were told to look for",
            "returns as well as for national goals, and they", "bought stakes in firms that made memory chips,",
            "equipment and design tools, but the largest sums", "and the"]
    right = ["(longest-lived) stakes went to two firms in", "Shanghai and Wuhan that the plan had named as",
             "national champions in its first chapter.", "A second fund followed in 2019 and doubled the",
             "sums, with a wider list of targets that reached", "materials and software as well as the plants",
             "themselves, and with more of its money coming", "from provincial governments than from the centre."]
    content = placed_text(_lines(700, left, x=72) + _lines(700, right, x=320))
    doc = _segmented(tmp_path, content)
    first = _body(doc)[0]
    assert first.startswith("The fund was set up in 2014") and "but the largest sums and the (longest-lived) " \
        "stakes went to two firms in Shanghai" in first and first.endswith("in its first chapter.")


@pytest.mark.parametrize("text, front", [
    ("Karen Osei, Specialist in Asian Trade and Finance", True),
    ("Mara Lindqvist, Senior Research Fellow", True),
    ("By Tom Reed, freelance journalist with the Harbor Daily", True),
    ("Lena Wu, freelance Chinese journalist with “The Harbor Daily”.", True),  # a byline may end with a stop
    ("April 16, 2026", True),
    ("http://harbor.example.eu | @harbor_eu", True),  # web addresses and handles only
    ("harbor.example.com/research", True),
    ("See www.harbor.example.eu for the data.", False),
    ("3 March 2025", True),
    ("China, the EU and the US, which trade the most", False),  # no position word
    ("In March 2025, the State Council issued its plan.", False),
    ("Mara Lindqvist, Senior Research Fellow, argues that the funds failed; others disagree.", False),
    ("Think Ahead • Denken 12 Harbour Road 1000 Brussels • www.harbor.example.eu T +32 2 555 01 01 • "
     "info@harbor.example.eu", True),  # a publisher's contact block
    ("Write to info@harbor.example.eu for the data. The survey ran at www.harbor.example.eu until May.", False),
])
def test_a_byline_a_date_line_or_a_contact_block_is_front_matter(text, front):
    assert is_front_matter(text) is front


def test_byline_position_words_are_a_rule_file_a_user_extends(tmp_path):
    (tmp_path / "byline_roles.csv").write_text("word\nrapporteur\n", encoding="utf-8")
    assert not is_front_matter("Anna Berg, Rapporteur")
    assert is_front_matter("Anna Berg, Rapporteur", str(tmp_path))


def test_crs_byline_date_line_and_source_line_are_not_body_text():
    path = need(CRS)
    doc = segment(parse(Document(doc_id=path.stem, path=str(path)), Settings()))
    back = [p.text for p in doc.passages if p.kind == "back"]
    assert "Karen M. Sutter, Specialist in Asian Trade and Finance" in back
    assert "April 16, 2026" in back
    assert not any(t.startswith(("Karen M. Sutter", "April 16, 2026")) for t in _body(doc))
    # the source line below the table is a caption even where no caption line is right above it
    assert "Source: CRS with details from China’s 15th FYP." in [p.text for p in doc.passages if p.kind == "caption"]


def test_columns_are_found_under_a_title_and_above_notes_that_cross_the_gutter(tmp_path):
    # Two columns of body text between a large title and full-width footnotes, both of which cross the gutter:
    # the gutter is measured on the lines in the body size.
    left = ["Provinces have set up funds for chips and batteries", "at a pace that few had planned for, and",
            "most of them now report losses on paper.", "The central ministries have asked them to",
            "merge the smaller funds before the end of", "the year and to publish what they hold."]
    right = ["Exporters meanwhile face tariffs in three", "markets at once, and several have moved",
             "assembly lines to other countries in Asia.", "Their suppliers follow them, which leaves",
             "the old industrial parks half empty and", "the local budgets short of tax income."]
    title = [(72, 720, 30, "Funds and tariffs in 2025")]
    notes = [(72, 120 - 10 * k, 8, f"{k + 1} A footnote long enough to run across both columns of the page, "
              f"as briefs print them, number {k + 1}.") for k in range(3)]
    content = placed_text(title + _lines(640, left, x=72) + _lines(640, right, x=330) + notes)
    doc = _segmented(tmp_path, content)
    text = " ".join(_body(doc))
    assert "chips and batteries at a pace that few had planned for" in text
    assert text.index("publish what they hold.") < text.index("Exporters meanwhile face tariffs")
    assert "other countries in Asia. Their suppliers follow them" in text
    assert [p.kind for p in doc.passages].count("footnote") == 3


# Designed reports: covers with sidebars, charts between paragraphs, bold lead sentences, spreads.

COURTIAL = SHARED / "corpus" / "policy" / "courtial-china-europe-economic-reorientation.pdf"
BOLD = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>"


def _two_fonts_pdf(items: list[tuple[float, float, float, str, bool]]) -> bytes:
    """One page drawing each (x, y, size, text, bold) in Helvetica, or Helvetica-Bold where bold."""
    ops = []
    for x, y, size, text, bold in items:
        escaped = text.encode("latin-1").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"BT /%s %.2f Tf %.2f %.2f Td (" % (b"F2" if bold else b"F1", size, x, y) + escaped + b") Tj ET")
    return build([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
        stream(b"\n".join(ops)),
        HELVETICA,
        BOLD,
    ])


def _segmented_bytes(tmp_path: Path, data: bytes) -> Document:
    path = tmp_path / "designed.pdf"
    path.write_bytes(data)
    return segment(parse(Document(doc_id=path.stem, path=str(path)), Settings(tables=True)))


def test_text_set_beyond_the_page_edge_is_not_read(tmp_path):
    # the other half of a spread: the same paragraph placed left of the page, where it never prints
    spread = _lines(500, ["Realization of the gains from internet use set the stage for a flurry of funds",
                          "and for the startups those funds went on to back in the years after."], x=-420)
    doc = _segmented(tmp_path, placed_text(_lines(700, INTRO) + spread))
    assert _body(doc) == [" ".join(INTRO)]
    assert all(ln.bbox[2] > 0 for ln in doc.pages[0].lines)


def test_a_bare_figure_label_takes_the_title_under_it(tmp_path):
    content = placed_text(_lines(700, INTRO) + [(250, 620, 7, "Figure 5"), (190, 611, 8, "NEW SCALEUPS PER YEAR: "
                                                                           "CHINA vs. EUROPE vs. US")])
    doc = _segmented(tmp_path, content)
    assert [p.text for p in doc.passages if p.kind == "caption"] == ["Figure 5 NEW SCALEUPS PER YEAR: CHINA vs. "
                                                                    "EUROPE vs. US"]
    assert [f.figure_id for f in doc.figures] == ["figure5"]
    assert _body(doc) == [" ".join(INTRO)]


def test_a_lower_case_fragment_after_a_figure_caption_joins_the_paragraph_it_continues(tmp_path):
    before = ["The provinces will raise most of the money through special bonds, and in addi-"]
    caption = [(72, 610, 9, "Figure 2: Special bonds issued by the provinces, 2015-2025")]
    after = ["tion, the provinces are authorised to issue additional loans themselves."]
    doc = _segmented(tmp_path, placed_text(_lines(700, INTRO) + _lines(640, before) + caption
                                           + _lines(580, after)))
    assert _body(doc)[1:] == ["The provinces will raise most of the money through special bonds, and in addition, "
                              "the provinces are authorised to issue additional loans themselves."]
    assert [p.kind for p in doc.passages] == ["body", "body", "caption"]  # the paragraph keeps its place


def test_a_paragraph_set_in_bold_is_body_text_not_a_heading(tmp_path):
    intro = [(72, 700 - 12 * k, 10, text, False) for k, text in enumerate(INTRO[:3] + ["each chapter."])]
    bold = [(72, 652 - 12 * k, 10, text, True) for k, text in enumerate(
        ["Internet giants such as the four largest platforms and the", "banks they own shape the market for venture",
         "capital."])]
    plain = [(72, 616, 10, "Due to lax rules on competition, the platforms get into many industries.", False)]
    doc = _segmented_bytes(tmp_path, _two_fonts_pdf(intro + bold + plain))
    assert _body(doc)[1:] == ["Internet giants such as the four largest platforms and the banks they own shape the "
                              "market for venture capital.",
                              "Due to lax rules on competition, the platforms get into many industries."]
    assert not any(p.kind == "heading" for p in doc.passages)


def test_a_bold_sentence_left_open_at_a_column_end_runs_on_into_the_next_column(tmp_path):
    left = [(72, 700 - 12 * k, 10, text, False) for k, text in enumerate(
        ["Analysts who read the plan closely find", "that it sets out a long list of measures", "for the coming years,",
         "and that most of them repeat what earlier", "plans already promised to the ministries,",
         "to the provinces and to the state firms,", "as before."])]
    left.append((72, 616, 10, "The provincial funds have raised $337.3B", True))
    right = [(330, 700 - 12 * k, 10, text, False) for k, text in enumerate(
        ["since they were set up, or 1.34% of GDP.", "However, where do they stand beside the", "funds of the centre,",
         "the banks and the state firms, and beside", "the funds of the other large economies?", "The answer depends",
         "on what one counts as a fund, and on", "which years one looks at over the decade."])]
    doc = _segmented_bytes(tmp_path, _two_fonts_pdf(left + right))
    assert _body(doc)[1].startswith("The provincial funds have raised $337.3B since they were set up, or 1.34% of "
                                    "GDP. However, where do they stand")
    assert not any(p.kind == "heading" for p in doc.passages)


def test_sep_gutter_beside_a_chart_and_paragraph_ends_over_a_map():
    path = need(SEP)
    doc = segment(parse(Document(doc_id=path.stem, path=str(path)), Settings(tables=True)))
    body = _body(doc)
    # page 8: a column of text beside a chart of many labels is one column, read whole before the next
    assert any(t.startswith("Tencent Holdings and JD.com and their fiercest competitors are primarily") for t in body)
    assert any(t.startswith("Their investments span the entertainment, transportation, logistics") for t in body)
    # page 15: the last line of a paragraph over a map drawn behind the column stays in its paragraph
    assert "Shanghai follows. Here are located 18% of the Chinese scaleups." in body
    # page 19: the previous page's text placed left of the page edge is not read twice
    assert sum(t.startswith("Based on significant investments in online video") for t in body) == 1
    captions = [p.text for p in doc.passages if p.kind == "caption"]
    assert "Figure 5 NEW SCALEUPS PER YEAR: CHINA vs. EUROPE vs. US" in captions
    assert any(t.startswith("Internet giants Baidu, Alibaba, Tencent, and JD.com, shape") for t in body)
    # a bold paragraph whose middle line reads as emphasis, and a column opening with a bold lead sentence
    assert "Emerging technologies (Medtech, Energy & Cleantech, Insurtech, and Cyber Security) are starting to " \
           "climb up the charts." in body
    assert any(t.startswith("The eye-catching fact is that China did not experience the ICO") for t in body)
    # an unruled table under its caption is the figure's text
    assert "NASDAQ" in [p.text for p in doc.passages if p.kind == "figure_text"] and "NASDAQ" not in body


def test_courtial_cover_sidebar_gives_no_section_and_a_paragraph_resumes_after_it():
    path = need(COURTIAL)
    doc = segment(parse(Document(doc_id=path.stem, path=str(path)), Settings(tables=True)))
    body = [p for p in doc.passages if p.kind == "body"]
    summit = next(p for p in body if p.text.startswith("At the Two Sessions Summit"))
    assert "In addition, the provinces are authorised to issue additional loans themselves." in summit.text
    assert summit.pages == [1, 2]
    comparison = next(p for p in body if p.text.startswith("However, a comparison with the 2008"))
    assert comparison.section == "I Stimulating domestic demand: the priority for 2025"
    assert not any(p.section.startswith("POLICY BRIEF") for p in body)
    assert not any(p.text.startswith(("reorientation", "Yutao Zhang", "tion,")) for p in body)
    assert "Yutao Zhang, freelance Chinese journalist with “The Initium Media”." in [
        p.text for p in doc.passages if p.kind == "back"]


def test_the_cells_of_an_unruled_table_under_a_figure_caption_are_figure_text(tmp_path):
    caption = [(250, 620, 7, "Figure 10"), (200, 611, 8, "TECH IPOS BY STOCK EXCHANGE")]
    heads = ["Stock Exchange", "NASDAQ", "Hong Kong Stock Exchange",
             "Capital Raised ($B) Number of IPOs Avg. Cap. Raised"]
    cells = [(110, 590 - 26 * k, 8, name) for k, name in enumerate(heads)]
    amounts = [(400, 564 - 26 * k, 8, value) for k, value in enumerate(["$242M", "$300M"])]
    after = [(72, 440, 14, "Retail Platforms Are the Backbone")] + _lines(410, INTRO)
    doc = _segmented(tmp_path, placed_text(_lines(700, INTRO) + caption + cells + amounts + after))
    assert [p.text for p in doc.passages if p.kind == "figure_text"] == heads
    assert [p.text for p in doc.passages if p.kind == "label"] == ["$242M", "$300M"]  # amounts are still read
    assert _body(doc) == [" ".join(INTRO), " ".join(INTRO)]


def test_a_chart_s_numbers_or_legend_at_a_column_end_do_not_run_on_into_the_next_column(tmp_path):
    left = ["Hubs of the second tier hold between one", "and two hundred funds each, most of them",
            "set up by the cities themselves."]
    legend = [(72, 600, 10, "NUMBER OF FUNDS"), (72, 560, 10, "689 $19.9B")]
    right = ["The Shanghai exchange follows at a distance:", "fourteen listings and a little more money",
             "raised than the year before."]
    doc = _segmented(tmp_path, placed_text(_lines(700, left, x=72) + legend + _lines(700, right, x=330)))
    assert _body(doc) == [" ".join(left), "NUMBER OF FUNDS", " ".join(right)]
    assert [p.text for p in doc.passages if p.kind == "label"] == ["689 $19.9B"]


def test_a_caption_title_that_starts_at_the_gutter_edge_spans_the_gutter(tmp_path):
    left = [f"Line {k} of the left column of running text here." for k in range(8)]
    right = [f"Line {k} of the right column of running text too." for k in range(8)]
    # the left column's lines end at x 270: the title starts within a point of the gutter's edge
    title = [(302, 590, 7, "Figure 9"), (269, 580, 8, "TECH HUBS OF CHINA BY FUNDS RAISED")]
    doc = _segmented(tmp_path, placed_text(_lines(700, left, x=72) + _lines(700, right, x=330) + title))
    assert [p.text for p in doc.passages if p.kind == "caption"] == ["Figure 9 TECH HUBS OF CHINA BY FUNDS RAISED"]
    assert [ln.column for ln in doc.pages[0].lines if ln.text.startswith("TECH HUBS")] == [-1]


def test_a_bold_paragraph_whose_second_line_reads_as_emphasis_stays_whole(tmp_path):
    intro = [(72, 700 - 12 * k, 10, text, False) for k, text in enumerate(INTRO[:3] + ["each chapter."])]
    bold = [(72, 652 - 12 * k, 10, text, True) for k, text in enumerate(
        ["Emerging sectors (medical devices, clean energy &", "insurance, and the security of networks) are",
         "starting to climb up the charts."])]
    plain = [(72, 616, 10, "We expect to see more firms in those industries soon.", False)]
    doc = _segmented_bytes(tmp_path, _two_fonts_pdf(intro + bold + plain))
    assert _body(doc)[1:] == ["Emerging sectors (medical devices, clean energy & insurance, and the security of "
                              "networks) are starting to climb up the charts.",
                              "We expect to see more firms in those industries soon."]


def test_a_column_that_opens_in_bold_after_a_finished_sentence_opens_a_paragraph(tmp_path):
    left = [(72, 700 - 12 * k, 10, text, False) for k, text in enumerate(
        ["The largest firms took most of the money, an", "enormous share that almost doubles the one",
         "of Europe (20%) and of the United States (23%)."])]  # the longest line: the column's full measure
    right = [(330, 700 - 12 * k, 10, text, k == 0) for k, text in enumerate(
        ["The striking fact is that coin offerings", "never took off in the country, because the",
         "rules do not allow trading in them at all."])]
    doc = _segmented_bytes(tmp_path, _two_fonts_pdf(left + right))
    assert [t[:30] for t in _body(doc)] == ["The largest firms took most of", "The striking fact is that coin"]


def test_entries_with_run_in_labels_after_a_short_line_are_passages_each(tmp_path):
    entries = ["British Isles: United Kingdom (with Gibraltar, Guernsey and Jersey), Ireland",
               "Central Europe: France, Germany, Switzerland, Austria, Monaco, Liechtenstein",
               "Nordics: Denmark, Iceland, Finland, Sweden, Norway."]
    doc = _segmented(tmp_path, placed_text(_lines(700, INTRO) + _lines(640, entries)))
    assert _body(doc)[1:] == entries


def test_a_fragment_joins_the_paragraph_of_its_page_left_open_though_another_came_between(tmp_path):
    first = ["The funds in the US have raised $731B since", "they began, about twice the amount"]
    between = ["On the other hand, the funds are well ahead", "of the ones in Europe in number."]
    fragment = ["raised by their counterparts in Europe, and", "more than those of any other region."]
    content = placed_text(_lines(700, first, x=72) + _lines(660, between, x=72) + _lines(700, fragment, x=330))
    doc = _segmented(tmp_path, content)
    assert _body(doc) == ["The funds in the US have raised $731B since they began, about twice the amount raised by "
                          "their counterparts in Europe, and more than those of any other region.",
                          "On the other hand, the funds are well ahead of the ones in Europe in number."]


def test_delors_first_text_of_a_page_resumes_the_paragraph_a_sidebar_came_after():
    path = need(DELORS)
    doc = segment(parse(Document(doc_id=path.stem, path=str(path)), Settings(tables=True)))
    summary = next(p for p in doc.passages if p.kind == "body" and p.text.startswith("With geopolitical tensions"))
    assert "can more readily be found in Beijing and Washington. The Union needs to establish" in summary.text
    assert summary.pages == [1, 2]
    assert not any(p.kind == "body" and p.text.startswith("Beijing and Washington") for p in doc.passages)
