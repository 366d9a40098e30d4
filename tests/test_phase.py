"""The policy-phase classifier: cue rules, years, the model file, training, the classify stage and phase_summary."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import numpy as np
import pytest
import sklearn
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.errors import RuleError
from pipeline.model import Document, Mention, Passage
from pipeline.phase import CURRENT, PHASES
from pipeline.phase.context import Shares, is_list_item, passage_shares, smooth
from pipeline.phase.cues import CueMatcher, analyse, find_years, load_cues
from pipeline.phase.data import DEFAULT_DATA, DataError, read_examples
from pipeline.phase.card import card_path, render
from pipeline.phase.evaluate import evaluate_examples, match_gold, scores
from pipeline.phase.gold import read_gold_folder
from pipeline.phase.grounding import load_time_words
from pipeline.phase.rules import rules_baseline, weak_label, year_baseline
from pipeline.phase.store import FORMAT_VERSION, MAGIC, ModelError, load_model as load_file, save_model
from pipeline.phase.summary import distinctive_terms, phase_summary, terms, usd
from pipeline.phase.train import train
from pipeline.settings import Settings
from pipeline.stages.classify import DEFAULT_MODEL, classify, load_model
from pipeline.stages.tabulate import tabulate

from .conftest import SHARED, need

GOLD = SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json"
CUES = load_cues()
MATCHER = CueMatcher(CUES)


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def retrained():
    return train(read_examples(), CUES)


def _years(text: str) -> list[tuple[str, str]]:
    return [(text[y.start:y.end], y.bucket) for y in find_years(text)]


@pytest.mark.parametrize("text, expected", [
    ("in 2015 and 2021", [("2015", "2013-2019"), ("2021", "2020-present")]),
    ("the 1970s and 2005", [("1970s", "before"), ("2005", "before")]),
    ("the third phase (2020–present)", [("2020–present", "2020-present")]),
    ("from 2006 to around 2012", [("from 2006 to around 2012", "2006-2012")]),
    ("over 2013-19", [("2013-19", "2013-2019")]),
    ("between 2018 and 2020", [("between 2018 and 2020", "2013-2019")]),  # two of its three years
    ("the 2006-2020 plan", [("2006-2020", "span")]),
    ("the post-2006 period", [("post-2006", "span")]),
    ("since 2021", [("since 2021", "2020-present")]),
    ("goals for 2035 and 2049", [("2035", "after"), ("2049", "after")]),
    ("$2010 million, 2,015 firms, 2019.5 and 3.2020", []),
])
def test_cues_find_years_and_ranges(text, expected):
    assert _years(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("China's self reliance drive", [("self reliance", "2020-present")]),
    ("Self-Reliance", [("Self-Reliance", "2020-present")]),
    ("the Medium and Long-Term Plan (MLP)", [("Medium and Long-Term Plan", "2006-2012"), ("MLP", "2006-2012")]),
    ("guidance funds and the Big Fund", [("guidance funds", "2013-2019"), ("Big Fund", "2013-2019")]),
    ("an mlp classifier", []),  # acronyms keep their case
    ("selfreliance and self-reliant", []),
])
def test_cues_matcher_finds_spelling_variants(text, expected):
    assert [(text[h.start:h.end], h.phase) for h in MATCHER.find(text)] == expected


def test_cues_year_inside_a_policy_name_is_not_a_year():
    ev = analyse("Made in China 2025 was issued in May 2015.", MATCHER)
    assert [(h.phase, h.type) for h in ev.hits] == [("2013-2019", "policy")]
    assert [y.bucket for y in ev.years] == ["2013-2019"]


def test_cues_user_rules_are_added_and_checked(tmp_path: Path):
    (tmp_path / "phase_cues.csv").write_text("phase,type,cue\n2020-present,policy,Silicon Shield Plan\n")
    assert MATCHER.find("the Silicon Shield Plan") == []
    user = CueMatcher(load_cues(tmp_path))
    assert [h.phase for h in user.find("the Silicon Shield Plan")] == ["2020-present"]
    (tmp_path / "phase_cues.csv").write_text("phase,type,cue\n2030s,policy,Moon Base\n")
    with pytest.raises(RuleError, match=r"phase_cues.csv row \d+: phase '2030s' is not one of"):
        load_cues(tmp_path)


YEAR_TRAP = "In 2021, a review of the 2006 plan found that its indigenous innovation targets had been missed."


@pytest.mark.parametrize("text, weak, rules, years", [
    (YEAR_TRAP, "2006-2012", "2006-2012", "2020-present"),  # the year-only baseline falls into the trap
    ("Writing in 2022, analysts judged that Made in China 2025 had reshaped local industrial plans.",
     "2013-2019", "2013-2019", "2020-present"),
    ("Dual circulation and the new development pattern set the tone of the 14th Five-Year Plan.",
     "2020-present", "2020-present", "none"),
    ("In 2009 and 2010 exports recovered.", None, "none", "2006-2012"),  # years alone: the rules abstain
    ("Industrial policy means selective measures aimed at particular sectors.", None, "none", "none"),
])
def test_rules_weak_labels_and_baselines(text, weak, rules, years):
    ev = analyse(text, MATCHER)
    assert (weak_label(ev), rules_baseline(ev), year_baseline(ev)) == (weak, rules, years)


@pytest.mark.parametrize("text, phase", [
    (YEAR_TRAP, "2006-2012"),
    ("A 2023 study of the stimulus package of late 2008 found that it left local governments heavily indebted.",
     "2006-2012"),
    ("Made in China 2025 named ten priority sectors and set targets for the domestic share of core components.",
     "2013-2019"),
    ("Guidance funds multiplied after 2015, when provinces were allowed to set up their own.", "2013-2019"),
    ("Since the 2020 plenum, self-reliance in science and technology has been treated as a strategic pillar, "
     "and national laboratories were set up to tackle choke points.", "2020-present"),
    ("The export controls of October 2022 pushed domestic chip makers to qualify local equipment.",
     "2020-present"),
    ("Industrial policy is usually defined as selective measures that change the sectoral structure of an "
     "economy.", "none"),
    ("In this paper we describe our data sources and the coding scheme used for each document.", "none"),
    ("0.5 1.0 1.5 2.0 2.5", "none"),
])
def test_model_predicts_phase_of_single_passages(model, text, phase):
    labels, scores_ = model.predict([text])
    assert labels == [phase]
    assert 0.25 <= scores_[0] <= 1.0


@pytest.mark.parametrize("text, phase", [
    ("the 2006 Medium- and Long- Term Plan called for in- digenous innovation in key sec- tors", "2006-2012"),
    ("DUAL CIRCULATION and SELF-RELIANCE are the watch-words of the 14th Five-Year Plan", "2020-present"),
    ("dual circu lation self re liance 14th Five Year Plan new develop ment pattern", "2020-present"),
])
def test_model_reads_garbled_text(model, text, phase):
    assert model.predict([text])[0] == [phase]


def test_model_predicts_nothing_for_no_passages(model):
    assert model.predict([]) == ([], [])


def test_context_list_items_lean_on_their_neighbours(model):
    present = "The 14th Five-Year Plan names frontier fields for the new-style national team and self-reliance:"
    general = "Economists who assess an industrial program in general ask three questions, as we argue below:"
    item = "(c) Universities."
    assert model.predict([present, item, present])[0][1] == "2020-present"
    assert model.predict([general, item, general])[0][1] == "none"
    # alone it is read as the time of writing (a bare passage, no publication year: the present), less surely
    assert model.predict([item])[1][0] <= model.predict([present, item, present])[1][1]


@pytest.mark.parametrize("text, expected", [
    ("(c) Top universities.", True), ("1. Subsidies.", True), ("• Quantum.", True), ("Second, they", True),
    ("iv) Who pays?", True), ("1.5 percent of GDP", False), ("Secondly the", False), ("2020 was a year", False),
])
def test_context_recognises_list_items(text, expected):
    assert is_list_item(text) is expected


def test_context_smooth_mixes_neighbours_and_keeps_rows_summing_to_one():
    proba = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    out = smooth(proba, np.array([0.0, 0.5, 0.0]))
    assert out.tolist() == [[1.0, 0.0], [0.5, 0.5], [1.0, 0.0]]
    shares = passage_shares((np.array([True, False]), np.array([False, True])), Shares(0.1, 0.7, 0.3))
    assert shares.tolist() == [0.7, 0.3]
    assert smooth(np.array([[0.2, 0.8]]), np.array([0.9])).tolist() == [[0.2, 0.8]]


def _write_header(path: Path, model_path: Path, **changes) -> None:
    header, payload = model_path.read_bytes().split(b"\n", 1)
    meta = {**json.loads(header), **changes}
    path.write_bytes(json.dumps(meta).encode() + b"\n" + payload)


def test_store_rejects_a_model_from_another_scikit_learn(tmp_path: Path):
    bad = tmp_path / "old.model"
    _write_header(bad, DEFAULT_MODEL, sklearn="0.24.2")
    with pytest.raises(ModelError) as exc:
        load_file(bad)
    assert str(exc.value) == (f"{bad}: made with scikit-learn 0.24.2, but {sklearn.__version__} is installed; "
                              "retrain with `pipeline train phase` or install scikit-learn 0.24.x")


def test_store_rejects_a_model_of_another_format(tmp_path: Path):
    bad = tmp_path / "future.model"
    _write_header(bad, DEFAULT_MODEL, format=FORMAT_VERSION + 1)
    with pytest.raises(ModelError, match=rf"^{re.escape(str(bad))}: model file format {FORMAT_VERSION + 1}, "
                                         rf"this pipeline reads format {FORMAT_VERSION}; retrain with"):
        load_file(bad)


@pytest.mark.parametrize("content, message", [
    (b"\x80\x05not a model", "not a phase model file"),
    (b'{"magic": "something else"}\n', "not a phase model file"),
])
def test_store_rejects_files_that_are_no_model(tmp_path: Path, content, message):
    bad = tmp_path / "x.model"
    bad.write_bytes(content)
    with pytest.raises(ModelError, match=message):
        load_file(bad)


def test_store_rejects_a_damaged_model_and_a_missing_one(tmp_path: Path):
    damaged = tmp_path / "damaged.model"
    damaged.write_bytes(DEFAULT_MODEL.read_bytes()[:-10])
    with pytest.raises(ModelError, match="damaged \\(checksum mismatch\\)"):
        load_file(damaged)
    with pytest.raises(ModelError, match="cannot read the model file .*train one with `pipeline train phase`"):
        load_file(tmp_path / "missing.model")


def test_store_header_records_versions_and_training_data():
    header = json.loads(DEFAULT_MODEL.read_bytes().split(b"\n", 1)[0])
    assert header["magic"] == MAGIC and header["format"] == FORMAT_VERSION
    assert header["labels"] == sorted([*PHASES, CURRENT])
    assert header["version"] == f"phase-{FORMAT_VERSION}-{header['sha256'][:12]}"
    assert header["trained_on"]["examples_sha256"] == hashlib.sha256(
        "".join(f"{ex.id}\t{ex.split}\t{ex.label}\t{ex.text}\n" for ex in read_examples()).encode()).hexdigest()


def test_train_is_reproducible_to_the_byte(tmp_path: Path, retrained):
    again = train(read_examples(), CUES)
    a = save_model(retrained, tmp_path / "a.model")
    b = save_model(again, tmp_path / "b.model")
    assert (tmp_path / "a.model").read_bytes() == (tmp_path / "b.model").read_bytes()
    assert a.version == b.version


@pytest.fixture(scope="module")
def gold_documents():
    return read_gold_folder(need(SHARED / "gold"), SHARED / "corpus")


def test_train_reproduces_the_shipped_model(model, gold_documents):
    if model.meta["sklearn"].split(".")[:2] != sklearn.__version__.split(".")[:2]:
        pytest.skip("the shipped model was made with another scikit-learn")
    retrained = train(read_examples(), CUES, gold=gold_documents, time_words=load_time_words())
    assert retrained.meta["trained_on"] == model.meta["trained_on"], "retrain: pipeline train phase"
    assert retrained.meta["context"] == model.meta["context"]
    for doc in gold_documents:
        np.testing.assert_allclose(retrained.predict_proba(list(doc.texts), doc.time),
                                   model.predict_proba(list(doc.texts), doc.time), atol=1e-6)


def test_train_shipped_model_card_reports_every_annotated_document_left_out(model):
    lodo = model.meta["leave_one_document_out"]
    assert set(lodo) == set(model.meta["trained_on"]["documents"]) and len(lodo) == 6
    naughton = lodo["naughton-2023-trajectory-industrial-policy"]
    assert naughton["model"]["n"] == 58 and naughton["model"]["accuracy"] >= 0.85
    sep = lodo["sep-2019-tech-scaleup-china"]
    assert sep["model"]["accuracy"] > max(sep["year-only"]["accuracy"], sep["rules-only"]["accuracy"]) + 0.15
    assert card_path(DEFAULT_MODEL).read_text(encoding="utf-8") == render(model.meta)


def test_train_model_beats_both_baselines_on_the_held_out_split(model):
    results = evaluate_examples(model, MATCHER, read_examples())
    assert results["model"].macro_f1 >= 0.8
    assert results["model"].macro_f1 > max(results["year-only"].macro_f1, results["rules-only"].macro_f1)


def test_data_shipped_set_has_every_label_in_both_splits():
    examples = read_examples()
    for split in ("train", "test"):
        assert {ex.label for ex in examples if ex.split == split} == set(PHASES)
    assert len({ex.id for ex in examples}) == len(examples)
    train_docs = {ex.doc for ex in examples if ex.split == "train"}
    assert not train_docs & {ex.doc for ex in examples if ex.split == "test"}, "a document is in both splits"


@pytest.mark.parametrize("line, message", [
    ('{"id": "a", "doc": "d", "split": "train", "label": "2030s", "text": "x"}', ":1: label '2030s' is not one of"),
    ('{"id": "a", "doc": "d", "split": "dev", "label": "none", "text": "x"}', ":1: split 'dev' is not one of"),
    ('{"id": "a", "split": "train"}', ":1: expected an object with id, doc, split, label and text"),
])
def test_data_rejects_bad_lines_naming_file_and_line(tmp_path: Path, line, message):
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n")
    with pytest.raises(DataError, match=re.escape(message)):
        read_examples(path)


def test_evaluate_scores_and_gold_matching():
    s = scores(["none", "none", "2006-2012"], ["none", "2006-2012", "2006-2012"])
    assert (s.n, round(s.accuracy, 3), round(s.macro_f1, 3)) == (3, 0.667, 0.667)
    gold = [{"start": "An  opening \u201cquote\u201d", "phase": "none"}, {"start": "(c) Short", "phase": "2020-present"},
            {"start": "Nowhere to be found", "phase": "none"}]
    assert match_gold(gold, ["Heading", 'An opening "quote" and more', "(c) Short"]) == [(1, "none"),
                                                                                        (2, "2020-present")]


def _doc(*passages: tuple[str, str]) -> Document:
    doc = Document(doc_id="d", path="d.pdf")
    doc.passages = [Passage("d", f"d:{i}", 1, (0, 0, 1, 1), kind, text) for i, (kind, text) in enumerate(passages)]
    return doc


def test_classify_sets_phase_on_body_passages_only(model):
    doc = _doc(("heading", "1. Dual circulation"), ("body", "Dual circulation became official policy in 2020."),
               ("footnote", "1 See the 14th Five-Year Plan."), ("body", "   "))
    doc.passages[2].phase = "stale"
    classify(doc, model)
    assert [(p.phase, p.phase_score is None) for p in doc.passages] == [
        ("", True), ("2020-present", False), ("", True), ("", True)]


def test_classify_load_model_is_cached_and_named_in_settings(tmp_path: Path):
    assert load_model() is load_model(DEFAULT_MODEL)
    assert Settings(model=str(tmp_path / "m.model")).model == tmp_path / "m.model"


def test_summary_terms_skip_stop_words_numbers_and_broken_phrases():
    assert terms("The capital is managed; China\u2019s dual-circulation plan in 2020.") == [
        "capital", "managed", "china", "dual-circulation", "plan", "china dual-circulation", "dual-circulation plan"]


def test_summary_distinctive_terms_prefer_what_one_phase_alone_says():
    top = distinctive_terms({
        "2006-2012": ["Indigenous innovation drove the plan.", "Indigenous innovation and the stimulus plan."],
        "2020-present": ["Dual circulation shaped the plan.", "Dual circulation and self-reliance."],
        "none": [],
    }, k=3)
    assert set(top) == {"2006-2012", "2020-present"}
    assert top["2006-2012"][0] == "indigenous innovation" and top["2020-present"][0] == "dual circulation"
    for chosen in top.values():
        words = [w for term in chosen for w in term.split()]
        assert len(words) == len(set(words)) and "plan" not in chosen


@pytest.mark.parametrize("fields, amount", [
    ({"amount": 5e9, "currency": "USD"}, 5e9),
    ({"amount": 1.387e11, "currency": "CNY", "paired_amount": 2.18e10, "paired_currency": "USD"}, 2.18e10),
    ({"amount": 1e9, "currency": "EUR"}, 0.0),
])
def test_summary_usd_amount_of_a_money_row(fields, amount):
    assert usd(fields) == amount


def test_summary_rows_per_phase_with_technologies_and_money():
    doc = _doc(("body", "a"), ("body", "b"), ("body", "c"), ("footnote", "d"))
    for p, phase in zip(doc.passages, ("2020-present", "2020-present", "none", "")):
        p.phase = phase

    def mention(i: int, table: str, **fields) -> Mention:
        return Mention("d", f"d:{i}", 1, "body", table, "x", 0, 1, fields)

    tech = {"category": "general", "source": "vocabulary"}
    doc.mentions = [mention(0, "technologies", canonical="lithography", **tech),
                    mention(1, "technologies", canonical="AI", **tech), mention(1, "technologies", canonical="AI", **tech),
                    mention(0, "money", amount=2e9, currency="USD"),
                    mention(1, "money", amount=7e9, currency="CNY", paired_amount=1e9, paired_currency="USD"),
                    mention(3, "money", amount=5e9, currency="USD")]
    rows = list(phase_summary(doc.doc_id, doc.passages, doc.mentions))
    assert [(r["phase"], r["n_passages"], r["share"], r["technologies"], r["money_usd"]) for r in rows] == [
        ("2020-present", 2, 0.6667, "AI; lithography", 3e9), ("none", 1, 0.3333, "", 0.0)]
    table = tabulate([doc])["phase_summary"]
    assert list(table["phase"]) == ["2020-present", "none"]


def test_cli_train_phase_saves_the_model_and_prints_scores(tmp_path: Path):
    out = tmp_path / "phase.model"
    result = CliRunner().invoke(cli, ["train", "phase", "--out", str(out), "--no-gold"])
    assert result.exit_code == 0, result.output
    assert "(0 annotated documents)" in result.output
    assert "| test split | 85 | model |" in result.output
    assert f"saved {out} (phase-{FORMAT_VERSION}-" in result.output
    assert "Not measured: the model was trained without annotated documents." in (tmp_path / "phase.card.md").read_text()
    assert load_file(out).version == json.loads(out.read_bytes().split(b"\n", 1)[0])["version"]


def test_cli_run_with_a_bad_model_stops_with_one_line(tmp_path: Path):
    bad = tmp_path / "bad.model"
    bad.write_text("hello\n")
    result = CliRunner().invoke(cli, ["run", str(DEFAULT_DATA.parent.parent), "--out", str(tmp_path / "out"),
                                      "--model", str(bad)])
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {bad}: not a phase model file (no '{MAGIC}' header)"


# The working paper: concrete predictions and the score against its hand annotation.


def _body(paper: Document) -> list[Passage]:
    return [p for p in paper.passages if p.kind == "body" and p.text.strip()]


@pytest.mark.parametrize("start, phase", [
    ("A third phase (2020", "2020-present"),
    ("Of course, the global economy was not all", "2006-2012"),
    ("There are a number of plausible definitions", "none"),
    ("(c) Top research universities", "2020-present"),  # a list item, from its neighbours
    ("In 2021, the composition of the NSS&TF", "2020-present"),
])
def test_paper_passage_phases(paper, start, phase):
    found = [p for p in _body(paper) if p.text.startswith(start)]
    assert len(found) == 1 and found[0].phase == phase
    assert 0 < found[0].phase_score <= 1


def test_paper_only_body_passages_have_a_phase(paper):
    assert all(p.phase == "" and p.phase_score is None for p in paper.passages if p.kind != "body")
    assert all(p.phase in PHASES for p in _body(paper))


def test_paper_gold_passages_are_all_found_and_classified(paper):
    # the paper is now a training document: its honest score is the card's leave-one-out figure (above)
    gold = json.loads(need(GOLD).read_text(encoding="utf-8"))["passages"]
    body = _body(paper)
    matched = match_gold(gold, [p.text for p in body])
    assert len(matched) == len(gold) == 58
    s = scores([label for _, label in matched], [body[i].phase for i, _ in matched])
    assert s.accuracy >= 0.9


def test_paper_training_data_copies_no_sentence_of_the_seed_papers(paper, brief):
    def shingles(text: str) -> set[str]:
        words = re.findall(r"\w+", text.lower())
        return {" ".join(words[i:i + 12]) for i in range(len(words) - 11)}

    seeds = set().union(*(shingles(p.text) for doc in (paper, brief) for p in doc.passages))
    copied = [ex.id for ex in read_examples() if ex.split != "unlabelled" and shingles(ex.text) & seeds]
    assert copied == []
