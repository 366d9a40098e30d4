"""Table extraction: cells against the working paper's gold CSVs, captions, regions, stitching, the real-PDF
corpus, and the pure helpers (caption pattern, row splitting, cell text)."""
from __future__ import annotations

import csv
import json
import logging
import time
from pathlib import Path

import pdfplumber
import pytest

from pipeline.layout import tables
from pipeline.layout.tables import CAPTION_RE, extract_tables, likely_table_pages
from pipeline.layout.text import Lexicon
from pipeline.model import Table

from .conftest import break_table_page

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
GOLD = SHARED / "gold"
PAPER_ID = "naughton-2023-trajectory-industrial-policy"
PAPER = CORPUS / "seeds" / f"{PAPER_ID}.pdf"
REAL = CORPUS / "real"
PAPER_TABLE_PAGES = [3, 7, 8, 9, 10, 11, 12, 13]


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"../shared/corpus not present: {path} is missing (the reference corpus lives beside the repo)")
    return path


def corpus_pdfs() -> list[Path]:
    return sorted((CORPUS / "real").glob("*.pdf")) + sorted((CORPUS / "policy").glob("*.pdf"))


@pytest.fixture(scope="module")
def paper_tables() -> dict[str, Table]:
    found = extract_tables(str(need(PAPER)), PAPER_ID)
    return {t.table_id: t for t in found}


def gold_rows(n: int) -> list[list[str]]:
    with open(need(GOLD / f"{PAPER_ID}.table{n}.csv"), encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def cell_accuracy(rows: list[list[str]], gold: list[list[str]]) -> float:
    cells = [(i, j) for i, row in enumerate(gold) for j in range(len(row))]
    right = sum(i < len(rows) and j < len(rows[i]) and rows[i][j] == gold[i][j] for i, j in cells)
    extra = sum(len(r) for r in rows) - len(cells)
    return right / (len(cells) + max(extra, 0))


def words_inside(pdf_path: Path, page: int, table: Table, text: str) -> list[bool]:
    """For each printed word equal to `text` on the page: is it inside one of the table's regions there?"""
    boxes = [box for pg, box in table.regions if pg == page]
    with pdfplumber.open(pdf_path) as pdf:
        words = [w for w in pdf.pages[page - 1].extract_words() if w["text"] == text]
    assert words, f"{text!r} not printed on page {page}"
    return [any(b[0] <= w["x0"] and w["x1"] <= b[2] and b[1] <= w["top"] and w["bottom"] <= b[3] for b in boxes)
            for w in words]


# --- the working paper against its gold annotation ----------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6])
def test_tables_match_gold_csv_cell_for_cell(paper_tables, n):
    table = paper_tables[f"table{n}"]
    gold = gold_rows(n)
    assert cell_accuracy(table.rows, gold) == 1.0
    assert table.rows == gold


def test_tables_captions_keep_their_label_and_match_gold(paper_tables):
    with open(need(GOLD / f"{PAPER_ID}.json"), encoding="utf-8") as f:
        gold = json.load(f)["tables"]
    assert sorted(paper_tables) == [f"table{n}" for n in range(1, 7)]
    for entry in gold:
        table = paper_tables["table" + entry["id"].split()[-1]]
        assert table.caption == f"{entry['id']}: {entry['caption']}"
        assert (table.n_rows - 1, table.n_cols) == (entry["rows"], entry["cols"])


def test_tables_side_by_side_halves_are_joined(paper_tables):
    table = paper_tables["table3"]
    assert table.caption == "Table 3: 35 core technologies listed by Science and Technology Daily"
    assert table.rows[0] == ["Number", "Core Technology"]
    assert len(table.rows) - 1 == 35
    assert table.rows[8] == ["8", "iCLIP technology"]
    assert table.rows[30] == ["30", "Medical imaging equipment components"]
    assert [r[0] for r in table.rows[1:]] == [str(n) for n in range(1, 36)]
    assert len([b for page, b in table.regions if page == 9]) == 3  # two halves and the caption


def test_tables_continuation_is_stitched_and_repeated_header_dropped(paper_tables):
    table = paper_tables["table2"]
    assert table.pages == [7, 8] and table.page == 7
    assert table.rows[0] == ["", "Shanghai", "Beijing", "Guangdong", "Jiangsu", "Zhejiang"]
    assert table.rows.count(table.rows[0]) == 1
    assert table.rows[-1] == ["Agriculture", "", "", "√", "√", ""]
    assert {page for page, _ in table.regions} == {7, 8}


def test_tables_bullet_cell_becomes_one_row_per_bullet(paper_tables):
    table = paper_tables["table6"]
    assert table.pages == [12, 13]
    assert table.rows[0] == ["Technology Requirement Classification", "List of Disruptive Technologies"]
    security = "Breakthrough key bottlenecks and maintain economic security"
    assert [security, "Zero-Addition Intensive High-Quality Drinking Water “Membrane” Treatment Process"] in table.rows
    assert sum(row[0] == security for row in table.rows) == 9
    assert not any(cell.startswith("•") for row in table.rows for cell in row)


def test_tables_spanning_first_column_text_is_kept_once(paper_tables):
    table = paper_tables["table5"]
    assert table.pages == [11, 12]
    assert table.rows[1][:2] == ["Areas of “Major or Advantageous” Key Core Technologies", "New Materials"]
    assert all(row[0] == "" for row in table.rows[2:])
    assert table.rows[-1] == ["", "", "", "", "", "Modern Agricultural Technology"]


def test_tables_regions_cover_caption_and_cells(paper_tables):
    paper = need(PAPER)
    table5 = paper_tables["table5"]
    assert words_inside(paper, 11, table5, "5:") == [True]  # "Table 5:" starts the caption line
    assert all(words_inside(paper, 11, table5, "Province"))  # the caption's second line
    assert all(words_inside(paper, 12, table5, "Photonics"))  # a cell on the continuation page
    assert table5.bbox[1] < 265 < table5.bbox[3]  # bbox (first page) reaches up to the caption
    table2 = paper_tables["table2"]
    assert words_inside(paper, 8, table2, "Agriculture") == [True]
    assert not any(words_inside(paper, 8, table2, "However,"))  # body text after the table stays out


def test_tables_only_requested_pages_are_read():
    found = extract_tables(str(need(PAPER)), PAPER_ID, pages=[9, 99])
    assert [t.table_id for t in found] == ["table3"]
    continuation = extract_tables(str(PAPER), PAPER_ID, pages=[8])
    assert [(t.table_id, t.caption, t.pages) for t in continuation] == [("p8-t1", "", [8])]


def test_tables_failing_page_is_skipped_and_logged(monkeypatch, caplog):
    break_table_page(monkeypatch, 9, "damaged content stream")
    with caplog.at_level(logging.WARNING, logger="pipeline.layout.tables"):
        found = extract_tables(str(need(PAPER)), PAPER_ID, pages=[9, 10])
    assert [t.table_id for t in found] == ["table4"]
    assert "page 9 skipped: ValueError: damaged content stream" in caplog.text


def test_tables_likely_pages_are_the_table_pages_and_cheap():
    assert likely_table_pages(str(need(PAPER))) == PAPER_TABLE_PAGES
    long_report = need(REAL / "us-crs-r48694-federal-rd-funding-fy2026.pdf")
    start = time.perf_counter()
    candidates = likely_table_pages(str(long_report))
    per_page = (time.perf_counter() - start) / 57
    assert 13 in candidates and len(candidates) < 57
    assert per_page < 0.010  # about 1.5 ms a page on a 2-vCPU box; pdfplumber needs about 100 ms


# --- a generated PDF: caption below, "(continued)" caption -------------------------------------------------------


PAGE_HEIGHT = 792


def draw_table(c, top: float, rows: list[list[str]], x0: float = 100, width: float = 120) -> float:
    """A fully ruled table on a reportlab canvas, its top edge `top` points below the page top; returns its bottom."""
    y = PAGE_HEIGHT - top
    for row in rows:
        for k, text in enumerate(row):
            c.drawString(x0 + k * width + 4, y - 14, text)
        y -= 20
    for k in range(len(rows) + 1):
        c.line(x0, PAGE_HEIGHT - top - 20 * k, x0 + width * len(rows[0]), PAGE_HEIGHT - top - 20 * k)
    for k in range(len(rows[0]) + 1):
        c.line(x0 + width * k, PAGE_HEIGHT - top, x0 + width * k, y)
    return PAGE_HEIGHT - y


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    canvas = pytest.importorskip("reportlab.pdfgen.canvas", reason="reportlab draws the generated PDF")
    path = tmp_path_factory.mktemp("tables") / "generated.pdf"
    c = canvas.Canvas(str(path), pagesize=(612, PAGE_HEIGHT))
    c.setFont("Helvetica", 10)
    c.drawString(100, PAGE_HEIGHT - 80, "Body text before the first table.")
    bottom = draw_table(c, 100, [["Year", "Amount"], ["2020", "1.5"], ["2021", "2.5"]])
    c.drawString(100, PAGE_HEIGHT - bottom - 16, "Table 7. Amounts by year")
    c.drawString(100, PAGE_HEIGHT - 560, "Table 8: Funds by agency")
    draw_table(c, 570, [["Agency", "Funds", "Share"], ["NSF", "9.1", "10%"], ["NIH", "47.1", "52%"]])
    c.showPage()
    c.setFont("Helvetica", 10)
    c.drawString(100, PAGE_HEIGHT - 60, "Table 8 (continued)")
    draw_table(c, 70, [["Agency", "Funds", "Share"], ["DOE", "8.4", "9%"]])
    c.save()
    return path


def test_tables_caption_below_and_continued_caption(generated):
    found = {t.table_id: t for t in extract_tables(str(generated), "generated")}
    assert sorted(found) == ["table7", "table8"]
    table7 = found["table7"]
    assert table7.caption == "Table 7. Amounts by year"
    assert table7.rows == [["Year", "Amount"], ["2020", "1.5"], ["2021", "2.5"]]
    assert words_inside(generated, 1, table7, "7.") == [True]
    assert not any(words_inside(generated, 1, table7, "Body"))
    table8 = found["table8"]
    assert table8.caption == "Table 8: Funds by agency" and table8.pages == [1, 2]
    assert table8.rows == [["Agency", "Funds", "Share"], ["NSF", "9.1", "10%"], ["NIH", "47.1", "52%"],
                           ["DOE", "8.4", "9%"]]
    assert words_inside(generated, 2, table8, "(continued)") == [True]


# --- real third-party PDFs ----------------------------------------------------------------------------------------


def test_tables_ruled_every_fifth_row_become_one_row_per_state():
    found = extract_tables(str(need(REAL / "us-fbi-nics-background-checks-2015-11.pdf")), "nics")
    assert len(found) == 1
    rows = found[0].rows
    alabama = next(row for row in rows if row[0] == "Alabama")
    assert alabama[1:4] == ["18,870", "23,022", "22,650"] and alabama[-1] == "71,137"
    states = [row[0] for row in rows]
    assert states[states.index("Alabama") : states.index("Alabama") + 5] == [
        "Alabama", "Alaska", "Arizona", "Arkansas", "California"]
    assert len(rows) == 59  # as ruled: title, header, 55 states and territories, totals, notes


def test_tables_sideways_page_reads_like_the_upright_one():
    upright = extract_tables(str(need(REAL / "us-fbi-nics-background-checks-2015-11.pdf")), "nics")[0]
    rotated_pdf = need(REAL / "us-fbi-nics-background-checks-2015-11-rotated.pdf")
    sideways = extract_tables(str(rotated_pdf), "nics-rotated")[0]
    assert sideways.rows == upright.rows
    with pdfplumber.open(rotated_pdf) as pdf:
        width, height = pdf.pages[0].width, pdf.pages[0].height
    x0, top, x1, bottom = sideways.bbox
    assert 0 <= x0 < x1 <= width and 0 <= top < bottom <= height  # in pdfplumber's frame of the stored page
    assert bottom - top > x1 - x0  # the landscape table stands upright in that frame


def test_tables_real_pdf_cells():
    eib = extract_tables(str(need(REAL / "eu-eib-jaspers-evaluation-p61.pdf")), "eib")
    assert [t.rows[0] for t in eib] == [["FEMIP Country", "Signed TA (EURm)"]]  # shaded cells, no strips
    assert ["Syria", "33.42"] in eib[0].rows and eib[0].rows[-1] == ["Total", "98.46"]
    warn = extract_tables(str(need(REAL / "us-ca-edd-warn-report-2015-2016.pdf")), "warn")
    assert warn[0].pages == list(range(1, 16))  # the header repeats on every page
    assert warn[0].rows[1] == [
        "06/22/2015", "03/25/2016", "07/01/2015", "Maxim Integrated Product", "San Jose", "150", "Closure Permanent"]
    crs = extract_tables(str(need(REAL / "us-crs-r48694-federal-rd-funding-fy2026.pdf")), "crs", pages=[13])
    assert crs[0].table_id == "table2"
    assert ["Department of Health and Human Services", "47,975", "48,755", "30,312", "-18,443", "-37.8%"] in crs[0].rows


def test_tables_numbered_captions_in_a_chapter():
    found = extract_tables(str(need(REAL / "eu-retail-market-structure-ch6.pdf")), "retail")
    assert [t.table_id for t in found] == [f"table6.{n}" for n in range(1, 13)]
    assert found[0].caption == "Table 6.1: Size of the market across the member states"
    assert found[0].rows[1] == ["Germany", "27.5", "81.9", "415.3", "196", "373", "898"]


@pytest.mark.parametrize("pdf", corpus_pdfs(), ids=lambda p: p.stem)
def test_tables_never_raise_on_corpus_pdfs(pdf):
    found = extract_tables(str(pdf), pdf.stem)
    with pdfplumber.open(pdf) as doc:
        count = len(doc.pages)
    for table in found:
        assert table.rows and all(any(row) for row in table.rows)
        assert set(table.pages) <= set(range(1, count + 1)) and table.page == table.pages[0]
        assert {page for page, _ in table.regions} == set(table.pages)


def test_tables_corpus_present():
    need(REAL)
    assert len(corpus_pdfs()) >= 20  # the parametrized robustness test covered them all


# --- pure helpers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("Table 3: 35 core technologies", "3"),
        ("Table 6.1 Size of the market", "6.1"),
        ("Table 2. Crosscut Budget Amounts", "2"),
        ("TABLE 125: STATE-WISE COMPOSITION", "125"),
        ("Table 2 (continued)", "2"),
        ("Table S–4. Adjusted Baseline", "S–4"),
        ("Table 1.", "1"),
        ("Table 3 shows the list", None),
        ("Tables 2 and 3 compare", None),
        ("As Table 4 shows", None),
    ],
)
def test_tables_caption_pattern(line, number):
    match = CAPTION_RE.match(line)
    assert (match["num"] if match else None) == number


def test_tables_stacked_records_split_but_wrapped_text_does_not():
    stacked = [["Alabama", "Alaska"], ["18,870", "209"], [], ["71,137", "7,095"]]
    assert tables._split_row(stacked) == [
        [["Alabama"], ["18,870"], [], ["71,137"]],
        [["Alaska"], ["209"], [], ["7,095"]],
    ]
    wrapped = [["Economic development", "plus holistic"], ["Market-conforming", "instruments;"], ["New-style", "team"]]
    assert tables._split_row(wrapped) == [wrapped]
    two_cells = [["Energy", "Equipment"], ["Modern Energy", "Technology"]]
    assert tables._split_row(two_cells) == [two_cells]


def test_tables_bulleted_cell_splits_into_items():
    row = [["Open up the frontier"], ["• Quantum Information", "Technology", "• Graphene"]]
    assert tables._split_row(row) == [
        [["Open up the frontier"], ["Quantum Information", "Technology"]],
        [["Open up the frontier"], ["Graphene"]],
    ]
    two_lists = [["• a", "• b"], ["• c", "• d"]]
    assert tables._split_row(two_lists) == [two_lists]
    assert tables._cell_text(["• a", "• b"], lambda word: False) == "a; b"


@pytest.mark.parametrize(
    ("lines", "known", "text"),
    [
        (["Deep Space Exploration and", "Maintenance System"], set(), "Deep Space Exploration and Maintenance System"),
        (["key tech-", "nologies"], {"technologies"}, "key technologies"),
        (["S&T self-", "reliance"], set(), "S&T self-reliance"),
        (["Innovation-driven", "development"], set(), "Innovation-driven development"),
        (["中国工程", "科技"], set(), "中国工程科技"),
        (["Up to $3,790........."], set(), "Up to $3,790"),
        (["Eﬃcient  ﬁnancing", "(ﬂows)"], set(), "Efficient financing (flows)"),
        (["1.5 ... nil"], set(), "1.5 ... nil"),
    ],
)
def test_tables_cell_text_normalisation(lines, known, text):
    assert tables._cell_text(lines, Lexicon(sorted(known))) == text  # `known`: the words the document prints
