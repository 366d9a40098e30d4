"""Every rule file `pipeline rules list` shows is the one the run uses: a --rules folder reaches segmentation
(sections.csv) and hyphen repair (hyphen_prefixes.csv) too, and an edited rule file re-extracts the documents
from their cached parse; a table page that fails leaves the document partial; --strict names the file; a user's own
factory adds rows to the table its span group names."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from pipeline import batch
from pipeline.batch import process, run_batch
from pipeline.cli import cli
from pipeline.errors import BadPDFError
from pipeline.extractors.base import add_span
from pipeline.model import Document, Passage, Status
from pipeline.reader import read_table
from pipeline.settings import Settings
from pipeline.stages.annotate import annotate, load_nlp

from .conftest import CORPUS, break_table_page
from .pdfbytes import page_pdf, text_content

BODY = ["Chinese planners keep writing plans with neo-", "liberal funds in mind, and analysts keep reading them."]
HEADING = "Further Reading"
ENTRY = "Smith, John. 2020. A Book on Funds. Beijing: Press."


@pytest.fixture()
def pdf(tmp_path: Path) -> Path:
    """Two body lines, a 14-point heading that no shipped sections.csv pattern names, and one entry under it."""
    content = b"\n".join([text_content(BODY), text_content([HEADING], size=14, top=660),
                          text_content([ENTRY], top=630)])
    path = tmp_path / "plan.pdf"
    path.write_bytes(page_pdf(content))
    return path


@pytest.fixture()
def rules(tmp_path: Path) -> Path:
    folder = tmp_path / "my_rules"
    folder.mkdir()
    (folder / "sections.csv").write_text("role,pattern\nbibliography,^further reading$\n", encoding="utf-8")
    (folder / "hyphen_prefixes.csv").write_text("prefix,why\nneo,neo-liberal\n", encoding="utf-8")
    return folder


def _parse(pdf: Path, rules: Path | None) -> Document:
    return process(Document(doc_id="plan", path=str(pdf)), Settings(rules=rules, extract=False))


def test_shipped_rules_alone_join_the_hyphen_and_keep_the_heading_in_the_body(pdf):
    doc = _parse(pdf, None)
    assert "neoliberal funds" in doc.passages[0].text
    assert [(p.kind, p.text) for p in doc.passages[1:]] == [("heading", HEADING), ("body", ENTRY)]


def test_user_sections_and_hyphen_prefixes_are_applied(pdf, rules):
    doc = _parse(pdf, rules)
    assert "neo-liberal funds" in doc.passages[0].text
    assert [(p.kind, p.text) for p in doc.passages[1:]] == [("heading", HEADING), ("bibliography", ENTRY)]
    assert [(n.kind, n.text) for n in doc.notes] == [("bibliography", ENTRY)]


def test_a_table_page_that_fails_leaves_the_document_partial(monkeypatch):
    break_table_page(monkeypatch, 2, "bad content stream")
    pdf = CORPUS / "research_note_mic2025.pdf"  # its Table 1 is on page 2
    doc = process(Document(doc_id="note", path=str(pdf)), Settings(extract=False))
    assert doc.status == Status.PARTIAL
    (problem,) = [p for p in doc.problems if p.category == "tables"]
    assert (problem.page, problem.message) == (2, "tables on page 2 skipped: ValueError: bad content stream")
    assert doc.tables == [] and doc.passages  # the text is kept


def test_strict_failures_name_the_file(tmp_path):
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"plain text, not a PDF")
    with pytest.raises(BadPDFError, match=f"^{bad}: not a PDF"):
        process(Document(doc_id="notes", path=str(bad)), Settings(strict=True))
    result = CliRunner().invoke(cli, ["run", str(bad), "--out", str(tmp_path / "o"), "--strict"])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {bad}: not a PDF (no %PDF header) (run without --strict to record it and go on)"


def test_editing_a_rule_file_re_extracts_from_the_cached_parse_without_force(tmp_path, monkeypatch):
    rules = tmp_path / "my_rules"
    rules.mkdir()
    vocabulary = rules / "technologies.csv"
    vocabulary.write_text("canonical,category,aliases,scope,note\n", encoding="utf-8")
    out = tmp_path / "out"
    first = run_batch([CORPUS], Settings(out=out, rules=rules))
    assert first.count(Status.OK) == 3
    assert not (read_table(out, "technologies")["canonical"] == "guidance funds").any()
    hashes = set(read_table(out, "documents")["rules_hash"])

    vocabulary.write_text("canonical,category,aliases,scope,note\nguidance funds,general,,,a user's row\n",
                          encoding="utf-8")
    parsed = []
    monkeypatch.setattr(batch, "parse", lambda doc, settings: parsed.append(doc.path))
    # no limits: the documents run in this process, where the patch applies
    result = CliRunner().invoke(cli, ["run", str(CORPUS), "--out", str(out), "--rules", str(rules),
                                      "--timeout", "0", "--max-memory", "0"])
    assert result.exit_code == 0, result.output
    assert parsed == []  # no PDF was read again
    assert "documents: 3 (3 ok, 0 partial, 0 failed, 0 skipped as unchanged)" in result.output
    assert "re-extracted: 3 document(s) from their cached parse, not re-parsed (the rules changed)" in result.output
    technologies = read_table(out, "technologies")
    found = technologies[technologies["canonical"] == "guidance funds"]
    assert set(found["doc_id"]) == {"brief_semiconductor_finance", "research_note_mic2025"}
    assert set(found["text"].str.lower()) <= {"guidance fund", "guidance funds"}
    assert set(found["category"]) == {"general"}
    documents = read_table(out, "documents")
    assert documents["rules_hash"].nunique() == 1 and not set(documents["rules_hash"]) & hashes
    assert len(read_table(out, "passages")) == first.rows["passages"]  # the cached parse gives the same passages

    again = run_batch([CORPUS], Settings(out=out, rules=rules))
    assert again.count(Status.SKIPPED) == 3  # same bytes, same rules: nothing to do


# A user's own registered factory, as the README's "Extending the rules" invites: it writes the technologies group
# (rows of that table) and a group of its own (no table: reported once as a problem).

@Language.factory("test_user_quantum_finder")
def _user_quantum_finder(nlp: Language, name: str):
    def component(doc):
        for i, token in enumerate(doc):
            if token.lower_ == "qubits":
                add_span(doc, "technologies", doc[i:i + 1],
                         {"canonical": "quantum computing", "category": "frontier", "source": "user"})
        doc.spans["my_notes"] = [doc[0:1]]
        return doc
    return component


def test_a_user_factory_fills_the_table_its_span_group_names(tmp_path):
    (tmp_path / "pipeline.cfg").write_text(
        '[nlp]\nlang = "en"\npipeline = ["quantum"]\n\n[components]\n\n'
        '[components.quantum]\nfactory = "test_user_quantum_finder"\n', encoding="utf-8")
    text = "Labs in Hefei built 66 qubits in 2021; more qubits followed."
    doc = Document("d", "d.pdf", passages=[Passage("d", "d:0", 1, (0, 0, 0, 0), "body", text),
                                           Passage("d", "d:1", 1, (0, 0, 0, 0), "body", "A second passage.")])
    annotate(doc, load_nlp(str(tmp_path)))
    rows = [(m.table, m.text, m.start, m.end, m.fields["source"]) for m in doc.mentions]
    assert rows == [("technologies", "qubits", 23, 29, "user"), ("technologies", "qubits", 44, 50, "user")]
    assert [(p.category, p.message.split(" names")[0]) for p in doc.problems] == [
        ("unknown_span_group", "span group 'my_notes'")]
