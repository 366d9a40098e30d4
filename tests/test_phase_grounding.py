"""Phase classification grounded in the document: publication year, method sections, topic cues, the `current`
class, annotated documents as training data, leave-one-document-out and the model card."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.errors import RuleError
from pipeline.model import Document, Passage
from pipeline.phase import CURRENT, PHASES
from pipeline.phase.card import render
from pipeline.phase.cues import CueMatcher, load_cues
from pipeline.phase.data import read_examples
from pipeline.phase.evaluate import scores
from pipeline.phase.gold import LabelledDocument, read_labelled
from pipeline.phase.grounding import (METHOD_TOKEN, TOPIC_TOKEN, DocTime, Grounder, load_time_words,
                                      publication_period, published_year)
from pipeline.phase.lodo import leave_one_out
from pipeline.phase.model import in_phases

from .conftest import SHARED, need

CUES = load_cues()
GROUNDER = Grounder(load_time_words(), CueMatcher(CUES))


def _doc(metadata: dict, *first_page: str) -> Document:
    doc = Document(doc_id="d", path="d.pdf", metadata=metadata)
    doc.passages = [Passage("d", f"d:{i}", 1, (0, 0, 1, 1), "back", t) for i, t in enumerate(first_page)]
    return doc


@pytest.mark.parametrize("metadata, lines, year", [
    ({"creationdate": "D:20260101"}, ("Scaleup report", "June 2019"), 2019),  # the printed date wins
    ({"subject": "Atlantic Council Issue Brief, November 2022", "creationdate": "D:20261122115906Z"}, (), 2022),
    ({"creationdate": "D:20240223170408+01'00'"}, ("April 16", "Page 2"), 2024),
    ({}, (), None),
])
def test_published_year_from_date_line_metadata_or_creation_date(metadata, lines, year):
    assert published_year(_doc(metadata, *lines)) == year


@pytest.mark.parametrize("year, period", [(2019, "2013-2019"), (2024, "2020-present"), (1999, "2006-2012"),
                                          (2041, "2020-present"), (None, "2020-present")])
def test_publication_period(year, period):
    assert publication_period(year) == period


def test_grounder_reads_the_publication_year_after_words_for_the_present():
    texts = ["China currently leads in batteries.", "Today, and in recent years, funds grew.", "Nowhere else."]
    assert GROUNDER.ground(texts, DocTime(published=2019)) == [
        "China currently (2019) leads in batteries.", "Today (2019), and in recent years (2019), funds grew.",
        "Nowhere else."]
    assert GROUNDER.ground(texts) == texts  # no publication year: nothing to read in


def test_grounder_marks_method_sections_and_definition_lists():
    sections = ("Results", "Methodology", "\u201cStartup\u201d", "\u201cExit\u201d", "Conclusion", "Annex 2")
    grounded = GROUNDER.ground([f"p{i}" for i in range(6)], DocTime(2019, sections))
    assert [t.endswith(METHOD_TOKEN) for t in grounded] == [False, True, True, True, False, True]


def test_grounder_damps_a_cue_that_is_the_documents_topic():
    topic = ["Guidance funds raised money in Shenzhen."] * 6 + ["Guidance funds and Made in China 2025."] * 4
    damped = GROUNDER.ground(topic)
    assert damped[0] == f"{TOPIC_TOKEN} raised money in Shenzhen."
    assert damped[9] == f"{TOPIC_TOKEN} and Made in China 2025."  # a cue in fewer than half the passages stays
    assert GROUNDER.ground(topic[:9]) == topic[:9]  # too few passages to tell a topic


def test_time_words_are_checked(tmp_path: Path):
    (tmp_path / "phase_time.csv").write_text("kind,text\npresent,these days\n")
    assert "these days" in load_time_words(tmp_path).present
    (tmp_path / "phase_time.csv").write_text("kind,text\nfuture,tomorrow\n")
    with pytest.raises(RuleError, match=r"phase_time.csv row \d+: kind 'future' is not one of present, method"):
        load_time_words(tmp_path)


def test_in_phases_adds_current_to_the_publication_period():
    classes = ["2006-2012", "2013-2019", "2020-present", CURRENT, "none"]
    proba = np.array([[0.1, 0.2, 0.1, 0.5, 0.1]])
    assert in_phases(proba, classes, "2013-2019").round(3).tolist() == [[0.1, 0.7, 0.1, 0.1]]
    assert in_phases(proba, classes, "2020-present").round(3).tolist() == [[0.1, 0.2, 0.6, 0.1]]
    assert in_phases(proba[:, [0, 1, 2, 4]], [*PHASES], "2013-2019").round(3).tolist() == [[0.1, 0.2, 0.1, 0.1]]


def test_scores_macro_f1_over_classes_of_five_or_more():
    truth = ["none"] * 5 + ["2013-2019"] * 5 + ["2006-2012"]
    pred = ["none"] * 5 + ["2013-2019"] * 4 + ["none", "none"]
    s = scores(truth, pred)
    assert (round(s.accuracy, 3), round(s.macro_f1, 3), round(s.macro_f1_min5, 3)) == (0.818, 0.574, 0.861)
    assert scores(["none"], ["none"]).macro_f1_min5 is None


def _labelled(doc_id: str, published: int, rows: list[tuple[str, str | None]]) -> LabelledDocument:
    return LabelledDocument(doc_id, tuple(t for t, _ in rows), DocTime(published),
                            tuple(label for _, label in rows))


REPORT_2019 = _labelled("report-2019", 2019, [
    ("Scaleups in Shenzhen raised more money than ever, and three hubs now lead.", "2013-2019"),
    ("Corporate venture arms shape the market.", "2013-2019"),
    ("An unannotated caption-like line.", None),
    ("We define a scaleup as a company that raised over one million dollars.", "none"),
])
REPORT_2024 = _labelled("report-2024", 2024, [
    ("Self-reliance and the new-style national team drive current policy.", "2020-present"),
    ("Investors in the market have grown cautious.", "2020-present"),
    ("We define economic security broadly in this report.", "none"),
])


def test_leave_one_out_scores_each_document_with_a_model_trained_without_it():
    results = leave_one_out(read_examples(), CUES, [REPORT_2019, REPORT_2024], load_time_words())
    assert list(results) == ["report-2019", "report-2024"]
    assert [s.n for s in results["report-2019"].values()] == [3, 3, 3]  # only the annotated passages
    assert list(results["report-2024"]) == ["year-only", "rules-only", "model"]


def test_card_lists_training_documents_and_left_out_figures():
    meta = {"version": "phase-1-abc", "context": {"weight": 0.1, "bare_weight": 0.25},
            "trained_on": {"hand_labelled_project": {"none": 3}, "weak_labelled": {"2013-2019": 1},
                           "documents": {"report-2019": {"published": "2013-2019", "2013-2019": 2, "none": 1}}},
            "leave_one_document_out": {"report-2019": {"model": {"n": 3, "accuracy": 2 / 3, "macro_f1": 0.5,
                                                                 "macro_f1_min5": None}}}}
    card = render(meta)
    assert "| report-2019 | 2013-2019 | 0 | 2 | 0 | 1 |" in card
    assert "| report-2019 | 3 | model | 0.667 | 0.500 |  |" in card
    assert "| weak labels (half weight) | | 0 | 1 | 0 | 0 |" in card
    assert "Context shares: bare_weight 0.25, weight 0.1." in card


def test_cli_train_phase_without_annotations_says_so(tmp_path: Path):
    result = CliRunner().invoke(cli, ["train", "phase", "--out", str(tmp_path / "m.model"),
                                      "--gold", str(tmp_path / "nowhere")])
    assert result.exit_code == 0, result.output
    assert f"no annotations at {tmp_path / 'nowhere'}: training on the project's own passages alone" in result.output


def test_cli_train_phase_names_a_missing_pdf(tmp_path: Path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "lost.json").write_text('{"doc_id": "lost", "passages": [{"start": "A", "phase": "none"}]}')
    (tmp_path / "pdfs").mkdir()
    result = CliRunner().invoke(cli, ["train", "phase", "--out", str(tmp_path / "m.model"),
                                      "--gold", str(tmp_path / "gold"), "--pdfs", str(tmp_path / "pdfs")])
    assert result.exit_code == 1
    assert f"no lost.pdf under {tmp_path / 'pdfs'}; name the folder holding the PDFs with --pdfs" in result.output


def test_gold_annotation_read_with_its_pdf_text():
    gold = need(SHARED / "gold" / "courtial-china-europe-economic-reorientation.json")
    doc = read_labelled(gold, SHARED / "corpus")
    assert doc.doc_id == "courtial-china-europe-economic-reorientation"
    assert doc.time.published == 2025 and len(doc.time.sections) == len(doc.texts)
    assert doc.n_labelled == 22 and set(doc.labels) == {"2020-present", None}
