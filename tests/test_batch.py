"""Batch runs through the CLI: bad inputs fail alone with a one-line reason, reruns skip or replace."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import click
import duckdb
import pandas as pd
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from reportlab.pdfgen import canvas

from pipeline.batch import run_batch
from pipeline.cli import cli
from pipeline.errors import BadPDFError
from pipeline.model import Status
from pipeline.settings import Settings

from .conftest import CORPUS, SHARED, need

GOOD = sorted(CORPUS.glob("*.pdf"))


@pytest.fixture()
def bad_dir(tmp_path: Path) -> Path:
    """One file for each way a PDF can be unusable, plus one good PDF."""
    d = tmp_path / "bad"
    d.mkdir()
    (d / "not-a-pdf.pdf").write_text("a text file with a .pdf name\n")
    (d / "empty.pdf").write_bytes(b"")
    good = GOOD[0].read_bytes()
    (d / "truncated.pdf").write_bytes(good[: len(good) // 3])
    c = canvas.Canvas(str(d / "encrypted.pdf"), encrypt="secret")
    c.drawString(72, 720, "locked text")
    c.save()
    c = canvas.Canvas(str(d / "scan.pdf"))  # a page with a picture and no text layer
    c.rect(72, 72, 400, 600, fill=1)
    c.save()
    pdfium.PdfDocument.new().save(str(d / "no-pages.pdf"))
    shutil.copy(GOOD[0], d / "good.pdf")
    return d


def test_batch_bad_files_fail_alone_with_one_line_reasons(bad_dir: Path, tmp_path: Path):
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(bad_dir), "--out", str(out)])
    assert result.exit_code == 1
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert docs.loc["good", "status"] == "ok"
    expected = {
        "not-a-pdf": "not a PDF (no %PDF header)",
        "empty": "empty file (0 bytes)",
        "encrypted": "encrypted: the PDF needs a password",
        "scan": "no text layer (a scan?); OCR it first",
        "no-pages": "the PDF has no pages",
    }
    for doc_id, why in expected.items():
        assert docs.loc[doc_id, "status"] == "failed"
        assert docs.loc[doc_id, "error"] == f"{bad_dir / (doc_id + '.pdf')}: {why}"
        assert f"failed: {bad_dir / (doc_id + '.pdf')}: {why}" in result.output
    assert docs.loc["truncated", "error"].startswith(f"{bad_dir / 'truncated.pdf'}: truncated or corrupt PDF")
    problems = pd.read_csv(out / "problems.csv", keep_default_na=False)
    assert set(problems["category"]) == {"not_pdf", "corrupt", "encrypted", "no_text", "no_pages"}
    assert "documents: 7 (1 ok, 0 partial, 6 failed, 0 skipped as unchanged)" in result.output
    passages = pd.read_csv(out / "passages.csv")
    assert set(passages["doc_id"]) == {"good"}


def test_batch_strict_mode_raises_on_the_first_bad_file(bad_dir: Path, tmp_path: Path):
    with pytest.raises(BadPDFError):
        run_batch([bad_dir / "encrypted.pdf"], Settings(out=tmp_path / "out", strict=True))
    result = CliRunner().invoke(cli, ["run", str(bad_dir / "scan.pdf"), "--out", str(tmp_path / "o"), "--strict"])
    assert result.exit_code == 1
    assert result.output.strip() == (f"Error: {bad_dir / 'scan.pdf'}: no text layer (a scan?); OCR it first "
                                     "(run without --strict to record it and go on)")


def test_batch_rerun_skips_unchanged_and_replaces_changed(tmp_path: Path):
    src = tmp_path / "in"
    src.mkdir()
    for f in GOOD[:2]:
        shutil.copy(f, src / f.name)
    out = tmp_path / "out"
    first = run_batch([src], Settings(out=out))
    n_passages = first.rows["passages"]
    second = run_batch([src], Settings(out=out))
    assert [d.status for d in second.documents] == [Status.SKIPPED, Status.SKIPPED]
    assert second.rows["passages"] == n_passages
    # a changed document: same name, other bytes -> its rows are replaced, never duplicated
    shutil.copy(GOOD[2], src / GOOD[0].name)
    third = run_batch([src], Settings(out=out))
    assert [d.status for d in third.documents] == [Status.OK, Status.SKIPPED]
    con = duckdb.connect(str(out / "pipeline.duckdb"), read_only=True)
    dupes = con.execute("SELECT count(*) FROM (SELECT passage_id FROM passages GROUP BY 1 HAVING count(*) > 1)").fetchone()
    assert dupes == (0,)
    assert con.execute("SELECT count(*) FROM runs").fetchone() == (3,)
    forced = run_batch([src], Settings(out=out, force=True))
    assert all(d.status == Status.OK for d in forced.documents)


def test_batch_same_file_name_in_two_folders_gets_unique_ids(tmp_path: Path):
    for sub in ("a", "b"):
        (tmp_path / sub).mkdir()
        shutil.copy(GOOD[0], tmp_path / sub / "report.pdf")
    result = run_batch([tmp_path / "a", tmp_path / "b"], Settings(out=tmp_path / "out"))
    assert [d.doc_id for d in result.documents] == ["report", "report-2"]


def test_cli_run_names_a_missing_path(tmp_path: Path):
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert f"{tmp_path / 'nowhere'}: no such file or folder. Name existing PDF files or folders." in result.output


def test_cli_parse_json_prints_the_document_model():
    result = CliRunner().invoke(cli, ["parse", str(GOOD[0]), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["doc_id"] == GOOD[0].stem and doc["status"] == "ok"
    assert {"passages", "notes", "tables", "figures", "pages"} <= set(doc)
    assert all("lines" not in p for p in doc["pages"])
    first = doc["passages"][0]
    assert {"page", "bbox", "kind", "section", "text"} <= set(first)


def _commands(group, path=()):
    for name, command in group.commands.items():
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))


def test_cli_every_command_has_help_with_an_example():
    names = [path for path, _ in _commands(cli)]
    assert ("rules", "test") in names
    for path, command in _commands(cli):
        assert command.help and "Example:" in command.help, path
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, path


def test_batch_reference_corpus_and_bad_files_in_one_batch(tmp_path: Path, bad_dir: Path):
    real = need(SHARED / "corpus" / "real")
    policy = need(SHARED / "corpus" / "policy")
    out = tmp_path / "out"
    result = run_batch([real, policy, bad_dir], Settings(out=out, extract=False))
    pdfs = [*real.glob("*.pdf"), *policy.glob("*.pdf")]
    assert len(result.documents) == len(pdfs) + len(list(bad_dir.glob("*.pdf")))
    assert {d.doc_id for d in result.failed} == {"not-a-pdf", "empty", "truncated", "encrypted", "scan", "no-pages"}
    by_id = {d.doc_id: d for d in result.documents}
    assert all(by_id[f.stem].status in (Status.OK, Status.PARTIAL) for f in [*real.glob("*.pdf"), *policy.glob("*.pdf")])
    crs = by_id["us-crs-r48694-federal-rd-funding-fy2026"]
    assert crs.n_pages == 57
    assert crs.metadata["title"] == "Federal Research and Development (R&D) Funding: FY2026"
    # the rotated copy of the NICS table reads like the upright one
    upright, rotated = "us-fbi-nics-background-checks-2015-11", "us-fbi-nics-background-checks-2015-11-rotated"
    tables = pd.read_csv(out / "tables.csv")
    first = {d: out / tables[tables.doc_id == d].csv_path.iloc[0] for d in (upright, rotated)}
    assert first[rotated].read_text().splitlines()[:5] == first[upright].read_text().splitlines()[:5]
    passages = pd.read_csv(out / "passages.csv", keep_default_na=False)
    alabama = passages[passages.text.str.startswith("Alabama")]
    rows = alabama[alabama.doc_id == rotated]
    assert rows.kind.tolist() == ["table"]
    assert rows.text.iloc[0].startswith("Alabama | 18,870 | 23,022 | 22,650")
    # the table's cells are not repeated as body text on either page
    assert set(alabama.kind) == {"table"}
    assert not (out / ".parts").exists()


def test_cli_run_on_a_folder_without_pdfs_is_an_error_unless_allowed(tmp_path: Path):
    empty = tmp_path / "reports"
    (empty / "sub").mkdir(parents=True)
    (empty / "sub" / "notes.txt").write_text("not a pdf")
    result = CliRunner().invoke(cli, ["run", str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.output == (f"Error: no PDF in {empty} (folders are searched recursively for *.pdf); "
                             "pass --allow-empty to write empty tables anyway\n")
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(cli, ["run", str(empty), "--out", str(tmp_path / "out"), "--allow-empty"])
    assert result.exit_code == 0, result.output
    assert "documents: 0 (0 ok" in result.output and (tmp_path / "out" / "documents.csv").exists()


def test_run_while_another_run_holds_the_output_folder_fails_at_once(tmp_path: Path):
    import fcntl
    import os
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out / ".lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    os.write(fd, b"4242\n")
    try:
        result = CliRunner().invoke(cli, ["run", str(CORPUS), "--out", str(out)])
        assert result.exit_code == 1
        assert result.output == (f"Error: {out}: another run (process 4242) is writing this folder; wait for it to "
                                 "finish or give another --out\n")
        assert not (out / "documents.csv").exists()
    finally:
        os.close(fd)  # the holder ends: the folder is free again
    result = CliRunner().invoke(cli, ["run", str(CORPUS), "--out", str(out), "--no-extract"])
    assert result.exit_code == 0, result.output
    assert (out / ".lock").read_text() == f"{os.getpid()}\n"  # held by this process while it ran
