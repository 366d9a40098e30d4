"""The package as a user installs it: a built wheel (not the editable clone) runs the default corpus with phases,
and the Python API does what the README says."""
from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.schemas import SCHEMAS

from .conftest import CORPUS, ROOT

PHASES = {"2006-2012", "2013-2019", "2020-present", "none"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project built as a wheel from a copy of its sources (so the build leaves nothing in the clone)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for name in ("pipeline", "models"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    dist = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", str(src), "-w", str(dist)],
                          capture_output=True, text=True)
    if done.returncode and "Could not find a version that satisfies" in done.stderr:
        pytest.skip("no package index to fetch the build backend (setuptools) from")
    assert done.returncode == 0, done.stderr[-2000:]
    (found,) = dist.glob("policy_pdf_pipeline-*.whl")
    return found


def test_wheel_holds_the_phase_model_and_every_rule_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "pipeline/models/phase.model" in names
    assert "pipeline/models/README.md" in names
    rules = {p.name for p in (ROOT / "pipeline" / "rules").iterdir() if p.is_file()}
    assert rules and all(f"pipeline/rules/{name}" in names for name in rules)
    packages = {str(p.parent.relative_to(ROOT)) for p in (ROOT / "pipeline").rglob("__init__.py")}
    assert all(f"{pkg}/__init__.py" in names for pkg in packages)


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh venv in which `pipeline` is the installed wheel and nothing else of the clone.

    The dependencies (spaCy, pdfplumber, ...) come from this interpreter's site-packages through a .pth file,
    which adds them to sys.path without running their .pth files, so the clone's editable install stays out.
    """
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = Path(subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                  capture_output=True, text=True, check=True).stdout.strip())
    (purelib / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target",
                    str(purelib), str(wheel)], check=True, capture_output=True)
    return python


def test_installed_wheel_runs_the_default_corpus_with_phases(installed, tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the clone must not be on the path
    shutil.copytree(CORPUS, tmp_path / "corpus", ignore=shutil.ignore_patterns("*.py", "phase"))
    where = subprocess.run([installed, "-c", "import pipeline, pipeline.stages.classify as c; "
                            "print(pipeline.__file__); print(c.DEFAULT_MODEL)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).is_relative_to(installed.parents[1]) for p in where), where  # not the clone's files
    done = subprocess.run([installed, "-m", "pipeline", "run", "corpus/", "--out", "o"], cwd=tmp_path, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "documents: 3 (3 ok" in done.stdout
    passages = pd.read_csv(tmp_path / "o" / "passages.csv", keep_default_na=False)
    body = passages[passages["kind"] == "body"]
    assert len(body) > 20 and set(body["phase"]) <= PHASES and (body["phase"] != "none").any()
    api = subprocess.run([installed, "-c", "import pipeline; r = pipeline.run(['corpus'], out='o'); "
                          "print(r.tables['money'].head()); print(len(r.tables['money']))"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert api.returncode == 0, api.stderr[-2000:]
    assert "brief_semiconductor_finance" in api.stdout
    assert int(api.stdout.split()[-1]) == len(pd.read_csv(tmp_path / "o" / "money.csv"))


@pytest.fixture(scope="module")
def library_run(tmp_path_factory) -> pipeline.api.Result:
    return pipeline.run(CORPUS, out=tmp_path_factory.mktemp("api") / "out", tables=True)


def test_run_returns_typed_tables_and_every_document(library_run):
    assert {d.doc_id for d in library_run.documents} == {
        "brief_semiconductor_finance", "research_note_mic2025", "working_paper_self_reliance"}
    assert library_run.count("ok") == 3 and library_run.failed == []
    money = library_run.tables["money"]
    assert list(money.columns) == SCHEMAS["money"].names
    assert str(money["amount"].dtype) == "Float64"
    first = money.iloc[0]
    assert (first["text"], first["amount"], first["currency"], first["year"]) == ("RMB 138.7 billion", 138.7e9,
                                                                                  "CNY", 2014)
    assert set(library_run.tables) == set(SCHEMAS)


@pytest.mark.parametrize("table", ["money", "percentages", "entities", "technologies", "acronyms", "glossary",
                                   "intext_citations"])
def test_every_mention_row_carries_its_offsets_in_the_passage_text(library_run, table):
    rows = library_run.tables[table]
    passages = library_run.tables["passages"].set_index(["doc_id", "passage_id"])["text"]
    assert len(rows) > 0
    for row in rows.itertuples():
        text = passages[(row.doc_id, row.passage_id)]
        if table == "acronyms":  # the short form where the definition prints it
            assert text[row.start:row.end] == row.short
        elif table == "glossary":
            assert row.chinese in text[row.start:row.end]
        else:
            assert text[row.start:row.end] == row.text, (table, row)


def test_money_offsets_point_at_the_amount(library_run):
    first = library_run.tables["money"].iloc[0]
    text = library_run.tables["passages"].set_index("passage_id").loc[first["passage_id"], "text"]
    assert text[first["start"]:first["end"]] == "RMB 138.7 billion" and first["end"] - first["start"] == 17


def test_library_run_writes_the_comparison_as_the_cli_does(library_run):
    # the comparison is part of the run, not an extra step of the CLI
    comparison = library_run.tables["comparison"]
    assert len(comparison) == library_run.rows["comparison"] > 0
    assert library_run.coverage and all(" items also named in the text" in line for line in library_run.coverage)
    con = library_run.connect()
    try:
        comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'comparison'").fetchone()[0]
    finally:
        con.close()
    assert comment == SCHEMAS["comparison"].description  # written with its schema, comments kept


def test_open_reads_a_folder_back(library_run):
    back = pipeline.open(library_run.out)
    pd.testing.assert_frame_equal(back.tables["passages"], library_run.tables["passages"])
    con = back.connect()
    try:
        n = con.execute("SELECT count(*) FROM citations WHERE doc_id = 'working_paper_self_reliance'").fetchone()[0]
    finally:
        con.close()
    assert n == int((library_run.tables["citations"]["doc_id"] == "working_paper_self_reliance").sum()) > 0
    with pytest.raises(KeyError, match="no output table 'nope'"):
        back.tables["nope"]


def test_open_names_a_folder_that_is_no_output(tmp_path):
    with pytest.raises(FileNotFoundError, match=f"{tmp_path}: no documents.csv here"):
        pipeline.open(tmp_path)


def test_run_rejects_an_unknown_setting(tmp_path):
    with pytest.raises(ValueError, match="unknown setting.*colour"):
        pipeline.run(CORPUS, out=tmp_path, colour="red")



def test_readme_python_example_runs_as_written(tmp_path, monkeypatch):
    block = re.search(r"## From Python.*?```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"),
                      re.S).group(1)
    shutil.copytree(CORPUS, tmp_path / "corpus", ignore=shutil.ignore_patterns("*.py", "phase"))
    monkeypatch.chdir(tmp_path)
    scope: dict = {}
    exec(compile(block, "README.md", "exec"), scope)
    assert scope["result"].count("ok") == 3
    totals = dict(scope["con"].sql("SELECT currency, sum(amount) FROM money GROUP BY currency").fetchall())
    assert totals["CNY"] == scope["result"].tables["money"].query("currency == 'CNY'")["amount"].sum() > 138.7e9
    scope["con"].close()
