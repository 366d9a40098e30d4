"""Hostile file names: doc_ids are safe names, nothing outside the run's part folder is removed, glob
characters and newlines in a name change nothing, and ids that sanitise alike keep their own rows."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from pipeline.batch import run_batch
from pipeline.settings import Settings
from pipeline.stages.ingest import MAX_ID_BYTES, ingest, safe_id
from pipeline.stages.parts import part_dir

from .conftest import CORPUS

SAMPLE = CORPUS / "brief_semiconductor_finance.pdf"


@pytest.mark.parametrize("stem, doc_id", [
    ("..", "__"),
    (".", "_"),
    (".hidden", "_hidden"),
    ("a\\b", "a_b"),
    ("bad\nname", "bad_name"),
    ("tab\there", "tab_here"),
    ("\u202eevil", "_evil"),  # right-to-left override
    ("caf\udce9", "caf_"),  # a Latin-1 byte in a UTF-8 file system, as os.fsdecode gives it
    ("r*?[1]", "r*?[1]"),
    ("space name", "space name"),
])
def test_ingest_safe_id_replaces_what_a_file_name_cannot_hold(stem, doc_id):
    assert safe_id(stem) == doc_id


def test_ingest_safe_id_bounds_the_length_in_bytes():
    doc_id = safe_id("中" * 100)
    assert len(doc_id.encode("utf-8")) <= MAX_ID_BYTES and doc_id == "中" * 50


def test_ingest_ids_differing_in_case_only_stay_distinct(tmp_path):
    for name in ("dup.pdf", "DUP.pdf", "dup.PDF"):
        (tmp_path / name).write_bytes(b"%PDF-1.4\n")
    assert sorted(d.doc_id for d in ingest([tmp_path])) == ["DUP", "dup-2", "dup-3"]


@pytest.mark.parametrize("doc_id", ["", ".", "..", "a/b", "../x"])
def test_parts_part_dir_refuses_an_id_that_leaves_the_parts_folder(tmp_path, doc_id):
    with pytest.raises(ValueError, match="unsafe doc_id"):
        part_dir(tmp_path, doc_id)


def test_batch_dot_names_into_the_input_folder_delete_nothing(tmp_path):
    """`...pdf` (stem `..`) and `..pdf` (stem `.`) once removed --out or every earlier part; here --out is the
    input folder itself (as with `--out .`)."""
    for name in ("a-good.pdf", "...pdf", "..pdf"):
        shutil.copyfile(SAMPLE, tmp_path / name)
    (tmp_path / "notes.txt").write_text("a user's file", encoding="utf-8")
    result = run_batch([tmp_path], Settings(out=tmp_path, extract=False))
    assert sorted(d.doc_id for d in result.documents) == ["_", "__", "a-good"]
    assert all(d.status.value == "ok" for d in result.documents)
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "a user's file"
    assert {"a-good.pdf", "...pdf", "..pdf"} <= {p.name for p in tmp_path.iterdir()}
    passages = pd.read_csv(tmp_path / "passages.csv", keep_default_na=False)
    assert passages.groupby("doc_id").size().nunique() == 1 and len(passages.doc_id.unique()) == 3


def test_batch_glob_characters_in_names_neither_duplicate_nor_lose_rows(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    names = ["r1", "r*", "r?", "r[1]"]
    for name in names:
        shutil.copyfile(SAMPLE, src / f"{name}.pdf")
    run_batch([src], Settings(out=tmp_path / "out", extract=False))
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    assert sorted(docs.doc_id) == sorted(names)
    per_doc = pd.read_csv(tmp_path / "out" / "passages.csv", keep_default_na=False).groupby("doc_id").size()
    assert sorted(per_doc.index) == sorted(names) and per_doc.nunique() == 1


def test_batch_reason_stays_on_one_line_when_the_name_holds_a_newline(tmp_path):
    bad = tmp_path / "bad\nname.pdf"
    bad.write_text("<html>not a pdf</html>", encoding="utf-8")
    result = run_batch([bad], Settings(out=tmp_path / "out", extract=False))
    assert result.documents[0].error == f"{tmp_path}/bad\\nname.pdf: not a PDF (no %PDF header)"
    docs = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    assert docs.loc[0, "doc_id"] == "bad_name" and "\n" not in docs.loc[0, "error"]
