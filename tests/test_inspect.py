"""Tests for pipeline/inspect.py and `pipeline inspect`: tables and row counts, filtered rows, one passage."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.compare import compare_outputs
from pipeline.inspect import Mark, find_marks, labelled_text, passage_view, query, resolve_doc
from pipeline.reader import table_counts
from pipeline.stages.write import write_outputs

from .conftest import CORPUS

PAPER_ID = "naughton-2023-trajectory-industrial-policy"
BRIEF_ID = "luong-2022-financing-tech-self-reliance"


@pytest.mark.parametrize(("text", "mentions", "marks"), [
    ("China and China", [("China", "entities", "GPE"), ("China", "entities", "GPE")],
     [Mark(0, 5, "entities", "GPE"), Mark(10, 15, "entities", "GPE")]),  # each mention after the last
    ("the State Council said", [("State", "entities", "ORG"), ("State Council", "entities", "GOV")],
     [Mark(4, 17, "entities", "GOV")]),  # overlaps: the longer one stays
    ("RMB 5 billion for chips", [("RMB 5 billion", "money", "CNY"), ("chips", "technologies", "TECH")],
     [Mark(0, 13, "money", "CNY"), Mark(18, 23, "technologies", "TECH")]),
    ("no such words", [("lidar", "technologies", "TECH"), ("", "entities", "ORG")], []),
])
def test_inspect_find_marks_in_text_order_without_overlaps(text, mentions, marks):
    assert find_marks(text, mentions) == marks


def test_inspect_labelled_text_puts_label_after_mark():
    text = labelled_text("The State Council met.", [Mark(4, 17, "entities", "GOV")])
    assert text.plain == "The State Council GOV met."
    assert any(span.start == 4 and span.end == 17 for span in text.spans)


@pytest.fixture(scope="module")
def seeds_out(tmp_path_factory, paper, brief):
    out = tmp_path_factory.mktemp("seeds_out")
    write_outputs(out, [paper, brief], {"run_id": "test"}, set())
    compare_outputs(out)
    return out


def test_inspect_table_counts_list_every_written_table(seeds_out):
    counts = dict(table_counts(seeds_out))
    assert counts["documents"] == 2 and counts["tables"] == 6
    assert counts["comparison"] >= 150 and counts["passages"] > 300


@pytest.mark.parametrize(("table", "doc", "where", "limit", "expect"), [
    ("tables", PAPER_ID, "n_rows > 30", 20, ["table3", "table6"]),
    ("tables", None, "table_id = 'table2'", 20, ["table2"]),
    ("tables", PAPER_ID, None, 2, ["table1", "table2"]),
    ("comparison", PAPER_ID, "found_in_text AND table_id = 'table3'", 20, ["table3", "table3"]),
])
def test_inspect_query_filters_by_doc_where_and_limit(seeds_out, table, doc, where, limit, expect):
    rows = query(seeds_out, table, doc=doc, where=where, limit=limit)
    assert list(rows["table_id"]) == expect


def test_inspect_query_shows_one_tables_cells(seeds_out):
    cells = query(seeds_out, "table3", doc=PAPER_ID, limit=3)
    assert cells.values.tolist() == [["Number", "Core Technology"], ["1", "Lithography"], ["2", "Integrated Circuits"]]


@pytest.mark.parametrize(("table", "where", "message"), [
    ("tables", "no_such_column = 1", "bad --where 'no_such_column = 1': Binder Error"),
    ("tables", "n_rows >", "bad --where 'n_rows >': Parser Error"),
    ("nosuch", None, "no table 'nosuch': name an output table"),
])
def test_inspect_query_errors_are_one_line(seeds_out, table, where, message):
    with pytest.raises(ValueError) as err:
        query(seeds_out, table, where=where)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


@pytest.mark.parametrize("where, message", [
    # a second statement after the condition
    ("1=1); COPY (SELECT 1) TO 'leak.csv'; SELECT * FROM frame WHERE (1=1",
     "a condition on the table's columns, not 3 statements"),
    # reading a file, or listing a folder, from inside the condition
    ("1=1) UNION ALL SELECT * FROM read_csv('/etc/passwd') --", "file system operations are disabled"),
    ("page IN (SELECT count(*) FROM glob('/*'))", "file system operations are disabled"),
])
def test_inspect_where_reads_only_the_table(seeds_out, where, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError) as err:
        query(seeds_out, "tables", where=where)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert not (tmp_path / "leak.csv").exists()


def test_inspect_passage_view_shows_notes_of_markers(seeds_out, brief):
    passage = next(p for p in brief.passages if p.kind == "body" and p.markers)
    row, text, notes = passage_view(seeds_out, BRIEF_ID, passage.passage_id)
    assert text.plain.startswith("In 2018 DATE, Chinese NORP leader Xi Jinping PERSON declared")
    assert list(notes["marker"]) == [m.marker for m in passage.markers]
    assert notes["raw"].notna().all()


def test_inspect_passage_view_unknown_passage(seeds_out):
    with pytest.raises(ValueError, match="no passage '9999' in document"):
        passage_view(seeds_out, BRIEF_ID, "9999")


def test_inspect_cli_lists_tables_with_row_counts(seeds_out):
    result = CliRunner().invoke(cli, ["inspect", str(seeds_out)])
    assert result.exit_code == 0, result.output
    assert "comparison_extra" in result.output and "│ tables" in result.output


def test_inspect_cli_filters_rows(seeds_out):
    result = CliRunner().invoke(cli, ["inspect", str(seeds_out), "comparison", "--doc", PAPER_ID,
                                      "--where", "table_id = 'table3' AND found_in_text", "--limit", "5",
                                      "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "Integrated Circuits" in result.output and "Lithography" not in result.output
    assert "comparison: 2 of 2 rows" in result.output


def test_inspect_cli_shows_a_passage_with_its_notes(seeds_out, brief):
    passage = next(p for p in brief.passages if p.kind == "body" and p.markers)
    number = passage.passage_id.rsplit(":", 1)[1]
    result = CliRunner().invoke(cli, ["inspect", str(seeds_out), "--doc", BRIEF_ID, "--passage", number])
    assert result.exit_code == 0, result.output
    assert passage.passage_id in result.output and "notes cited" in result.output


def test_inspect_cli_doc_prefix_and_passage_with_its_document(seeds_out, brief):
    passage = next(p for p in brief.passages if p.kind == "body" and p.markers)
    number = passage.passage_id.rsplit(":", 1)[1]
    result = CliRunner().invoke(cli, ["inspect", str(seeds_out), "--passage", f"{BRIEF_ID[:5]}:{number}"])
    assert result.exit_code == 0, result.output
    assert passage.passage_id in result.output and "notes cited" in result.output
    result = CliRunner().invoke(cli, ["inspect", str(seeds_out), "acronyms", "--doc", PAPER_ID[:8], "--limit", "3",
                                      "--format", "table"])
    assert result.exit_code == 0, result.output
    assert re.search(rf"acronyms: 3 of \d\d rows of {PAPER_ID}", result.output)
    with pytest.raises(ValueError, match=rf"no document 'x' in .*; the documents are {BRIEF_ID}, {PAPER_ID}"):
        resolve_doc(seeds_out, "x")


@pytest.mark.parametrize(("args", "message"), [
    (["comparison", "--where", "nosuch = 1"], "Error: bad --where 'nosuch = 1': Binder Error"),
    (["--passage", "3"], "Error: name the document of passage 3: --passage DOC:3 or --doc DOC (2 documents in"),
    (["money", "--doc", "nosuch"], "Error: no document 'nosuch' in "),
])
def test_inspect_cli_errors_are_one_line(seeds_out, args, message):
    result = CliRunner().invoke(cli, ["inspect", str(seeds_out), *args])
    assert result.exit_code == 1
    assert result.output.startswith(message) and result.output.count("\n") == 1


def test_inspect_cli_prints_csv_when_not_a_terminal_and_other_formats_on_request(seeds_out):
    args = ["inspect", str(seeds_out), "money", "--doc", BRIEF_ID, "--order-by", "amount desc", "--limit", "2"]
    csv_out = CliRunner().invoke(cli, args)
    assert csv_out.exit_code == 0, csv_out.output
    header, first, second = csv_out.output.splitlines()
    assert header.startswith("text,passage_id,page,kind,amount,") and ",x0," not in header and ",start," not in header
    assert float(first.split(",")[4]) >= float(second.split(",")[4])
    rows = json.loads(CliRunner().invoke(cli, [*args, "--format", "json", "--columns", "text,amount,currency"]).output)
    assert list(rows[0]) == ["text", "amount", "currency"] and rows[0]["amount"] >= rows[1]["amount"]
    md = CliRunner().invoke(cli, [*args, "--format", "markdown", "--columns", "currency,amount"]).output.splitlines()
    assert md[:2] == ["| currency | amount |", "| --- | --- |"] and len(md) == 4
    table = CliRunner().invoke(cli, [*args, "--format", "table"]).output
    assert re.search(r"money: 2 of \d+ rows of " + BRIEF_ID, table) and re.search(r"\d (tn|bn) [A-Z]{3} ", table)
    bad = CliRunner().invoke(cli, [*args, "--order-by", "amount; drop table money"])
    assert bad.exit_code == 1 and "bad --order-by" in bad.output


def test_inspect_cli_without_outputs(tmp_path):
    result = CliRunner().invoke(cli, ["inspect", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path} holds no documents.csv: give the --out folder of a `pipeline run`\n"


def test_inspect_cli_on_the_sample_corpus(tmp_path):
    out = tmp_path / "out"
    assert CliRunner().invoke(cli, ["run", str(CORPUS), "--out", str(out)]).exit_code == 0
    result = CliRunner().invoke(cli, ["inspect", str(out), "money", "--doc", "research_note_mic2025",
                                      "--where", "currency = 'CNY'"])
    assert result.exit_code == 0, result.output
    assert "RMB 138.7 billion" in result.output
