"""Tests for pipeline/report/ and `pipeline report`: the static HTML report of an output folder."""
from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.compare import compare_outputs
from pipeline.inspect import Mark
from pipeline.model import Document, Note, NoteMarker, Passage
from pipeline.report import write_report
from pipeline.report.build import page_name
from pipeline.report.html import bar_chart, data_table, esc, link_urls, marked_text
from pipeline.stages.write import write_outputs

from .conftest import CORPUS

PAPER_ID = "naughton-2023-trajectory-industrial-policy"


@pytest.mark.parametrize(("value", "html"), [
    ("<script>alert('x')</script>", "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"),
    ('a "b" & c', "a &quot;b&quot; &amp; c"), (None, ""), (float("nan"), ""), (3, "3"),
])
def test_report_esc(value, html):
    assert esc(value) == html


@pytest.mark.parametrize(("text", "html"), [
    ("see https://perma.cc/AB-12.", 'see <a href="https://perma.cc/AB-12" rel="noopener noreferrer" '
                                    'target="_blank">https://perma.cc/AB-12</a>.'),
    ("javascript:alert(1) <b>", "javascript:alert(1) &lt;b&gt;"),  # only http(s) becomes a link
    ('http://x.org/?a="><script>', '<a href="http://x.org/?a=" rel="noopener noreferrer" target="_blank">'
                                   'http://x.org/?a=</a>&quot;&gt;&lt;script&gt;'),
])
def test_report_link_urls_escapes_and_links(text, html):
    assert link_urls(text) == html


def test_report_marked_text_marks_labels_and_note_links():
    text = "The <State Council> funds chips."
    html = marked_text(text, [Mark(4, 19, "entities", "GOV"), Mark(26, 31, "technologies", "TECH")],
                       [(10, "3", "fn3"), (32, "4", "")])
    assert html == ('The <mark class="entities" title="entities">&lt;State Council&gt;<span class="label">GOV</span>'
                    '</mark><sup class="note"><a href="#cit-fn3">3</a></sup> funds <mark class="technologies" '
                    'title="technologies">chips<span class="label">TECH</span></mark>.<sup class="note">4</sup>')


def test_report_marked_text_without_marks_is_escaped_text():
    assert marked_text("a < b", []) == "a &lt; b"


def test_report_bar_chart_is_inline_svg():
    svg = bar_chart([("2006-2012", 4), ("2020-present", 8)], "phases")
    assert svg.startswith("<svg") and svg.count("<rect") == 2 and "<script" not in svg
    assert 'width="360"' in svg and 'width="180"' in svg  # bars scale with the counts
    assert "classifier has not run" in bar_chart([], "phases")


def test_report_data_table_escapes_all_but_raw_columns():
    html = data_table(["a", "b"], [["<i>", "<b>x</b>"]], raw_columns=frozenset({1}))
    assert "<td>&lt;i&gt;</td><td><b>x</b></td>" in html


def test_report_page_name_is_a_safe_file_name():
    assert page_name("a b/../c") == "doc-a_b_.._c-0e3f70c6.html"
    assert page_name("a_b") == "doc-a_b.html"


def test_report_page_names_of_ids_that_sanitise_alike_differ():
    assert page_name("a b") == "doc-a_b-c8687a08.html" != page_name("a_b")


def _hostile_document() -> Document:
    doc = Document(doc_id="hostile", path="hostile.pdf", n_pages=1)
    doc.passages = [Passage("hostile", "hostile:0001", 1, (0, 0, 1, 1), "body",
                            'Beware <script>alert("x")</script> & <img src=x onerror=alert(1)>.',
                            markers=[NoteMarker("hostile", "hostile:0001", "1", 5, 1, "fn1")])]
    doc.notes = [Note("hostile", "fn1", "footnote", "1", '<b>bold</b> see https://example.org/a?b=1"x', 1,
                      (0, 0, 1, 1), urls=["https://example.org/a?b=1"])]
    return doc


def test_report_escapes_every_text(tmp_path):
    write_outputs(tmp_path, [_hostile_document()], {"run_id": "test"}, set())
    index = write_report(tmp_path)
    page = (index.parent / "doc-hostile.html").read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]*>", page) == ['<script src="tables.js" defer>']  # the report's own, no other
    assert "<img" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert '<sup class="note"><a href="#cit-fn1">1</a></sup>' in page and '<li id="cit-fn1">' in page
    assert '<a href="https://example.org/a?b=1"' in page


def test_report_cli_fails_in_one_line_without_outputs(tmp_path):
    result = CliRunner().invoke(cli, ["report", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path} holds no documents.csv: give the --out folder of a `pipeline run`\n"


@pytest.fixture(scope="module")
def paper_report(tmp_path_factory, paper):
    out = tmp_path_factory.mktemp("paper_report")
    write_outputs(out, [paper], {"run_id": "test"}, set())
    compare_outputs(out)
    write_report(out)
    return out / "report"


def test_report_index_lists_documents_with_figures(paper_report, paper):
    index = (paper_report / "index.html").read_text(encoding="utf-8")
    assert f'<a href="doc-{PAPER_ID}.html">{PAPER_ID}</a>' in index
    row = index.split(f"doc-{PAPER_ID}.html", 1)[1].split("</tr>", 1)[0]
    assert f'<td class="num">{len(paper.passages)}</td>' in row  # passages
    assert '<td class="num">21</td><td>ok</td>' in row  # pages and status
    assert (paper_report / "style.css").is_file()


def test_report_document_page_highlights_and_compares(paper_report):
    page = (paper_report / f"doc-{PAPER_ID}.html").read_text(encoding="utf-8")
    assert re.search(r'<mark class="technologies" title="technologies">integrated circuits<span class="label">'
                     r"TECH</span></mark>", page)
    assert re.search(r'<mark class="entities" title="entities">[^<]+<span class="label">ORG</span>', page)
    assert "Table 3: 35 core technologies listed by Science and Technology Daily" in page
    assert '<p class="coverage">2 of 35 items also named in the text</p>' in page
    assert '<td class="found">Integrated Circuits</td>' in page and '<td class="missing">Lithography</td>' in page
    assert '<ol class="citations">' in page and 'id="cit-' in page
    head = page.split("<main>", 1)[0]
    # nothing from the network: one stylesheet and one script, both beside the page
    assert re.findall(r"<script[^>]*>", page) == ['<script src="tables.js" defer>']
    assert 'href="style.css"' in head and "http" not in head
    assert (paper_report / "tables.js").read_text(encoding="utf-8").count("http") == 0


def test_report_document_page_has_extraction_tables_linked_to_passages_and_pages(paper_report, paper):
    page = (paper_report / f"doc-{PAPER_ID}.html").read_text(encoding="utf-8")
    nav = page.split('<nav class="sections">', 1)[1].split("</nav>", 1)[0]
    assert [h for h in re.findall(r'href="#([a-z]+)"', nav)] == [
        "phases", "money", "percentages", "technologies", "organisations", "tables", "extra", "text", "notes"]
    tech = page.split('<h2 id="technologies">', 1)[1].split("<h2", 1)[0]
    assert '<input class="filter" type="search" placeholder="filter rows" data-table="technologies-table">' in tech
    assert f'data-name="{PAPER_ID}.technologies.csv">CSV</button>' in tech
    first = re.search(r'<tr><td><a href="#p-([^"]+)">(\d+)</a></td><td class="num" data-sort="(\d+)">', tech)
    passage = next(p for p in paper.passages if p.passage_id == first.group(1))
    assert first.group(2) == passage.passage_id.rsplit(":", 1)[1] and int(first.group(3)) == passage.page
    assert f'id="p-{passage.passage_id}"' in page  # the link lands on the passage in the text
    orgs = page.split('<h2 id="organisations">', 1)[1].split("<h2", 1)[0]
    assert "<td>ORG</td>" in orgs and "<td>PERSON</td>" not in orgs
    assert '<input type="checkbox" checked data-kind="money">' in page


def test_report_on_the_sample_corpus(tmp_path):
    out = tmp_path / "out"
    run = CliRunner().invoke(cli, ["run", str(CORPUS), "--out", str(out)])
    assert run.exit_code == 0, run.output
    assert "research_note_mic2025 Table 1: 3 of 15 items also named in the text" in run.output
    result = CliRunner().invoke(cli, ["report", str(out)])
    assert result.exit_code == 0 and result.output == f"report: {out / 'report' / 'index.html'}\n"
    brief = (out / "report" / "doc-brief_semiconductor_finance.html").read_text(encoding="utf-8")
    money = brief.split('<h2 id="money">', 1)[1].split("<h2", 1)[0]
    assert re.search(r'<td class="num" data-sort="138700000000\.0">138\.7 bn CNY</td>', money)
    pdf = re.search(r'<a href="([^"#]+)#page=1">1</a>', money).group(1)
    assert ((out / "report") / pdf).resolve() == (CORPUS / "brief_semiconductor_finance.pdf").resolve()
    pages = sorted(p.name for p in (out / "report").glob("doc-*.html"))
    assert pages == [f"doc-{p.stem}.html" for p in sorted(CORPUS.glob("*.pdf"))]
    note = (out / "report" / "doc-research_note_mic2025.html").read_text(encoding="utf-8")
    assert '<td class="found">138.7</td>' in note and '<td class="missing">22.6</td>' in note
