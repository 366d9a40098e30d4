"""The README documents every output table and column, and starts with the two set-up commands."""
from __future__ import annotations

from pipeline.schemas import SCHEMAS, reference_markdown

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_holds_the_current_table_reference():
    assert reference_markdown().strip() in README, "regenerate the table reference in README.md from schemas.py"


def test_readme_names_every_table_and_column():
    for name, schema in SCHEMAS.items():
        assert f"### `{name}`" in README
        for col in schema.columns:
            assert f"| `{col.name}` |" in README, f"{name}.{col.name}"


def test_readme_quick_start_is_make_run_and_make_test():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make run" in quick and "make test" in quick
