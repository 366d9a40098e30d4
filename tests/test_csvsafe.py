"""--csv-safe: formula-like cells get a ' in the CSV files; every reader of the folder gets them back unchanged."""
from __future__ import annotations

import duckdb
import pandas as pd
from click.testing import CliRunner

from pipeline import csvsafe
from pipeline.cli import cli
from pipeline.reader import read_table

from .pdfbytes import page_pdf, text_content

LINES = ["=HYPERLINK(\"http://evil.example\",\"click\") was printed in the report as it stands here.",
         "@SUM(A1) and +cmd appear as text, and so does the sentence after them.",
         *[f"Line {n}: the plan funds research programmes in {2010 + n}." for n in range(6)]]


def test_csvsafe_escape_round_trip():
    for value in ("=1+1", "+3", "-1%", "@SUM(A1)", "\tx", "'quoted", "plain", "", "a=b"):
        assert csvsafe.unescape(csvsafe.escape(value)) == value
    assert [csvsafe.escape(v) for v in ("=1+1", "-1%", "'x", "plain")] == ["'=1+1", "'-1%", "''x", "plain"]
    assert csvsafe.escape(3.5) == 3.5


def test_run_csv_safe_writes_quoted_cells_and_reads_them_back(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "formulas.pdf").write_bytes(page_pdf(text_content(LINES)))
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["run", str(tmp_path / "in"), "--out", str(out), "--csv-safe", "--no-extract"])
    assert result.exit_code == 0, result.output
    raw = pd.read_csv(out / "passages.csv", dtype=str, keep_default_na=False)
    assert any(t.startswith("'=HYPERLINK(") for t in raw["text"])
    assert not any(t.startswith(("=", "+", "@", "-")) for t in raw["text"])
    texts = list(read_table(out, "passages")["text"])
    assert any(t.startswith('=HYPERLINK("http://evil.example"') for t in texts)
    with duckdb.connect(str(out / "pipeline.duckdb"), read_only=True) as con:  # the database holds the values
        assert con.execute("SELECT count(*) FROM passages WHERE text LIKE '=HYPERLINK(%'").fetchone()[0] == 1
    # a later run without the flag keeps the folder csv-safe, and re-reads its own files unchanged
    again = CliRunner().invoke(cli, ["run", str(tmp_path / "in"), "--out", str(out), "--no-extract", "--force"])
    assert again.exit_code == 0, again.output
    assert list(read_table(out, "passages")["text"]) == texts
    assert pd.read_csv(out / "passages.csv", dtype=str, keep_default_na=False)["text"].tolist() == raw["text"].tolist()
