"""The supervised workers: limits enforced from outside the document's process, which hold inside one C call."""
from __future__ import annotations

import os
import signal
import time
import zlib
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.batch import run_batch
from pipeline.cli import cli
from pipeline.errors import DocumentTimeout
from pipeline.model import Document, Status
from pipeline.settings import Settings
from pipeline.stages.ingest import ingest
from pipeline.workers import Pool, run_documents

from .pdfbytes import HELVETICA, build, page_pdf, text_content

LINES = [f"Line {k}: the fund invested RMB {k}.5 billion in chip plants." for k in range(12)]


def deflated(unit: bytes, megabytes: int) -> bytes:
    """A zlib stream of `unit` repeated to `megabytes` MB, made in milliseconds: after a full flush the deflate
    of the same 1 MB block is the same bytes, so the block is compressed twice and the second copy repeated."""
    block = unit * ((1 << 20) // len(unit))
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    check = 1
    for _ in range(megabytes):
        check = zlib.adler32(block, check)
    return b"\x78\xda" + first + again * (megabytes - 1) + c.flush() + check.to_bytes(4, "big")


def bomb_pdf(path: Path, megabytes: int = 200) -> Path:
    """A 0.2 MB page whose content stream inflates to `megabytes` MB of `q Q` operators: PDFium inflates and
    parses it inside one C call (about 3 s and 0.6 GB for 200 MB here), where no signal handler runs."""
    data = deflated(b"q Q ", megabytes)
    path.write_bytes(build([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        HELVETICA,
    ]))
    return path


def test_workers_deflate_helper_makes_a_valid_stream():
    assert zlib.decompress(deflated(b"q Q ", 3)) == b"q Q " * (3 << 18)


@pytest.fixture
def batch_dir(tmp_path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    # sorted first, so the good file runs on the worker started after the kill; 600 MB inflate for ~9 s, so a limit
    # of 3 s leaves a busy machine time enough for the good file
    bomb_pdf(d / "a-bomb.pdf", megabytes=600)
    (d / "b-good.pdf").write_bytes(page_pdf(text_content(LINES)))
    return d


def _good_rows_intact(out: Path) -> None:
    docs = pd.read_csv(out / "documents.csv", keep_default_na=False).set_index("doc_id")
    assert docs.loc["b-good", "status"] == "ok" and docs.loc["a-bomb", "status"] == "failed"
    passages = pd.read_csv(out / "passages.csv")
    assert set(passages.doc_id) == {"b-good"}
    assert "Line 11: the fund invested RMB 11.5 billion in chip plants." in " ".join(passages.text)


def test_workers_time_limit_holds_inside_one_pdfium_call(batch_dir, tmp_path):
    """SIGALRM is never heard while PDFium inflates and parses: the worker is killed at the deadline."""
    out = tmp_path / "out"
    t0 = time.perf_counter()
    result = run_batch([batch_dir], Settings(out=out, timeout=3, extract=False, workers=1))
    by_id = {d.doc_id: d for d in result.documents}
    bomb = by_id["a-bomb"]
    assert bomb.status == Status.FAILED
    assert bomb.error == f"{batch_dir / 'a-bomb.pdf'}: timed out after 3 s"
    assert [p.category for p in bomb.problems] == ["timeout"]
    assert 3 <= bomb.seconds < 4.5
    assert by_id["b-good"].status == Status.OK
    _good_rows_intact(out)
    problems = pd.read_csv(out / "problems.csv", keep_default_na=False)
    assert problems[problems.doc_id == "a-bomb"][["category", "message"]].values.tolist() == [
        ["timeout", "timed out after 3 s"]]
    assert time.perf_counter() - t0 < 30


def test_workers_memory_limit_fails_the_document_alone(batch_dir, tmp_path):
    out = tmp_path / "out"
    result = run_batch([batch_dir], Settings(out=out, timeout=0, max_memory=0.4, extract=False, workers=1))
    by_id = {d.doc_id: d for d in result.documents}
    assert by_id["a-bomb"].error == f"{batch_dir / 'a-bomb.pdf'}: over the memory limit of 0.4 GB"
    assert [p.category for p in by_id["a-bomb"].problems] == ["memory"]
    assert by_id["b-good"].status == Status.OK
    _good_rows_intact(out)


def test_cli_run_time_limit_reason_names_the_file(batch_dir, tmp_path):
    result = CliRunner().invoke(cli, ["run", str(batch_dir), "--out", str(tmp_path / "out"), "--no-extract",
                                      "--timeout", "3", "--max-memory", "1.5"])
    assert result.exit_code == 1
    assert "documents: 2 (1 ok, 0 partial, 1 failed, 0 skipped as unchanged)" in result.output
    assert f"failed: {batch_dir / 'a-bomb.pdf'}: timed out after 3 s" in result.output


def test_settings_max_memory_must_be_a_number_of_gb():
    with pytest.raises(ValueError, match=r"setting 'max_memory' must be a number of GB >= 0, not -1"):
        Settings(max_memory=-1)


# Work functions for run_documents; module-level, so a worker process imports them by name.

def report_pid(doc: Document, settings: Settings, run_info: dict) -> Document:
    doc.status, doc.metadata = Status.OK, {"pid": str(os.getpid())}
    return doc


def die_on_b(doc: Document, settings: Settings, run_info: dict) -> Document:
    if doc.doc_id == "b":
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
    return report_pid(doc, settings, run_info)


def stuck_on_b(doc: Document, settings: Settings, run_info: dict) -> Document:
    """Like a C call that never returns to Python: SIGALRM blocked, then a long sleep."""
    if doc.doc_id == "b":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(60)
    return report_pid(doc, settings, run_info)


def _run(work, tmp_path: Path, **settings) -> dict[str, Document]:
    docs = [Document(doc_id, str(tmp_path / f"{doc_id}.pdf")) for doc_id in "abcd"]
    config = Settings(out=tmp_path / "out", extract=False, **settings)
    with Pool(work, config, {}, config.workers) as pool:
        return {d.doc_id: d for d in run_documents(work, docs, config, {}, pool)}


@pytest.mark.parametrize("workers", [1, 2])
def test_workers_a_dead_worker_fails_its_document_and_is_replaced(tmp_path, workers):
    done = _run(die_on_b, tmp_path, workers=workers, timeout=0)
    assert sorted(done) == ["a", "b", "c", "d"]
    assert done["b"].status == Status.FAILED
    assert done["b"].error == (f"{tmp_path / 'b.pdf'}: the worker processing it died: killed by SIGKILL "
                               "(the kernel's out-of-memory killer?)")
    assert [p.category for p in done["b"].problems] == ["worker_died"]
    assert all(done[k].status == Status.OK for k in "acd")
    # its failed part is written, so the run's tables hold the document
    assert (tmp_path / "out" / ".parts" / "b" / "part.json").is_file()


def test_workers_keep_their_pipeline_between_documents_and_only_a_killed_one_is_replaced(tmp_path):
    done = _run(stuck_on_b, tmp_path, workers=1, timeout=0.3, max_memory=0)
    assert done["b"].error == f"{tmp_path / 'b.pdf'}: timed out after 0.3 s"
    assert 0.3 <= done["b"].seconds < 1.5
    pids = {k: done[k].metadata["pid"] for k in "acd"}
    assert pids["c"] == pids["d"] != pids["a"]  # one worker for a, its replacement for c and d


def test_workers_strict_mode_raises_at_the_deadline(tmp_path):
    with pytest.raises(DocumentTimeout, match=r"b\.pdf: timed out after 0\.3 s$"):
        _run(stuck_on_b, tmp_path, workers=1, timeout=0.3, strict=True)


def test_ingest_hashing_counts_against_the_time_limit(tmp_path):
    big = tmp_path / "sparse.pdf"
    with open(big, "wb") as f:
        f.write(b"%PDF-1.7\n")
        f.truncate(8 * 1024 ** 3)  # sparse: no disk space, but 8 GB to read
    t0 = time.perf_counter()
    [doc] = ingest([big], timeout=0.2)
    assert time.perf_counter() - t0 < 2
    assert doc.status == Status.FAILED
    assert doc.error == f"{big}: timed out after 0.2 s (while reading the file for its hash)"
    assert [p.category for p in doc.problems] == ["timeout"]
    assert 0.2 <= doc.seconds < 2
