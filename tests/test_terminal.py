"""Document text and file names are untrusted: printed, they must never restyle or drive the terminal.

Each test builds its hostile PDF or file name itself and asserts on the exact bytes the CLI printed.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.inspect import Mark, frame_table, labelled_text
from pipeline.terminal import printable
from rich.console import Console

from .pdfbytes import page_pdf, text_content, tounicode_pdf

FILLER = [f"Line {n}: the plan funds research programmes in {2010 + n}." for n in range(6)]
# What a terminal would obey: ESC, the C1 CSI and OSC introducers, bidi overrides and isolates.
DANGEROUS = ("\x1b", "\x9b", "\x9d", "\u202e", "\u2066")


def _cli(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result, result.stdout + result.stderr


def _assert_inert(printed: str) -> None:
    for ch in DANGEROUS:
        assert ch not in printed, f"{ch!r} reached the terminal"


def test_printable_shows_controls_and_bidi_overrides_as_placeholders():
    assert printable("a\x1b[2Jb") == "a\u241b[2Jb"  # ESC as its control picture
    assert printable("x\u202ey\u2066z") == "x\\u202ey\\u2066z"
    assert printable("osc\x9d8;;u\x07") == "osc\\u009d8;;u\u2407"
    assert printable("tab\tand\nnewline\x7f") == "tab\tand\nnewline\\u007f"
    assert printable("[bold]not markup[/]") == "[bold]not markup[/]"


def test_printable_keeps_json_valid():
    text = json.dumps({"t": "a\u202eb\x9bc\x7fd\x1be"}, ensure_ascii=False)
    assert json.loads(printable(text)) == {"t": "a\u202eb\x9bc\x7fd\x1be"}


def test_rich_views_show_markup_literally():
    console = Console(width=200, record=True, color_system=None)
    console.print(labelled_text("[/] the [link=https://evil.example]State Council[/link]",
                                [Mark(35, 48, "entities", "ORG")]))
    console.print(frame_table(pd.DataFrame({"text": ["[bold red]x[/bold red]", "[/]"]}), title="[/] title"))
    shown = console.export_text()
    assert "[/] the [link=https://evil.example]State Council ORG[/link]" in shown
    assert "[bold red]x[/bold red]" in shown and "[/] title" in shown


@pytest.fixture(scope="module")
def markup_out(tmp_path_factory):
    root = tmp_path_factory.mktemp("markup")
    (root / "in").mkdir()
    lines = ["Rich markup [/] closing tag and [bold red]styled[/bold red] words here.",
             "[link=https://evil.example]click me[/link] and more words.", *FILLER]
    (root / "in" / "markup.pdf").write_bytes(page_pdf(text_content(lines)))
    result, printed = _cli("run", str(root / "in"), "--out", str(root / "out"), "--no-extract")
    assert result.exit_code == 0, printed
    return root / "out"


def test_inspect_passage_prints_markup_text_literally(markup_out):
    result, printed = _cli("inspect", str(markup_out), "--doc", "markup", "--passage", "1")
    assert result.exit_code == 0, printed
    assert "Rich markup [/] closing tag and [bold red]styled[/bold red] words here." in result.stdout
    assert "[link=https://evil.example]click me[/link]" in result.stdout
    _assert_inert(printed)


def test_inspect_tables_print_markup_text_without_crashing(markup_out):
    result, printed = _cli("inspect", str(markup_out), "passages", "--doc", "markup", "--limit", "3")
    assert result.exit_code == 0, printed
    assert "[/]" in result.stdout and "[bold" in result.stdout
    result, printed = _cli("inspect", str(markup_out))
    assert result.exit_code == 0 and "passages" in result.stdout


def test_unknown_passage_error_shows_the_id_literally(markup_out):
    result, printed = _cli("inspect", str(markup_out), "--doc", "markup", "--passage", "[/]\x1b[2J")
    assert result.exit_code == 1
    assert "no passage '[/]\\x1b[2J'" in result.stderr
    _assert_inert(printed)


@pytest.fixture(scope="module")
def escape_out(tmp_path_factory):
    """A text layer whose ToUnicode map sends glyphs to ESC, C1 OSC, BEL and a bidi override."""
    root = tmp_path_factory.mktemp("escape")
    (root / "in").mkdir()
    mapping = {0x41: "\x1b", 0x42: "\x9d", 0x43: "\x07", 0x44: "\u202e"}
    lines = ["ACLEAR A[2J screen and B8;;http://evil.example C link", "reversed D here", *FILLER]
    (root / "in" / "esc.pdf").write_bytes(tounicode_pdf(mapping, lines))
    result, printed = _cli("run", str(root / "in"), "--out", str(root / "out"), "--no-extract")
    assert result.exit_code == 0, printed
    _assert_inert(printed)
    return root / "out"


def test_ingest_drops_control_characters_and_records_the_problem(escape_out):
    passages = pd.read_csv(escape_out / "passages.csv", keep_default_na=False)
    text = " ".join(passages.text)
    assert "[2J screen" in text and "8;;http://evil.example" in text
    assert not any(ch in text for ch in "\x1b\x9d\x07")
    assert "reversed \u202e here" in text  # bidi marks are text: stored as extracted
    problems = pd.read_csv(escape_out / "problems.csv", keep_default_na=False)
    row = problems[problems.category == "control_chars"].iloc[0]
    assert row.doc_id == "esc" and row.page == 1
    assert row.message == "page 1: 6 control characters of the text layer dropped"
    docs = pd.read_csv(escape_out / "documents.csv")
    assert docs.status.tolist() == ["partial"]  # every problem makes a document partial, to be looked at
    assert docs.error.tolist() == ["page 1: 6 control characters of the text layer dropped"]


@pytest.mark.parametrize("view", [["passages", "--doc", "esc"], ["--doc", "esc", "--passage", "1"],
                                  ["problems"], []])
def test_inspect_views_never_print_an_escape(escape_out, view):
    result, printed = _cli("inspect", str(escape_out), *view)
    assert result.exit_code == 0, printed
    _assert_inert(printed)


def test_inspect_shows_a_bidi_override_as_a_placeholder(escape_out):
    result, _ = _cli("inspect", str(escape_out), "--doc", "esc", "--passage", "1")
    assert "reversed \\u202e here" in result.stdout


def test_report_and_parse_of_hostile_text_print_no_escape(escape_out, tmp_path):
    result, printed = _cli("report", str(escape_out))
    assert result.exit_code == 0 and "report:" in result.stdout
    _assert_inert(printed)
    pdf = tmp_path / "esc.pdf"
    pdf.write_bytes(tounicode_pdf({0x41: "\u202e", 0x42: "\u2066"}, ["A flipped B text here", *FILLER]))
    for args in (["parse", str(pdf)], ["parse", str(pdf), "--json"]):
        result, printed = _cli(*args)
        assert result.exit_code == 0, printed
        _assert_inert(printed)
    assert "\\u202e flipped \\u2066 text" in json.dumps(json.loads(result.stdout))


def test_hostile_file_names_are_printed_literally(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    names = ["a\x1b[2Jb.pdf", "c\u202ed[bold].pdf", "[link=mailto:x@evil.example]x.pdf"]
    for name in names:
        (folder / name).write_bytes(b"not a pdf at all")
    result, printed = _cli("run", str(folder), "--out", str(tmp_path / "out"), "--no-extract")
    assert result.exit_code == 1
    _assert_inert(printed)
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed:")]
    assert len(failed) == 3
    assert any("[link=mailto:x@evil.example]x.pdf" in line for line in failed)
    assert any("a\\x1b[2Jb.pdf" in line for line in failed)
