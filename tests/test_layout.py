"""Layout helpers on hand-made lines: joining text, running heads, note starts, columns."""
from __future__ import annotations

import pytest

from pipeline.layout.furniture import furniture
from pipeline.layout.notes import group_notes, note_start
from pipeline.layout.order import reading_order
from pipeline.layout.text import Lexicon, join
from pipeline.model import Line


def line(text, x0=50, top=100, x1=300, size=10.0, page=1, markers=None):
    return Line(page, (x0, top, x1, top + size), text, size, markers=markers or [])


LEX = Lexicon(["the technologies of the country", "a tech company focused on chips", "state-owned firms",
               "the CPTPP and the EU"])


@pytest.mark.parametrize("prev, nxt, joined", [
    ("key tech-", "nologies are", "key technologies are"),            # a word broken at the line end
    ("the country's self-", "reliance", "the country's self-reliance"),  # a prefix written with a hyphen
    ("a 14-", "percent increase", "a 14-percent increase"),
    ("the launch of tech-", "focused markets", "the launch of tech-focused markets"),  # two words of the document
    ("the COVID-", "19 pandemic", "the COVID-19 pandemic"),
    ("a fund-", "of-funds design", "a fund-of-funds design"),  # the break falls inside a longer compound
    ("US-", "China trade", "US-China trade"),
    ("Partnership (CPT-", "PP) was", "Partnership (CPTPP) was"),  # a short form the document writes whole
    ("the EU-", "US deal", "the EU-US deal"),
    ("see https://cset.georgetown.edu/wp-con", "tent/uploads/x.pdf.", "see https://cset.georgetown.edu/wp-content/uploads/x.pdf."),
    ("at http://www.stats.gov.", "cn/english/a.html.", "at http://www.stats.gov.cn/english/a.html."),
    ("see https:", "//www.sciping.com/10679.html", "see https://www.sciping.com/10679.html"),
    ("https://perma.cc/3XVT-U6C2.", "English translation", "https://perma.cc/3XVT-U6C2. English translation"),
    ("中共中央政治局常务", "委员会召开会议", "中共中央政治局常务委员会召开会议"),
    ("an ordinary", "line", "an ordinary line"),
])
def test_text_join_repairs_breaks(prev, nxt, joined):
    assert join(prev, nxt, LEX) == joined


def test_furniture_drops_repeated_heads_and_page_numbers_but_not_body():
    pages = [[line("ISSUE BRIEF", top=20), line(f"Body text of page {i}", top=300), line(str(i), top=760)]
             for i in range(1, 5)]
    drop = furniture(pages, [792.0] * 4)
    assert drop == [{0, 2}] * 4


def test_note_start_by_superscript_or_expected_number():
    assert note_start(line("Robert Wade, Governing", markers=[(0, "3")])) == "3"
    assert note_start(line("12 Author's calculation"), expected=12) == "12"
    assert note_start(line("19 pandemic to the trade war"), expected=5) is None


def test_group_notes_splits_at_note_numbers_and_keeps_continuations():
    notes = group_notes([line("7 First note starts", x0=50), line("and goes on", x0=61), line("8 Second note", x0=50)], 7)
    assert [(m, [ln.text for ln in lines]) for m, lines in notes] == [
        ("7", ["7 First note starts", "and goes on"]), ("8", ["8 Second note"])]


def test_reading_order_reads_left_column_before_right():
    lines = []
    for i in range(8):
        lines.append(line(f"left {i}", x0=50, x1=295, top=100 + 12 * i))
        lines.append(line(f"right {i}", x0=317, x1=562, top=100 + 12 * i))
    ordered = [ln.text for ln in reading_order(lines)]
    assert ordered == [f"left {i}" for i in range(8)] + [f"right {i}" for i in range(8)]


def test_reading_order_rejoins_a_line_split_by_wide_justified_spaces():
    lines = [line(f"a full line of text number {i}", x0=50, x1=295, top=100 + 12 * i) for i in range(8)]
    lines += [line(f"right column {i}", x0=317, x1=562, top=100 + 12 * i) for i in range(8)]
    lines += [line("stretched", x0=50, x1=110, top=196), line("words", x0=135, x1=200, top=196)]
    texts = [ln.text for ln in reading_order(lines)]
    assert "stretched words" in texts and "right column 0" in texts
