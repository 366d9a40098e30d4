"""Tests for pipeline/stages/write.py (and the tabulate stage it runs): the output folder, end to end."""
from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline import __version__
from pipeline.model import Document, Figure, Note, NoteMarker, Passage, PassageKind, Problem, Status, Table
from pipeline.schemas import SCHEMAS
from pipeline.stages.tabulate import tabulate
from pipeline.stages.write import (
    PreviousDoc,
    load_previous,
    merge,
    previous_hashes,
    write_duckdb,
    write_outputs,
)

RUN1 = {"run_id": "run1", "started_at": "2025-01-01T10:00:00+00:00", "settings": {"strict": False, "pages": 50}}
RUN2 = {"run_id": "run2", "started_at": "2025-01-02T10:00:00+00:00", "settings": {"strict": True}}


def make_doc_a() -> Document:
    """Two pages: a heading, a body passage running onto page 2 with a footnote marker, a footnote, a table."""
    marker = NoteMarker("a", "a-p2", "1", offset=17, page=1, citation_id="a-fn1")
    return Document(
        doc_id="a",
        path="corpus/a.pdf",
        sha256="aaa111",
        n_pages=2,
        status=Status.PARTIAL,
        seconds=1.23456,
        metadata={"title": "Grid Policy 2030"},
        passages=[
            Passage("a", "a-p1", 1, (72.0, 90.0, 540.0, 110.0), PassageKind.HEADING, "1. Introduction"),
            Passage("a", "a-p2", 1, (72.004, 120.5, 540.0, 700.0), "body",
                    'Grids need money, "now", and NA plans.', section="1. Introduction", pages=[1, 2],
                    markers=[marker]),
            Passage("a", "a-p3", 2, (72.0, 720.0, 540.0, 740.0), "footnote", "1 IEA, World Energy Outlook."),
        ],
        notes=[Note("a", "a-fn1", "footnote", "1", "IEA, World Energy Outlook.", 2, (72.0, 720.0, 540.0, 740.0))],
        tables=[Table("a", "table1", "Table 1: Costs", 2, (72.0, 100.0, 540.0, 300.0),
                      rows=[["Item", "Cost, USD"], ["Solar", '1,200 "est."'], ["Wind", ""]])],
        figures=[Figure("a", "figure1", "Figure 1: Map", 2, (72.0, 320.0, 540.0, 600.0))],
        problems=[Problem("parse", "page_error", "Page 2 has an unreadable font; text may be missing.", "a", 2)],
    )


def make_doc_b() -> Document:
    """One page with a body passage and a bibliography entry; no tables."""
    return Document(
        doc_id="b",
        path="corpus/b.pdf",
        sha256="bbb222",
        n_pages=1,
        passages=[Passage("b", "b-p1", 1, (50.0, 60.0, 500.0, 80.0), "body", "Storage matters.")],
        notes=[Note("b", "b-bib1", "bibliography", "", "Smith, J. (2020). Storage.", 1, (50.0, 90.0, 500.0, 100.0))],
    )


def make_doc_a_changed() -> Document:
    """Doc a after an edit: one passage, no table, no notes."""
    return Document(
        doc_id="a", path="corpus/a.pdf", sha256="aaa999", n_pages=1,
        passages=[Passage("a", "a-p1", 1, (72.0, 90.0, 540.0, 110.0), "body", "Rewritten.")],
    )


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An output folder after one run over docs a and b."""
    folder = tmp_path / "out"
    write_outputs(folder, [make_doc_a(), make_doc_b()], RUN1, set())
    return folder


def read_rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def query(out: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(out / "pipeline.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_write_outputs_returns_rows_per_table(tmp_path):
    counts = write_outputs(tmp_path / "out", [make_doc_a(), make_doc_b()], RUN1, set())
    nonzero = {"documents": 2, "passages": 4, "citations": 2, "note_markers": 1, "tables": 1,
               "figures": 1, "problems": 1, "runs": 1}
    assert counts == {name: nonzero.get(name, 0) for name in SCHEMAS}


def test_write_outputs_files(out):
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{n}.csv" for n in SCHEMAS] + ["pipeline.duckdb", "run.json", "tables"])
    assert [p.name for p in (out / "tables").iterdir()] == ["a.table1.csv"]


@pytest.mark.parametrize("name", SCHEMAS)
def test_write_csv_header_is_schema_order(out, name):
    with open(out / f"{name}.csv", encoding="utf-8", newline="") as f:
        assert next(csv.reader(f)) == SCHEMAS[name].names


def test_write_documents_csv_values(out):
    a, b = read_rows(out / "documents.csv")
    assert a["doc_id"] == "a"
    assert a["path"] == "corpus/a.pdf"
    assert a["sha256"] == "aaa111"
    assert a["pages"] == "2"
    assert a["status"] == "partial"
    assert a["error"] == ""
    assert a["seconds"] == "1.235"
    assert a["title"] == "Grid Policy 2030"
    assert (a["n_passages"], a["n_notes"], a["n_tables"], a["n_figures"], a["n_problems"]) == ("3", "1", "1", "1", "1")
    assert a["run_id"] == "run1"
    assert a["parsed_at"].endswith("+00:00")
    assert (b["doc_id"], b["status"], b["title"], b["n_tables"]) == ("b", "ok", "", "0")


def test_write_passages_csv_values(out):
    rows = read_rows(out / "passages.csv")
    assert [(r["doc_id"], r["passage_id"]) for r in rows] == [("a", "a-p1"), ("a", "a-p2"), ("a", "a-p3"),
                                                               ("b", "b-p1")]
    heading, body = rows[0], rows[1]
    assert heading["kind"] == "heading"  # a PassageKind enum comes out as its value
    assert heading["pages"] == "1"
    assert body == {
        "doc_id": "a", "passage_id": "a-p2", "page": "1", "section": "1. Introduction", "kind": "body",
        "text": 'Grids need money, "now", and NA plans.', "phase": "", "phase_score": "",
        "x0": "72.0", "top": "120.5", "x1": "540.0", "bottom": "700.0", "pages": "1;2",
    }


def test_write_citations_and_note_markers_csv_values(out):
    fn, bib = read_rows(out / "citations.csv")
    assert fn == {"doc_id": "a", "citation_id": "a-fn1", "kind": "footnote", "marker": "1",
                  "raw": "IEA, World Energy Outlook.", "page": "2",
                  **{name: "" for name in SCHEMAS["citations"].names[6:]}}
    assert (bib["citation_id"], bib["kind"], bib["marker"]) == ("b-bib1", "bibliography", "")
    assert read_rows(out / "note_markers.csv") == [
        {"doc_id": "a", "passage_id": "a-p2", "marker": "1", "citation_id": "a-fn1", "page": "1", "offset": "17"}
    ]


def test_write_tables_figures_problems_csv_values(out):
    assert read_rows(out / "tables.csv") == [
        {"doc_id": "a", "table_id": "table1", "caption": "Table 1: Costs", "page": "2", "n_rows": "3",
         "n_cols": "2", "csv_path": "tables/a.table1.csv", "pages": "2"}
    ]
    assert read_rows(out / "figures.csv") == [
        {"doc_id": "a", "figure_id": "figure1", "caption": "Figure 1: Map", "page": "2"}
    ]
    assert read_rows(out / "problems.csv") == [
        {"doc_id": "a", "stage": "parse", "category": "page_error", "page": "2",
         "message": "Page 2 has an unreadable font; text may be missing."}
    ]


def test_write_runs_csv_values(out):
    (run,) = read_rows(out / "runs.csv")
    assert run["run_id"] == "run1"
    assert run["started_at"] == "2025-01-01T10:00:00+00:00"
    assert run["package_version"] == __version__
    assert (run["n_documents"], run["n_ok"], run["n_partial"], run["n_failed"], run["n_skipped"]) == (
        "2", "1", "1", "0", "0")
    assert json.loads(run["settings"]) == {"pages": 50, "strict": False}


def test_write_table_cells_csv_is_rows_as_extracted(out):
    text = (out / "tables" / "a.table1.csv").read_text(encoding="utf-8")
    assert text == 'Item,"Cost, USD"\nSolar,"1,200 ""est."""\nWind,\n'


def test_write_sets_table_csv_path_on_model(tmp_path):
    doc = make_doc_a()
    write_outputs(tmp_path, [doc], RUN1, set())
    assert doc.tables[0].csv_path == "tables/a.table1.csv"


def test_write_duckdb_queries(out):
    assert query(out, "SELECT count(*) FROM passages WHERE doc_id = 'a'") == [(3,)]
    assert query(out, "SELECT count(*) FROM passages WHERE doc_id = 'b'") == [(1,)]
    assert query(out, "SELECT page, pages FROM passages WHERE passage_id = 'a-p2'") == [(1, "1;2")]
    assert query(out, "SELECT table_id, n_rows FROM tables") == [("table1", 3)]
    assert query(out, "SELECT title FROM documents WHERE error IS NULL ORDER BY doc_id") == [
        ("Grid Policy 2030",), (None,)]
    assert query(out, """SELECT p.text FROM note_markers m
                         JOIN citations c USING (doc_id, citation_id)
                         JOIN passages p USING (doc_id, passage_id)
                         WHERE c.raw LIKE 'IEA%'""") == [('Grids need money, "now", and NA plans.',)]


def test_write_duckdb_column_types_follow_schema(out):
    types = dict(query(out, "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'passages'"))
    assert types["page"] == "BIGINT"
    assert types["phase_score"] == "DOUBLE"
    assert types["text"] == "VARCHAR"
    assert query(out, "SELECT typeof(page), typeof(x0) FROM passages LIMIT 1") == [("BIGINT", "DOUBLE")]
    columns = query(out, """SELECT table_name, column_name FROM duckdb_columns()
                            WHERE NOT internal ORDER BY table_name, column_index""")
    for name, schema in SCHEMAS.items():
        assert [c for t, c in columns if t == name] == schema.names


def test_write_duckdb_carries_descriptions(out):
    assert query(out, "SELECT comment FROM duckdb_tables() WHERE table_name = 'runs'") == [
        (SCHEMAS["runs"].description,)]
    assert query(out, """SELECT comment FROM duckdb_columns()
                         WHERE table_name = 'passages' AND column_name = 'page'""") == [
        ("Page (1-based) where the passage starts.",)]


def test_write_duckdb_enforces_required_columns(out):
    with duckdb.connect(str(out / "pipeline.duckdb")) as con, pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO figures VALUES ('c', NULL, NULL, 1)")


def test_write_run_json(out):
    info = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert info["run_id"] == "run1"
    assert info["package_version"] == __version__
    assert info["settings"] == {"strict": False, "pages": 50}
    assert info["n_partial"] == 1
    assert info["rows"]["passages"] == 4
    assert set(info["rows"]) == set(SCHEMAS)


def test_write_leaves_no_temporary_files(out):
    write_outputs(out, [make_doc_a_changed()], RUN2, set())
    leftovers = [p.name for p in out.rglob("*") if p.name.startswith(".") or p.suffix in {".tmp", ".wal"}]
    assert leftovers == []


def test_write_rerun_replaces_changed_doc_and_keeps_others(out):
    write_outputs(out, [make_doc_a_changed()], RUN2, set())
    assert query(out, "SELECT doc_id, passage_id, text FROM passages ORDER BY doc_id, passage_id") == [
        ("a", "a-p1", "Rewritten."), ("b", "b-p1", "Storage matters.")]
    assert query(out, "SELECT doc_id, sha256, run_id FROM documents ORDER BY doc_id") == [
        ("a", "aaa999", "run2"), ("b", "bbb222", "run1")]
    assert query(out, "SELECT count(*) FROM citations WHERE doc_id = 'a'") == [(0,)]
    assert query(out, "SELECT count(*) FROM note_markers") == [(0,)]
    assert query(out, "SELECT count(*) FROM problems") == [(0,)]
    assert query(out, "SELECT run_id FROM runs ORDER BY started_at") == [("run1",), ("run2",)]
    assert [r["passage_id"] for r in read_rows(out / "passages.csv")] == ["a-p1", "b-p1"]


def test_write_rerun_of_same_docs_does_not_duplicate(out):
    counts = write_outputs(out, [make_doc_a(), make_doc_b()], RUN2, set())
    assert counts["passages"] == 4
    assert query(out, "SELECT count(*), count(DISTINCT (doc_id, passage_id)) FROM passages") == [(4, 4)]
    assert counts["runs"] == 2


def test_write_rerun_removes_stale_table_cells(out):
    write_outputs(out, [make_doc_a_changed()], RUN2, set())
    assert list((out / "tables").iterdir()) == []
    assert read_rows(out / "tables.csv") == []


def test_write_rerun_keeps_rows_of_skipped_docs(out):
    skipped = Document(doc_id="b", path="corpus/b.pdf", sha256="bbb222", status=Status.SKIPPED)
    counts = write_outputs(out, [make_doc_a_changed(), skipped], RUN2, set())
    assert counts["citations"] == 1
    assert query(out, "SELECT doc_id, status FROM documents ORDER BY doc_id") == [("a", "ok"), ("b", "ok")]
    assert query(out, "SELECT n_documents, n_ok, n_skipped FROM runs WHERE run_id = 'run2'") == [(2, 1, 1)]


def test_write_replaced_doc_ids_drop_docs_not_in_run(out):
    write_outputs(out, [], RUN2, {"b"})
    assert query(out, "SELECT DISTINCT doc_id FROM passages") == [("a",)]
    assert query(out, "SELECT doc_id FROM documents") == [("a",)]
    assert (out / "tables" / "a.table1.csv").exists()


def test_write_stale_cleanup_stays_inside_tables_folder(out):
    outside = out.parent / "keep.csv"
    outside.write_text("x\n", encoding="utf-8")
    tables = pd.read_csv(out / "tables.csv", dtype=str)
    tables.loc[0, "csv_path"] = "../keep.csv"
    tables.to_csv(out / "tables.csv", index=False)
    write_outputs(out, [make_doc_a_changed()], RUN2, set())
    assert outside.exists()


def test_load_previous_round_trips_dtypes_and_values(out):
    new = tabulate([make_doc_a(), make_doc_b()], RUN1)
    previous = load_previous(out)
    assert set(previous) == set(SCHEMAS)
    for name in ("passages", "citations", "note_markers", "figures", "problems"):
        pd.testing.assert_frame_equal(previous[name], new[name])
    # Text that pandas would read as missing by default stays text.
    assert previous["passages"].loc[1, "text"] == 'Grids need money, "now", and NA plans.'


def test_load_previous_of_empty_folder(tmp_path):
    assert load_previous(tmp_path) == {}
    assert previous_hashes(tmp_path) == {}


def test_previous_hashes(out):
    assert previous_hashes(out) == {
        "a": PreviousDoc("aaa111", "partial", "corpus/a.pdf"),
        "b": PreviousDoc("bbb222", "ok", "corpus/b.pdf"),
    }
    assert previous_hashes(out)["a"].sha256 == "aaa111"


def test_merge_drops_every_row_of_new_docs_even_when_they_shrink():
    previous = tabulate([make_doc_a(), make_doc_b()], RUN1)
    new = tabulate([make_doc_a_changed()], RUN2)
    merged = merge(previous, new, set())
    assert merged["passages"]["passage_id"].tolist() == ["a-p1", "b-p1"]
    assert merged["citations"]["citation_id"].tolist() == ["b-bib1"]
    assert merged["runs"]["run_id"].tolist() == ["run1", "run2"]
    assert list(merged) == list(SCHEMAS)


def test_merge_orders_by_doc_and_keeps_order_within_doc():
    previous = tabulate([make_doc_b()], RUN1)
    new = tabulate([make_doc_a()], RUN2)
    merged = merge(previous, new, set())
    assert merged["passages"]["passage_id"].tolist() == ["a-p1", "a-p2", "a-p3", "b-p1"]


def test_write_failed_database_build_keeps_old_database(out):
    before = (out / "pipeline.duckdb").read_bytes()
    with pytest.raises(KeyError):
        write_duckdb(out / "pipeline.duckdb", {"no_such_table": pd.DataFrame()})
    assert (out / "pipeline.duckdb").read_bytes() == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def _leave_stale_wal(db: Path) -> None:
    """What a writer SIGKILLed after a commit leaves: the change in pipeline.duckdb.wal, never checkpointed."""
    code = ("import duckdb, os, sys\ncon = duckdb.connect(sys.argv[1])\ncon.execute(\"SET checkpoint_threshold='1TB'\")\n"
            "con.execute('DROP TABLE IF EXISTS comparison')\ncon.execute('CREATE TABLE comparison AS SELECT 1 AS x')\n"
            "os._exit(0)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    subprocess.run([sys.executable, "-c", code, str(db)], check=True, env=env)
    assert Path(f"{db}.wal").exists()


def test_write_duckdb_a_wal_left_by_a_killed_writer_does_not_break_the_next_database(tmp_path):
    db = tmp_path / "pipeline.duckdb"
    tables = tabulate([make_doc_a()])
    write_duckdb(db, {"documents": tables["documents"]})
    _leave_stale_wal(db)
    write_duckdb(db, {"documents": tables["documents"], "passages": tables["passages"]})
    assert not Path(f"{db}.wal").exists()
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM passages").fetchone()[0] == len(tables["passages"])
        assert con.execute("SELECT doc_id FROM documents").fetchone()[0] == "a"
    finally:
        con.close()


def test_compare_update_of_the_database_survives_a_stale_wal(tmp_path):
    from pipeline.compare.outputs import write as write_comparison

    tables = tabulate([make_doc_a()])
    write_duckdb(tmp_path / "pipeline.duckdb", {"documents": tables["documents"]})
    _leave_stale_wal(tmp_path / "pipeline.duckdb")
    write_comparison(tmp_path, {"comparison": pd.DataFrame(columns=SCHEMAS["comparison"].names)})
    con = duckdb.connect(str(tmp_path / "pipeline.duckdb"), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM comparison").fetchone()[0] == 0
        assert con.execute("SELECT doc_id FROM documents").fetchone()[0] == "a"
    finally:
        con.close()
