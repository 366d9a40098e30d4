"""Tests for pipeline/schemas.py: the declared output tables and the helpers built on them."""
from __future__ import annotations

import pandas as pd
import pytest

from pipeline.schemas import (
    SCHEMAS,
    Column,
    TableSchema,
    conform,
    duckdb_ddl,
    duckdb_type,
    empty_frame,
    reference_markdown,
    table_csv_path,
)

# The columns each table promises (the contract), in order; more may follow or sit between them.
CONTRACT = {
    "documents": ["doc_id", "path", "sha256", "pages", "status", "error", "seconds", "title", "n_passages",
                  "n_notes", "n_tables", "parsed_at"],
    "passages": ["doc_id", "passage_id", "page", "section", "kind", "text", "phase", "phase_score", "x0", "top",
                 "x1", "bottom", "pages"],
    "citations": ["doc_id", "citation_id", "kind", "marker", "raw", "page", "type", "refers_to", "authors", "title",
                  "title_original", "container", "date", "year", "urls", "resolved_authors", "resolved_title",
                  "resolved_title_original", "resolved_container", "resolved_date", "resolved_year"],
    "note_sources": ["doc_id", "citation_id", "source_no", "type", "refers_to", "authors", "title",
                     "title_original", "container", "date", "year", "urls", "resolved_authors", "resolved_title",
                     "resolved_title_original", "resolved_container", "resolved_date", "resolved_year"],
    "intext_citations": ["doc_id", "passage_id", "page", "text", "surname_or_org", "year", "year_suffix",
                         "resolves_to"],
    "note_markers": ["doc_id", "passage_id", "marker", "citation_id", "page", "offset"],
    "tables": ["doc_id", "table_id", "caption", "page", "n_rows", "n_cols", "csv_path", "pages"],
    "figures": ["doc_id", "figure_id", "caption", "page"],
    # the issues name these columns; every extraction table also says which kind of passage a row came from
    "money": ["doc_id", "passage_id", "page", "text", "amount", "currency", "paired_amount", "paired_currency",
              "year", "subject"],
    "percentages": ["doc_id", "passage_id", "page", "text", "value", "value_high", "subject"],
    "entities": ["doc_id", "passage_id", "page", "text", "label", "canonical"],
    "acronyms": ["doc_id", "short", "long"],
    "technologies": ["doc_id", "passage_id", "page", "text", "canonical", "category"],
    "glossary": ["doc_id", "english", "chinese", "page"],
    "phase_summary": ["doc_id", "phase", "n_passages", "share", "top_terms", "technologies", "money_usd"],
    "comparison": ["doc_id", "table_id", "row", "column", "item", "canonical", "found_in_text", "n_mentions",
                   "first_passage_id"],
    "comparison_extra": ["doc_id", "kind", "item", "canonical", "n_mentions", "first_passage_id"],
    "problems": ["doc_id", "stage", "category", "page", "message"],
    "runs": ["run_id", "started_at", "finished_at", "package_version", "n_documents", "n_ok", "n_partial",
             "n_failed", "n_skipped", "settings"],
}


def test_schemas_declares_the_contract_tables_in_order():
    assert list(SCHEMAS) == list(CONTRACT)


@pytest.mark.parametrize("name", CONTRACT)
def test_schemas_keep_contract_columns_in_order(name):
    names = SCHEMAS[name].names
    assert [n for n in names if n in CONTRACT[name]] == CONTRACT[name]


@pytest.mark.parametrize("name", CONTRACT)
def test_schemas_describe_every_table_and_column(name):
    schema = SCHEMAS[name]
    assert schema.name == name
    assert schema.description.strip()
    assert all(c.description.strip() for c in schema.columns)


@pytest.mark.parametrize(
    ("table", "column", "dtype", "nullable"),
    [
        ("documents", "doc_id", "string", False),
        ("documents", "pages", "Int64", True),
        ("documents", "seconds", "Float64", True),
        ("passages", "page", "Int64", False),
        ("passages", "phase_score", "Float64", True),
        ("problems", "page", "Int64", True),
        ("note_markers", "citation_id", "string", True),
    ],
)
def test_schemas_column_types(table, column, dtype, nullable):
    col = next(c for c in SCHEMAS[table].columns if c.name == column)
    assert (col.dtype, col.nullable) == (dtype, nullable)


def test_schemas_per_document_tables_have_doc_id_first():
    for schema in SCHEMAS.values():
        if schema.per_document:
            assert schema.names[0] == "doc_id"
    assert [n for n, s in SCHEMAS.items() if not s.per_document] == ["runs"]


def test_column_rejects_unknown_dtype():
    with pytest.raises(ValueError, match="dtype 'int64' is not one of string, Int64, Float64, boolean"):
        Column("n", "int64", "A count.")


def test_table_schema_rejects_repeated_column():
    with pytest.raises(ValueError, match="declares a column twice"):
        TableSchema("t", "A table.", (Column("a", "string", "A."), Column("a", "Int64", "Again.")))


def test_empty_frame_has_schema_columns_and_dtypes():
    df = empty_frame("passages")
    assert list(df.columns) == SCHEMAS["passages"].names
    assert len(df) == 0
    assert str(df["page"].dtype) == "Int64"
    assert str(df["text"].dtype) == "string"
    assert str(df["x0"].dtype) == "Float64"


def test_conform_orders_adds_and_drops_columns():
    df = pd.DataFrame({"extra": [1], "page": [3], "message": ["Bad page."], "stage": ["parse"],
                       "category": ["page_error"], "doc_id": ["a"]})
    out = conform("problems", df)
    assert list(out.columns) == ["doc_id", "stage", "category", "page", "message"]
    assert out.iloc[0].tolist() == ["a", "parse", "page_error", 3, "Bad page."]
    assert str(out["page"].dtype) == "Int64"


def test_conform_turns_empty_text_and_none_into_missing():
    df = pd.DataFrame({"doc_id": ["a", "a"], "stage": ["parse", "parse"], "category": ["x", "x"],
                       "page": [None, 2], "message": ["m", "m"]})
    out = conform("problems", df)
    assert out["page"].isna().tolist() == [True, False]
    docs = conform("documents", pd.DataFrame({
        "doc_id": ["a"], "path": ["a.pdf"], "status": ["ok"], "error": [""], "n_passages": [0], "n_notes": [0],
        "n_tables": [0], "n_figures": [0], "n_problems": [0], "parsed_at": ["2025-01-01T00:00:00+00:00"],
    }))
    assert pd.isna(docs.loc[0, "error"])
    assert pd.isna(docs.loc[0, "title"])


def test_conform_rejects_missing_value_in_required_column():
    df = pd.DataFrame({"doc_id": ["a"], "figure_id": [""], "page": [1]})
    with pytest.raises(ValueError, match=r"figures\.figure_id: 1 row\(s\) have no value"):
        conform("figures", df)


def test_conform_rejects_fractional_integer():
    with pytest.raises((TypeError, ValueError)):
        conform("figures", pd.DataFrame({"doc_id": ["a"], "figure_id": ["f1"], "page": [1.5]}))


@pytest.mark.parametrize(
    ("dtype", "expected"), [("string", "VARCHAR"), ("Int64", "BIGINT"), ("Float64", "DOUBLE"), ("boolean", "BOOLEAN")]
)
def test_duckdb_type_maps_each_dtype(dtype, expected):
    assert duckdb_type(Column("c", dtype, "A column.")) == expected


def test_duckdb_ddl_marks_required_columns_not_null():
    ddl = duckdb_ddl("figures")
    assert ddl.startswith('CREATE TABLE "figures" (')
    assert '"doc_id" VARCHAR NOT NULL' in ddl
    assert '"caption" VARCHAR,' in ddl
    assert '"page" BIGINT NOT NULL' in ddl


def test_table_csv_path_is_relative_to_output_folder():
    assert table_csv_path("report-2024", "table3") == "tables/report-2024.table3.csv"


def test_reference_markdown_mentions_every_table_and_column():
    md = reference_markdown()
    for name, schema in SCHEMAS.items():
        assert f"### `{name}`" in md
        assert schema.description in md
        for col in schema.columns:
            assert f"| `{col.name}` |" in md


def test_reference_markdown_renders_a_column_row():
    md = reference_markdown()
    assert "| `page` | integer | no | Page (1-based) where the passage starts. |" in md
    assert "| `phase_score` | number | yes |" in md
    assert "| column | type | may be empty | description |" in md


def test_schemas_new_declaration_is_all_a_table_needs(monkeypatch):
    money = TableSchema("money", "Amounts of money | one row per mention.", (
        Column("doc_id", "string", "Document id.", nullable=False),
        Column("value", "Float64", "Amount as a number."),
        Column("exact", "boolean", "True when printed | not rounded."),
    ))
    monkeypatch.setitem(SCHEMAS, "money", money)
    assert list(empty_frame("money").columns) == ["doc_id", "value", "exact"]
    assert '"exact" BOOLEAN' in duckdb_ddl("money")
    md = reference_markdown()
    assert "Amounts of money \\| one row per mention." in md
    assert "| `exact` | boolean | yes | True when printed \\| not rounded. |" in md
