"""The output tables, declared once.

Each table is an ordered list of columns with a dtype, whether it may be empty and a one-line description.
That one declaration sets DataFrame column order and dtypes (`conform`), CSV headers, DuckDB column types
(`duckdb_type`) and the table reference in README.md (`reference_markdown`). A new table is one more entry in
SCHEMAS.

Dtypes are pandas' nullable dtypes, so a missing value is <NA> in pandas, an empty cell in CSV and NULL in
DuckDB. In text columns an empty string counts as missing: CSV cannot tell the two apart, and one spelling
keeps `WHERE error IS NULL` true for the same rows after a CSV round trip.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

# pandas dtype -> (DuckDB type, word used in the README)
DTYPES: dict[str, tuple[str, str]] = {
    "string": ("VARCHAR", "text"),
    "Int64": ("BIGINT", "integer"),
    "Float64": ("DOUBLE", "number"),
    "boolean": ("BOOLEAN", "boolean"),
}


@dataclass(frozen=True)
class Column:
    """One column of an output table."""

    name: str
    dtype: str  # a key of DTYPES
    description: str
    nullable: bool = True

    def __post_init__(self) -> None:
        if self.dtype not in DTYPES:
            raise ValueError(f"column {self.name!r}: dtype {self.dtype!r} is not one of {', '.join(DTYPES)}")


@dataclass(frozen=True)
class TableSchema:
    """An output table: its name, a one-line description and its columns in output order."""

    name: str
    description: str
    columns: tuple[Column, ...]

    def __post_init__(self) -> None:
        names = self.names
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name!r} declares a column twice: {names}")

    @property
    def names(self) -> list[str]:
        """Column names in output order."""
        return [c.name for c in self.columns]

    @property
    def dtypes(self) -> dict[str, str]:
        """Column name -> pandas dtype."""
        return {c.name: c.dtype for c in self.columns}

    @property
    def per_document(self) -> bool:
        """True when every row belongs to one document (and is replaced when that document is re-run)."""
        return "doc_id" in self.names


def _text(name: str, description: str, nullable: bool = True) -> Column:
    return Column(name, "string", description, nullable)


def _int(name: str, description: str, nullable: bool = True) -> Column:
    return Column(name, "Int64", description, nullable)


def _float(name: str, description: str, nullable: bool = True) -> Column:
    return Column(name, "Float64", description, nullable)


def _doc_id() -> Column:
    return _text("doc_id", "Document id: the PDF's file stem, made unique; joins to documents.doc_id.", False)


def _bbox(what: str) -> tuple[Column, ...]:
    # PDF points, origin at the top-left of the page, as in pipeline/model.py.
    return (
        _float("x0", f"Left edge of the {what}, in PDF points from the left of the page."),
        _float("top", f"Top edge of the {what}, in PDF points from the top of the page."),
        _float("x1", f"Right edge of the {what}, in PDF points from the left of the page."),
        _float("bottom", f"Bottom edge of the {what}, in PDF points from the top of the page."),
    )


def _passage_id(what: str = "it") -> Column:
    return _text("passage_id", f"The passage holding {what}; joins to passages.passage_id.", False)


def _page(what: str) -> Column:
    return _int("page", f"Page (1-based) where the {what} is printed.", False)


def _mention_columns(what: str) -> tuple[Column, ...]:
    # Every extraction row says where it was found, so it can be traced and filtered by passage kind.
    return (
        _doc_id(),
        _passage_id(f"the {what}"),
        _page(what),
        _text("kind", "Kind of passage it came from: body, footnote, endnote, table, caption, bibliography, ...",
              False),
        _text("text", f"The {what} as printed.", False),
        *_offsets(what),
    )


def _work(what: str, prefix: str = "") -> tuple[Column, ...]:
    """The fields of a cited work (see model.Work): authors, title, title_original, container, date, year."""
    return (
        _text(f"{prefix}authors", f"Authors, persons or organisations, joined by '; ' ({what})."),
        _text(f"{prefix}title", f"Title ({what})."),
        _text(f"{prefix}title_original", f"The original title when a translation is given, e.g. the Chinese one "
              f"({what})."),
        _text(f"{prefix}container", f"Where the work appeared: newspaper, journal, publisher or website ({what})."),
        _text(f"{prefix}date", f"Publication date in ISO 8601, as precise as printed: YYYY, YYYY-MM or YYYY-MM-DD "
              f"({what})."),
        _int(f"{prefix}year", f"Publication year ({what})."),
    )


def _offsets(what: str) -> tuple[Column, ...]:
    return (
        _int("start", f"Character offset in the passage text where the {what} starts.", False),
        _int("end", f"Character offset in the passage text just after the {what}.", False),
    )


# Tables filled from Document.mentions: each is also the span group an extractor component writes.
MENTION_TABLES = ("money", "percentages", "entities", "acronyms", "technologies", "glossary")

_TABLES = (
    TableSchema("documents", "One row per PDF: where it came from, whether it parsed and what was found in it.", (
        _doc_id(),
        _text("path", "Path of the PDF as given to the pipeline.", False),
        _text("sha256", "SHA-256 of the PDF's bytes; an unchanged hash lets a later run skip the file."),
        _int("pages", "Number of pages in the PDF."),
        _text("status", "ok, partial (some pages or parts had problems) or failed.", False),
        _text("error", "Why the document failed, in one line; empty unless status is failed."),
        _float("seconds", "Time spent processing the document, in seconds."),
        _text("title", "Title of the document, when the parser found one."),
        _int("n_passages", "Number of rows in passages for this document.", False),
        _int("n_notes", "Number of rows in citations (footnotes, endnotes, bibliography entries).", False),
        _int("n_tables", "Number of rows in tables for this document.", False),
        _int("n_figures", "Number of rows in figures for this document.", False),
        _int("n_problems", "Number of rows in problems for this document.", False),
        _text("parsed_at", "When these rows were produced, as ISO 8601 UTC time.", False),
        _text("run_id", "The run that produced these rows; joins to runs.run_id."),
        _text("rules_hash", "Hash of the rule files and phase model the rows were made with; a later run "
              "re-extracts a document whose hash changed, from its cached parse."),
    )),
    TableSchema("passages", "Text passages in reading order: paragraphs, headings, notes, captions and more.", (
        _doc_id(),
        _text("passage_id", "Passage id, unique within the document.", False),
        _int("page", "Page (1-based) where the passage starts.", False),
        _text("section", "Heading of the section the passage sits in."),
        _text("kind", "body, heading, footnote, endnote, caption, bibliography, table, aside (sidebars), figure_text "
              "(a label drawn inside a chart or diagram; mined only when it reads as text, as a timeline entry "
              "does), label (a line without a word outside any figure: numbers, amounts, years) or back (back matter).",
              False),
        _text("text", "The passage text, with note markers removed (see note_markers).", False),
        _text("phase", "Policy phase predicted by the classifier; empty until classification has run."),
        _float("phase_score", "Classifier score for phase, 0 to 1; empty until classification has run."),
        *_bbox("passage on its first page"),
        _text("pages", "Every page the passage covers, joined by ';' (for example 5;6).", False),
    )),
    TableSchema("citations", "Source-bearing records: footnotes, endnotes and bibliography entries.", (
        _doc_id(),
        _text("citation_id", "Citation id, unique within the document; note_markers.citation_id points here.", False),
        _text("kind", "footnote, endnote, bibliography, or source_note (a numbered reference under a figure's or "
              "table's source line; its marker is fig1-1 for Figure 1, reference 1).", False),
        _text("marker", "The note number as printed; empty for bibliography entries."),
        _text("raw", "The full text of the note or entry, as printed."),
        _int("page", "Page (1-based) where the note or entry is printed.", False),
        _text("type", "full (a source), ibid, short (a short form of an earlier note), comment (no source) "
              "or multi (several sources; the fields are the first one's)."),
        _text("refers_to", "For ibid and short forms: the citation_id of the note (or bibliography entry) that "
              "gives the full reference."),
        *_work("the first source's, as printed"),
        _text("year_suffix", "Letter after the year in an author-year key (2020a); empty otherwise."),
        _text("urls", "URLs in the note, joined by a space; URLs broken across lines are rejoined."),
        *_work("the cited work's, resolved: a short form or Ibid. takes those of the full reference it points to, "
               "a full reference keeps its own; the first work's when the note cites several", "resolved_"),
    )),
    TableSchema("note_sources", "Every work each note cites, in the order printed, with what it resolves to.", (
        _doc_id(),
        _text("citation_id", "The note; joins to citations.citation_id.", False),
        _int("source_no", "1 for the first work the note cites, 2 for the next, ...", False),
        _text("type", "full (a full reference), short (a short form or alias of a work cited earlier) or ibid.",
              False),
        _text("refers_to", "For ibid and short forms: the citation_id of the note or bibliography entry that gives "
              "the full reference; empty when none was found."),
        *_work("this source's, as printed"),
        _text("urls", "URLs printed in this source, joined by a space."),
        *_work("the work's, resolved as in citations", "resolved_"),
    )),
    TableSchema("intext_citations", "Author-year citations printed in the text, resolved to bibliography entries.", (
        _doc_id(),
        _passage_id(),
        _page("citation"),
        _text("text", "The citation as printed, e.g. (Xi 2020) or Long Yongtu (2021).", False),
        _text("surname_or_org", "The cited author's surname or the organisation.", False),
        _int("year", "The cited year."),
        _text("year_suffix", "Letter after the year (2020a); empty otherwise."),
        _text("resolves_to", "citation_id of the bibliography entry cited; empty when the bibliography has none "
              "(an unresolved citation)."),
        *_offsets("citation"),
    )),
    TableSchema("note_markers", "Note references printed in the text (superscript numbers), linked to their note.", (
        _doc_id(),
        _text("passage_id", "The passage the marker was printed in; joins to passages.passage_id.", False),
        _text("marker", "The marker as printed, for example 12.", False),
        _text("citation_id", "The note the marker refers to; empty when no note matched."),
        _int("page", "Page (1-based) where the marker is printed.", False),
        _int("offset", "Character offset in the passage text where the marker stood.", False),
    )),
    TableSchema("tables", "Tables found in the PDFs; each table's cells are in its own CSV file.", (
        _doc_id(),
        _text("table_id", "Table id, unique within the document: table3 for a captioned Table 3, p5-t1 otherwise.",
              False),
        _text("caption", "The table's caption, when it has one."),
        _int("page", "Page (1-based) where the table starts.", False),
        _int("n_rows", "Number of rows in the table's CSV file.", False),
        _int("n_cols", "Number of columns in the widest row.", False),
        _text("csv_path", "The table's cells as CSV, relative to the output folder: tables/<doc_id>.<table_id>.csv; "
              "empty when the cells were not written."),
        _text("pages", "Every page the table covers, joined by ';'.", False),
    )),
    TableSchema("figures", "Figures found in the PDFs, with their captions.", (
        _doc_id(),
        _text("figure_id", "Figure id, unique within the document.", False),
        _text("caption", "The figure's caption, when it has one."),
        _int("page", "Page (1-based) where the figure is printed.", False),
    )),
    TableSchema("money", "Amounts of money found in passages, notes and table cells.", (
        *_mention_columns("amount"),
        _float("amount", "The amount in units of the currency (the low end of a range).", False),
        _float("amount_high", "The high end of a range such as $1-2 billion; empty otherwise."),
        _text("currency", "ISO 4217 code: USD, CNY (RMB, yuan, renminbi), EUR, ...", False),
        _float("paired_amount", "The same sum in a second currency printed right beside it, e.g. in parentheses."),
        _text("paired_currency", "ISO 4217 code of paired_amount."),
        _int("year", "The year the amount refers to, when the sentence states it."),
        _text("subject", "What the money is: a short noun phrase from the sentence, e.g. R&D investment."),
    )),
    TableSchema("percentages", "Percentages found in passages, notes and table cells.", (
        *_mention_columns("percentage"),
        _float("value", "The percentage as a number: 2.5 for 2.5 percent (the low end of a range).", False),
        _float("value_high", "The high end of a range such as 20-30 percent; empty otherwise."),
        _text("subject", "What the percentage measures: a short noun phrase from the sentence."),
    )),
    TableSchema("entities", "Named entities: organisations, places, people, laws, plans, programmes, funds.", (
        *_mention_columns("entity"),
        _text("label", "Entity type: ORG, GPE, PERSON, NORP, LAW, EVENT, DATE, ... from the statistical model, or "
              "a domain label (GOV, FUND, PROGRAM, PLAN, MARKET, LAB) from the entity rules.", False),
        _text("canonical", "The entity's canonical name: an acronym's long form, a rule's id, else the text.", False),
        _text("source", "What found it: model (the statistical NER), rules (entity patterns), acronym or citation "
              "(a cited work's outlet, journal or publisher).", False),
    )),
    TableSchema("acronyms", "Acronyms and the long forms the documents define for them.", (
        _doc_id(),
        _text("short", "The acronym, e.g. MOST.", False),
        _text("long", "Its long form, e.g. Ministry of Science and Technology.", False),
        _passage_id("the definition"),
        _page("definition"),
        _int("n_mentions", "How many times the acronym is used in the document, the definition included.", False),
        *_offsets("acronym in its definition"),
    )),
    TableSchema("technologies", "Technology names, with a canonical name and a category.", (
        *_mention_columns("technology"),
        _text("canonical", "Canonical name from the technology vocabulary; empty for a discovered candidate.", True),
        _text("category", "bottleneck (choke-point, short-board), frontier (long-board, advantageous), disruptive "
              "or general; empty for a discovered candidate.", True),
        _text("source", "vocabulary (a listed name or alias of technologies.csv) or discovered (a candidate the token "
              "patterns found: a noun phrase with a technology head or modifier that the vocabulary lacks).", False),
    )),
    TableSchema("glossary", "English terms, titles and names printed with their Chinese originals, in either order.", (
        _doc_id(),
        _text("english", "The English term or title.", False),
        _text("chinese", "The Chinese original.", False),
        _text("type", "What the pair names: term, title (of a cited work or named document), person, org or place.",
              False),
        _page("pair"),
        _passage_id("the pair"),
        _text("kind", "Kind of passage the pair came from: body, footnote, bibliography, table, ...", False),
        *_offsets("pair"),
    )),
    TableSchema("phase_summary", "Per document and policy phase: how many passages, their terms, technologies and money.", (
        _doc_id(),
        _text("phase", "2006-2012, 2013-2019, 2020-present or none.", False),
        _int("n_passages", "Body passages classified into the phase.", False),
        _float("share", "n_passages as a share of the document's classified body passages, 0 to 1.", False),
        _text("top_terms", "Terms most distinctive of the phase's passages in this document, joined by '; '."),
        _text("technologies", "Technologies most mentioned in the phase's passages (canonical names), joined by '; '."),
        _float("money_usd", "Sum of the USD amounts found in the phase's passages."),
    )),
    TableSchema("comparison", "Each item a table lists (ingested, or a --reference CSV), and whether the "
                "document's prose names it too (see pipeline/compare/).", (
        _doc_id(),
        _text("table_id", "The table: tables.table_id, or reference:<name> for a reference CSV.", False),
        _int("row", "Line of the item's cell in the table's CSV, 1-based (line 1 is the header row).", False),
        _int("column", "Column of the item's cell, 1-based.", False),
        _text("column_header", "The header cell of that column, e.g. a province; empty when it has none."),
        _text("item", "The item as printed in the cell; a cell listing several items gives one row each.", False),
        _text("canonical", "Canonical name: from the technology vocabulary, an extracted mention or an acronym's "
              "long form; empty when none is known."),
        Column("found_in_text", "boolean", "True when the prose (body, footnote, endnote, caption passages) "
               "names the item.", False),
        _int("n_mentions", "How many times the prose names it.", False),
        _text("first_passage_id", "The first prose passage that names it; joins to passages.passage_id."),
        _text("match", "How it was found: technology, entity, acronym (short or long form), text (plain search of "
              "the prose) or fuzzy (token-set ratio of at least 90 with an extracted name); empty when not found."),
    )),
    TableSchema("comparison_extra", "What the prose names that none of the document's tables lists: "
                "technologies, organisations, programmes and amounts.", (
        _doc_id(),
        _text("kind", "technology, organisation (ORG, GOV, FUND, LAB entities), programme (PROGRAM, PLAN, LAW "
              "entities) or money.", False),
        _text("item", "The name or amount as first printed in the prose.", False),
        _text("canonical", "Canonical name, or for money the currency and amount, e.g. USD 392000000000.", False),
        _int("n_mentions", "How many times the prose names it.", False),
        _text("first_passage_id", "The first prose passage that names it; joins to passages.passage_id.", False),
    )),
    TableSchema("problems", "Everything that went wrong, one row per problem, kept instead of stopping the batch.", (
        _doc_id(),
        _text("stage", "The stage that met the problem, for example parse.", False),
        _text("category", "Problem category, for example page_error (see pipeline/errors.py).", False),
        _int("page", "Page (1-based) concerned; empty when the problem is about the whole document."),
        _text("message", "What went wrong and what to try next.", False),
    )),
    TableSchema("runs", "One row per pipeline run: what produced the outputs and what it did.", (
        _text("run_id", "Run id; documents.run_id points here.", False),
        _text("started_at", "When the run started, as ISO 8601 UTC time.", False),
        _text("finished_at", "When the run wrote its outputs, as ISO 8601 UTC time.", False),
        _text("package_version", "Version of the pipeline package.", False),
        _int("n_documents", "Documents seen in the run, including skipped ones.", False),
        _int("n_ok", "Documents processed with status ok.", False),
        _int("n_partial", "Documents processed with status partial.", False),
        _int("n_failed", "Documents that failed.", False),
        _int("n_skipped", "Documents skipped because they were unchanged since an earlier run.", False),
        _text("settings", "The run's settings as a JSON object.", False),
    )),
)

SCHEMAS: dict[str, TableSchema] = {t.name: t for t in _TABLES}


def empty_frame(name: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of table `name`."""
    schema = SCHEMAS[name]
    return pd.DataFrame({c.name: pd.Series(dtype=c.dtype) for c in schema.columns})


def conform(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """Return `df` with exactly table `name`'s columns, in order and with its dtypes.

    Missing columns are added empty and unknown ones dropped, so CSVs written by an older version still load.
    Raises ValueError when a column that may not be empty has missing values.
    """
    schema = SCHEMAS[name]
    out = df.reindex(columns=schema.names).reset_index(drop=True)
    for col in schema.columns:
        out[col.name] = _cast(out[col.name], col.dtype)
    for col in schema.columns:
        missing = int(out[col.name].isna().sum())
        if missing and not col.nullable:
            raise ValueError(f"{name}.{col.name}: {missing} row(s) have no value, but the column may not be empty")
    return out


def _cast(values: pd.Series, dtype: str) -> pd.Series:
    values = values.astype(dtype)
    if dtype == "string":
        values = values.mask(values == "")
    return values


def table_csv_path(doc_id: str, table_id: str) -> str:
    """Where one table's cells are written, relative to the output folder (the tables.csv_path value)."""
    return f"tables/{doc_id}.{table_id}.csv"


def duckdb_type(col: Column) -> str:
    """The DuckDB column type for `col`, e.g. BIGINT for an Int64 column."""
    return DTYPES[col.dtype][0]


def duckdb_ddl(name: str) -> str:
    """A CREATE TABLE statement for table `name`, with NOT NULL on columns that may not be empty."""
    cols = ",\n  ".join(
        f'"{c.name}" {duckdb_type(c)}{"" if c.nullable else " NOT NULL"}' for c in SCHEMAS[name].columns
    )
    return f'CREATE TABLE "{name}" (\n  {cols}\n)'


def reference_markdown() -> str:
    """Every table as a Markdown section (heading, description, column table), for README.md."""
    return "\n".join(_table_markdown(schema) for schema in SCHEMAS.values())


def _table_markdown(schema: TableSchema) -> str:
    lines = [
        f"### `{schema.name}`",
        "",
        _md_cell(schema.description),
        "",
        "| column | type | may be empty | description |",
        "| --- | --- | --- | --- |",
    ]
    for c in schema.columns:
        nullable = "yes" if c.nullable else "no"
        lines.append(f"| `{c.name}` | {DTYPES[c.dtype][1]} | {nullable} | {_md_cell(c.description)} |")
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    # A bare '|' would end the cell early.
    return text.replace("|", "\\|")
