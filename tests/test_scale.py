"""Parallel and distributed runs give the same tables as a serial run; a killed run resumes with no loss."""
from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from pipeline.batch import run_batch
from pipeline.schemas import SCHEMAS
from pipeline.settings import Settings
from pipeline.stages.parts import PARTS

from .conftest import CORPUS, ROOT

# Columns that record when or how long, not what: they differ between two runs of the same input.
VOLATILE = {"seconds", "parsed_at", "run_id"}


def tables(out: Path) -> dict[str, pd.DataFrame]:
    """Every per-document output table, sorted, without volatile columns."""
    frames = {}
    for name, schema in SCHEMAS.items():
        if not schema.per_document:
            continue
        df = pd.read_csv(out / f"{name}.csv", keep_default_na=False, dtype=str)
        df = df.drop(columns=[c for c in df.columns if c in VOLATILE])
        frames[name] = df.sort_values(list(df.columns), ignore_index=True)
    return frames


def assert_same_tables(a: Path, b: Path) -> None:
    ta, tb = tables(a), tables(b)
    for name in ta:
        pd.testing.assert_frame_equal(ta[name], tb[name], obj=name)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Path:
    """Twelve documents: the sample corpus under four names each."""
    d = tmp_path_factory.mktemp("batch")
    for k in range(4):
        for f in sorted(CORPUS.glob("*.pdf")):
            shutil.copy(f, d / f"{f.stem}-{k}.pdf")
    return d


@pytest.fixture(scope="module")
def serial(batch, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("serial")
    run_batch([batch], Settings(out=out))
    return out


def test_scale_two_workers_give_the_serial_tables(batch, serial, tmp_path):
    result = run_batch([batch], Settings(out=tmp_path, workers=2))
    assert result.count("ok") == 12
    assert_same_tables(serial, tmp_path)
    assert not (tmp_path / PARTS).exists()


def test_scale_dask_local_cluster_gives_the_serial_tables(batch, serial, tmp_path):
    distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        result = run_batch([batch], Settings(out=tmp_path, dask=cluster.scheduler_address))
    assert result.count("ok") == 12
    assert_same_tables(serial, tmp_path)


def _kill_when_parts(out: Path, sig: int, n_parts: int) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "run", "--out", str(out), *ARGS], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        parts = out / PARTS
        if parts.exists() and sum(1 for p in parts.iterdir() if not p.name.startswith(".")) >= n_parts:
            proc.send_signal(sig)
            break
        time.sleep(0.05)
    proc.stderr_text = proc.communicate(timeout=60)[1]
    return proc


ARGS: list[str] = []


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "Ctrl-C"])
def test_scale_killed_run_resumes_with_no_duplicate_and_no_lost_rows(batch, serial, tmp_path, sig):
    out = tmp_path / "out"
    ARGS[:] = [str(batch)]
    proc = _kill_when_parts(out, sig, 3)
    assert proc.returncode != 0, "the run finished before it could be killed"
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert re.search(rf"interrupted: \d+ of 12 documents done and kept in {re.escape(str(out))}; run the same "
                         "command again to go on from there", proc.stderr_text)
    # nothing half-written where a reader would look: no output CSV yet, or a complete one
    assert not (out / "documents.csv").exists()
    assert not [p for p in out.glob("*.csv")]
    parts_left = [p for p in (out / PARTS).iterdir() if not p.name.startswith(".")]
    assert len(parts_left) >= 3
    result = run_batch([batch], Settings(out=out))
    assert result.count("ok") == 12
    assert_same_tables(serial, out)
    assert not (out / PARTS).exists()
