"""`pipeline evaluate`: matching rules per table on tiny hand-made gold files and output folders, then the paper."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.evaluate import (
    TABLES,
    EvaluateError,
    Score,
    evaluate,
    match_acronyms,
    match_cells,
    match_citations,
    match_glossary,
    match_intext,
    match_money,
    match_percentages,
    match_organizations,
    match_technologies,
    normalize_chinese,
    normalize_text,
    pooled,
    same_title,
    token_overlap,
)
from pipeline.evaluate.passages import match_passages
from pipeline.evaluate.phases import match_phase
from pipeline.schemas import SCHEMAS, conform
from pipeline.stages.write import write_outputs, write_table_csv

from .conftest import SHARED, need

PAPER_GOLD = SHARED / "gold" / "naughton-2023-trajectory-industrial-policy.json"
_FILL = {"string": "x", "Int64": 1, "Float64": 0.0}


def write_out(out: Path, doc_ids: list[str], tables: dict[str, list[dict]]) -> Path:
    """A minimal output folder: documents.csv for `doc_ids` plus the given tables, other columns filled."""
    tables = {"documents": [{"doc_id": d, "path": f"{d}.pdf"} for d in doc_ids], **tables}
    out.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        schema = SCHEMAS[name]
        full = [{**{c.name: _FILL[c.dtype] for c in schema.columns if not c.nullable}, **r} for r in rows]
        write_table_csv(out / f"{name}.csv", conform(name, pd.DataFrame(full, columns=schema.names)))
    return out


def write_gold(folder: Path, doc_id: str, **items) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{doc_id}.json"
    path.write_text(json.dumps({"doc_id": doc_id, **items}, ensure_ascii=False), encoding="utf-8")
    return path


def counts(score: Score) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


# --- normalisation and scores ---------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("  “New-Style”   National\u2013Team. ", "new-style national-team"),
    ("People’s Daily", "peoples daily"),
    (None, ""),
    (float("nan"), ""),
])
def test_evaluate_normalize_text(raw, expected):
    assert normalize_text(raw) == expected


def test_evaluate_normalize_chinese_drops_every_space():
    assert normalize_chinese("前三季度 怎么看？ 怎么办？") == normalize_chinese("前三季度怎么看？怎么办？")
    assert normalize_chinese("方案（2022年）") == "方案(2022年)"


@pytest.mark.parametrize("a, b, overlap", [
    ("key core technologies", "Key core technologies", 1.0),
    ("the four cores of the new security concept", "four cores of the new security concept", 1.0),
    ("self-sufficiency and self-empowerment", "science and technology self-sufficiency and self-empowerment", 0.6),
    ("alpha", "", 0.0),
])
def test_evaluate_token_overlap(a, b, overlap):
    assert token_overlap(a, b) == pytest.approx(overlap)


@pytest.mark.parametrize("score, p, r, f1", [
    (Score(tp=3, fp=1, fn=2), 0.75, 0.6, 2 * 0.75 * 0.6 / 1.35),
    (Score(), 1.0, 1.0, 1.0),  # nothing to find, nothing found
    (Score(fn=2), 0.0, 0.0, 0.0),
    (Score(fp=2), 0.0, 0.0, 0.0),
    (Score(tp=1, fp=1, fn=0, hits=3), 0.75, 1.0, 2 * 0.75 / 1.75),
])
def test_evaluate_score_precision_recall_f1(score, p, r, f1):
    assert (score.precision, score.recall, score.f1) == pytest.approx((p, r, f1))


def test_evaluate_score_line_format():
    assert Score(tp=1).line("money") == "money  P 1.000  R 1.000  F1 1.000  (tp 1, fp 0, fn 0)"


# --- matchers -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("gold, row, found", [
    ({"amount": 1e9, "currency": "USD"}, {"amount": 1.004e9, "currency": "USD"}, True),  # within 0.5%
    ({"amount": 1e9, "currency": "USD"}, {"amount": 1.006e9, "currency": "USD"}, False),
    ({"amount": 1e9, "currency": "USD"}, {"amount": 1e9, "currency": "CNY"}, False),
    ({"amount": 1e9, "currency": "cny"}, {"amount": 1e9, "currency": "CNY"}, True),
])
def test_evaluate_money_amount_and_currency(gold, row, found):
    assert counts(match_money([gold], [row])) == ((1, 0, 0) if found else (0, 1, 1))


def test_evaluate_money_each_row_found_once():
    gold = [{"amount": 5, "currency": "USD"}, {"amount": 5, "currency": "USD"}]
    assert counts(match_money(gold, [{"amount": 5, "currency": "USD"}])) == (1, 0, 1)


def test_evaluate_percentages_on_value():
    gold = [{"value": 2.5}, {"value": 10}]
    out = [{"value": 2.5}, {"value": 12.7}]
    assert counts(match_percentages(gold, out)) == (1, 1, 1)


def test_evaluate_acronyms_distinct_and_normalised():
    gold = [{"short": "MOST", "long": "Ministry of Science and Technology"}, {"short": "NKPs", "long": "key programs"}]
    out = [{"short": "MOST", "long": "ministry of science and technology"},
           {"short": "MOST", "long": "Ministry of Science and Technology"}, {"short": "NKP", "long": "key programs"}]
    assert counts(match_acronyms(gold, out)) == (1, 1, 1)


@pytest.mark.parametrize("out_english, out_chinese, found", [
    ("New-style national team", "新型举国体制", True),  # case
    ("“new-style national team”", "新型 举国体制", True),  # quotes, a space in the Chinese
    ("the four cores of the national security concept", "四大内核", True),  # 7 of 8 words: 0.875
    ("new national team", "新型举国体制", False),  # another term for the same Chinese
    ("new-style national team", "举国体制", False),
])
def test_evaluate_glossary_matching(out_english, out_chinese, found):
    gold = [{"english": "new-style national team", "chinese": "新型举国体制"},
            {"english": "The four cores of the new national security concept", "chinese": "四大内核"}]
    score = match_glossary(gold, [{"english": out_english, "chinese": out_chinese}])
    assert counts(score) == ((1, 0, 1) if found else (0, 1, 2))


def test_evaluate_glossary_exact_partner_wins_over_fuzzy():
    gold = [{"english": "key core technologies", "chinese": "关键核心技术"}]
    out = [{"english": "promoted key core technologies", "chinese": "关键核心技术"},
           {"english": "key core technologies", "chinese": "关键核心技术"},
           {"english": "Key Core Technologies", "chinese": "关键核心技术"}]  # a duplicate once normalised
    score = match_glossary(gold, out)
    assert counts(score) == (1, 1, 0)
    assert score.false_positives == ["promoted key core technologies = 关键核心技术"]


def test_evaluate_technologies_by_name_or_alias():
    gold = [{"name": "integrated circuits", "aliases": ["chips", "IC"]}, {"name": "quantum computing", "aliases": []},
            {"name": "5G", "aliases": []}]
    out = [{"canonical": "semiconductors", "text": "chips"}, {"canonical": "semiconductors", "text": "IC"},
           {"canonical": "5g", "text": "5G networks"}, {"canonical": "blockchain", "text": "blockchain"}]
    score = match_technologies(gold, out)
    assert counts(score) == (2, 1, 1)
    assert score.precision == pytest.approx(2 / 3)
    assert score.false_positives == ["blockchain"] and score.false_negatives == ["quantum computing"]


def test_evaluate_organizations_on_entity_rows_with_an_organisation_label():
    gold = [{"name": "European Commission", "aliases": ["the Commission"], "type": "government"},
            {"name": "Ministry of Science and Technology", "aliases": ["MOST"], "type": "government"},
            {"name": "Rhodium Group", "aliases": [], "type": "think_tank"}]
    out = [{"label": "ORG", "text": "the Commission", "canonical": "Commission"},
           {"label": "GOV", "text": "MOST", "canonical": "Ministry of Science and Technology"},
           {"label": "GPE", "text": "Rhodium Group", "canonical": "Rhodium Group"},  # not an organisation label
           {"label": "PROGRAM", "text": "Table 1", "canonical": "Table 1"}]
    score = match_organizations(gold, out)
    assert counts(score) == (2, 1, 1)
    assert score.false_positives == ["table 1"] and score.false_negatives == ["Rhodium Group"]
    # programmes and plans, stock exchanges and boards are in the gold list too
    gold = [{"name": "Made in China 2025", "aliases": []}, {"name": "Shenzhen Stock Exchange", "aliases": []}]
    out = [{"label": "PLAN", "text": "Made in China 2025", "canonical": "Made in China 2025"},
           {"label": "MARKET", "text": "the Shenzhen Stock Exchange", "canonical": "Shenzhen Stock Exchange"}]
    assert counts(match_organizations(gold, out)) == (2, 0, 0)


def test_evaluate_technologies_scores_vocabulary_rows_with_plurals_folded():
    gold = [{"name": "solid-state battery", "aliases": []}, {"name": "new materials", "aliases": []},
            {"name": "energy storage technology", "aliases": []}]
    out = [{"canonical": None, "text": "solid-state batteries", "source": "discovered"},  # a candidate: not scored
           {"canonical": None, "text": "memory chips", "source": "discovered"},
           {"canonical": "new materials", "text": "New-Material", "source": "vocabulary"},
           {"canonical": "energy storage", "text": "energy storage technologies", "source": "vocabulary"}]
    score = match_technologies(gold, out)
    assert counts(score) == (2, 0, 1)
    assert score.false_negatives == ["solid-state battery"]


CITATION_GOLD = [
    {"marker": "1", "title": "State Plans, Research, and Funding", "year": 2021, "urls": ["https://perma.cc/AB"]},
    {"marker": "2", "title": None, "year": None, "urls": []},
    {"marker": "3", "title": "Made in China", "year": 2015, "urls": ["http://a.cn/x"]},
]


def test_evaluate_citations_marker_and_fields():
    out = [
        {"kind": "footnote", "marker": "1", "title": "State plans, research and funding", "year": 2021,
         "urls": "https://perma.cc/AB."},
        {"kind": "footnote", "marker": "2", "title": "Comment", "year": None, "urls": None},
        {"kind": "footnote", "marker": "9", "title": None, "year": None, "urls": None},
        {"kind": "bibliography", "marker": None, "title": "Made in China", "year": 2015, "urls": None},
    ]
    scores = match_citations(CITATION_GOLD, out)
    assert counts(scores["citations"]) == (2, 1, 1)
    assert counts(scores["citations.urls"]) == (1, 0, 1)  # note 3 not found
    assert counts(scores["citations.year"]) == (1, 0, 1)
    assert counts(scores["citations.title"]) == (1, 1, 1)  # note 2 has no source title


@pytest.mark.parametrize("gold, out, same", [
    ("Strengthen the national strategic force", "strengthen the national strategic force.", True),
    ("The four cores of the new national security concept", "Four cores of the new national security concept", True),
    ("Speech at the Symposium on Network Security", "Speech at the Symposium", False),
    (None, "Anything", False),
])
def test_evaluate_same_title(gold, out, same):
    assert same_title(gold, out) is same


def test_evaluate_intext_found_and_resolved():
    bibliography = [{"key": "Xi 2020", "authors": ["Xi Jinping"], "year": 2020, "year_suffix": "", "title": "Issues"},
                    {"key": "Xu et al. 2020", "authors": ["Xu Zhifeng"], "year": 2020, "year_suffix": "",
                     "title": "Crisis"}]
    citations = [{"citation_id": "b1", "authors": "Xi Jinping", "year": 2020, "year_suffix": None, "title": "Issues"},
                 {"citation_id": "b2", "authors": "Bai Chunli", "year": 2021, "year_suffix": None, "title": "Force"}]
    gold = [{"text": "(Xi 2020)", "surname_or_org": "Xi", "year": 2020, "year_suffix": "", "resolves_to": "Xi 2020"},
            {"text": "(Xu et al. 2020)", "surname_or_org": "Xu et al.", "year": 2020, "year_suffix": "",
             "resolves_to": "Xu et al. 2020"},
            {"text": "(Lin 2014)", "surname_or_org": "Lin", "year": 2014, "year_suffix": "", "resolves_to": None}]
    out = [{"text": "(Xi 2020)", "surname_or_org": "Xi", "year": 2020, "year_suffix": None, "resolves_to": "b1"},
           {"text": "(Xu et al. 2020)", "surname_or_org": "Xu", "year": 2020, "year_suffix": None,
            "resolves_to": "b2"},
           {"text": "(Wu 2021)", "surname_or_org": "Wu", "year": 2021, "year_suffix": None, "resolves_to": None}]
    scores = match_intext(gold, out, bibliography, citations)
    assert counts(scores["intext_citations"]) == (2, 1, 1)
    assert counts(scores["intext_citations.resolved"]) == (1, 1, 1)  # Xu resolved to the wrong entry


def test_evaluate_cells_as_a_multiset():
    score = match_cells(["a", "b", "b", "c"], ["b", "a", "d", "b", "b"], "table1")
    assert counts(score) == (3, 2, 1)
    assert score.false_negatives == ["table1: c"]


# --- folders and the command ----------------------------------------------------------------------------------


@pytest.fixture()
def folders(tmp_path):
    out = write_out(tmp_path / "out", ["doc-a"], {
        "money": [{"doc_id": "doc-a", "amount": 1e9, "currency": "USD", "kind": "body", "text": "$1 billion"},
                  {"doc_id": "doc-a", "amount": 5e6, "currency": "CNY", "kind": "footnote", "text": "RMB 5 million"},
                  {"doc_id": "other", "amount": 7.0, "currency": "EUR", "kind": "body", "text": "€7"}],
        "glossary": [{"doc_id": "doc-a", "english": "long boards", "chinese": "长板"},
                     {"doc_id": "doc-a", "english": "compensate", "chinese": "补短板"}],
        "tables": [{"doc_id": "doc-a", "table_id": "table1", "csv_path": "tables/doc-a.table1.csv"}],
    })
    (out / "tables").mkdir()
    (out / "tables" / "doc-a.table1.csv").write_text("Area,2020\nChips,5\n", encoding="utf-8")
    gold_dir = tmp_path / "gold"
    gold = write_gold(gold_dir, "doc-a",
                      money=[{"text": "$1 billion", "amount": 1e9, "currency": "USD", "where": "body"},
                             {"text": "RMB 9 million", "amount": 9e6, "currency": "CNY", "where": "footnote"}],
                      glossary=[{"english": "long boards", "chinese": "长板"}],
                      tables=[{"id": "Table 1", "csv": "doc-a.table1.csv"}])
    (gold_dir / "doc-a.table1.csv").write_text("Area,2020\nChips,6\n", encoding="utf-8")
    return out, gold


def test_evaluate_folder_scores_each_table(folders):
    out, gold = folders
    scores = evaluate(out, [gold])
    assert list(scores) == ["money", "percentages", "acronyms", "glossary", "technologies", "organizations",
                            "citations", "citations.type", "citations.urls", "citations.year", "citations.date",
                            "citations.title", "citations.authors", "citations.container", "intext_citations",
                            "intext_citations.resolved", "tables", "passages", "phase"]
    assert counts(scores["money"]) == (1, 1, 1)  # the other document's euro is not this one's
    assert counts(scores["glossary"]) == (1, 1, 0)
    assert counts(scores["tables"]) == (3, 1, 1)
    assert counts(scores["percentages"]) == (0, 0, 0) and scores["percentages"].f1 == 1.0


def test_evaluate_where_restricts_money_to_body(folders):
    out, gold = folders
    assert counts(evaluate(out, [gold], tables=["money"], where=["body"])["money"]) == (1, 0, 0)
    assert counts(evaluate(out, [gold], tables=["money"], where=["footnote"])["money"]) == (0, 1, 1)


def test_evaluate_cli_prints_one_line_per_table(folders):
    out, gold = folders
    result = CliRunner().invoke(cli, ["evaluate", str(out), str(gold), "--table", "money", "--where", "body"])
    assert result.exit_code == 0, result.output
    assert result.output == "money  P 1.000  R 1.000  F1 1.000  (tp 1, fp 0, fn 0)\n"


def test_evaluate_cli_json_and_errors(folders):
    out, gold = folders
    result = CliRunner().invoke(cli, ["evaluate", str(out), str(gold), "--table", "glossary", "--json",
                                      "--show-errors"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {"glossary": {
        "precision": 0.5, "recall": 1.0, "f1": 0.6667, "tp": 1, "fp": 1, "fn": 0,
        "false_positives": ["doc-a: compensate = 补短板"], "false_negatives": []}}


def test_evaluate_cli_show_errors_lists_fp_and_fn(folders):
    out, gold = folders
    result = CliRunner().invoke(cli, ["evaluate", str(out), str(gold), "--table", "money", "--show-errors"])
    assert result.output.splitlines() == [
        "money  P 0.500  R 0.500  F1 0.500  (tp 1, fp 1, fn 1)",
        "  fp  doc-a: RMB 5 million = 5000000.0 CNY",
        "  fn  doc-a: RMB 9 million = 9000000.0 CNY",
    ]


def test_evaluate_cli_names_a_document_missing_from_out(folders, tmp_path):
    out, _ = folders
    missing = write_gold(tmp_path / "gold2", "doc-b", money=[])
    result = CliRunner().invoke(cli, ["evaluate", str(out), str(missing)])
    assert result.exit_code == 1
    assert result.output == (f"Error: doc-b: not in {out / 'documents.csv'}; run `pipeline run` on doc-b.pdf "
                             f"with --out {out} first\n")


@pytest.mark.parametrize("setup, message", [
    (lambda d: None, "no documents.csv here"),
    (lambda d: (d / "documents.csv").write_text("doc_id,path\n,\n", encoding="utf-8"), "cannot read the table"),
])
def test_evaluate_bad_output_folder_is_one_line(tmp_path, setup, message):
    out = tmp_path / "out"
    out.mkdir()
    setup(out)
    gold = write_gold(tmp_path, "doc-a")
    with pytest.raises(EvaluateError, match=message):
        evaluate(out, [gold])


def test_evaluate_bad_gold_file(tmp_path, folders):
    out, _ = folders
    bad = tmp_path / "doc-a.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(EvaluateError, match="a gold file holds one JSON object"):
        evaluate(out, [bad])


def test_evaluate_paper_reports_every_table(paper, tmp_path):
    gold = need(PAPER_GOLD)
    out = tmp_path / "out"
    write_outputs(out, [paper], {"run_id": "test"}, set())
    result = CliRunner().invoke(cli, ["evaluate", str(out), str(gold), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert set(TABLES) <= set(scores)
    assert scores["glossary"]["f1"] >= 0.9
    gold_pairs = {(g["english"], g["chinese"]) for g in json.loads(gold.read_text(encoding="utf-8"))["glossary"]}
    assert scores["glossary"]["tp"] + scores["glossary"]["fn"] == len(gold_pairs)
    assert scores["glossary.person"]["f1"] >= 0.9


def test_evaluate_cli_one_line_per_document_and_pooled_without_unannotated(tmp_path):
    out = write_out(tmp_path / "out", ["doc-a", "doc-b"], {
        "money": [{"doc_id": "doc-a", "amount": 1e9, "currency": "USD", "kind": "body", "text": "$1 billion"},
                  {"doc_id": "doc-b", "amount": 7.0, "currency": "EUR", "kind": "body", "text": "€7"}],
    })
    gold_a = write_gold(tmp_path / "gold", "doc-a",
                        money=[{"text": "$1 billion", "amount": 1e9, "currency": "USD", "where": "body"},
                               {"text": "$2 billion", "amount": 2e9, "currency": "USD", "where": "body"}])
    gold_b = write_gold(tmp_path / "gold", "doc-b", money=[])
    result = CliRunner().invoke(cli, ["evaluate", str(out), str(gold_a), str(gold_b), "--table", "money"])
    assert result.exit_code == 0, result.output
    # doc-b annotates no money, so its euro is neither a false positive nor a perfect score
    assert result.output.splitlines() == [
        "doc-a  money  P 1.000  R 0.500  F1 0.667  (tp 1, fp 0, fn 1)",
        "doc-b  money  not annotated",
        "pooled  money  P 1.000  R 0.500  F1 0.667  (tp 1, fp 0, fn 1)",
    ]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_eval_runs_the_pdf_behind_each_gold_file(tmp_path):
    shared = tmp_path / "shared"
    for rel in ("gold/doc-a.json", "gold/doc-b.json", "corpus/seeds/doc-a.pdf", "corpus/real/doc-b.pdf",
                "corpus/real/unannotated.pdf"):
        (shared / rel).parent.mkdir(parents=True, exist_ok=True)
        (shared / rel).write_text("{}")
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / ".installed").touch()
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(["make", "-s", "-n", "-C", str(root), "eval", f"SHARED={shared}", f"VENV={tmp_path / 'venv'}",
                           "PY=py", "EVAL_OUT=evalout"], capture_output=True, text=True, check=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith("py -m pipeline")]
    assert lines == [
        f"py -m pipeline run {shared}/corpus/seeds/doc-a.pdf {shared}/corpus/real/doc-b.pdf --out evalout",
        f"py -m pipeline evaluate evalout {shared}/gold/doc-a.json {shared}/gold/doc-b.json",
    ]


def test_evaluate_passages_by_start_on_body_rows_only():
    gold = [{"start": "\u201cChina\u2019s plan\u201d sets"}, {"start": "Second paragraph"}, {"start": "Missed one"}]
    out = [{"kind": "body", "text": "\u2022 \"China's plan\" sets out   targets for 2025."},
           {"kind": "body", "text": "second paragraph, cut at the page"},
           {"kind": "body", "text": "foot of the column"},
           {"kind": "aside", "text": "Missed one, printed as an aside"}]
    assert counts(match_passages(gold, out)) == (2, 1, 1)


def test_evaluate_passages_on_body_starts(tmp_path):
    out = write_out(tmp_path / "out", ["doc-a", "doc-b"], {"passages": [
        {"doc_id": "doc-a", "passage_id": 1, "kind": "body",
         "text": "• China’s plan sets “key” goals for 2030 and more."},
        {"doc_id": "doc-a", "passage_id": 2, "kind": "body", "text": "continues the sentence cut at the page break."},
        {"doc_id": "doc-a", "passage_id": 3, "kind": "heading", "text": "The Second Paragraph"},
        {"doc_id": "doc-a", "passage_id": 4, "kind": "footnote", "text": "1. A note, never a passage."},
        {"doc_id": "doc-b", "passage_id": 1, "kind": "body", "text": "Unannotated body text."},
    ]})
    gold_a = write_gold(tmp_path / "gold", "doc-a", passages=[
        {"start": "China's plan sets \"key\" goals", "section": "", "phase": "none"},
        {"start": "The second paragraph of the page", "section": "", "phase": "none"}])
    gold_b = write_gold(tmp_path / "gold", "doc-b", passages=[])
    result = CliRunner().invoke(cli, ["evaluate", str(out), str(gold_a), str(gold_b), "--table", "passages"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "doc-a  passages  P 0.500  R 0.500  F1 0.500  (tp 1, fp 1, fn 1)",
        "doc-b  passages  not annotated",
        "pooled  passages  P 0.500  R 0.500  F1 0.500  (tp 1, fp 1, fn 1)",
    ]


def test_evaluate_phase_of_annotated_paragraphs_on_their_passages():
    gold = [{"start": "Dual circulation", "phase": "2020-present"}, {"start": "Made in China", "phase": "2013-2019"},
            {"start": "We define", "phase": "none"}, {"start": "Lost paragraph", "phase": "none"},
            {"start": "No phase given"}]
    out = [{"kind": "body", "text": "Dual circulation was adopted.", "phase": "2020-present"},
           {"kind": "body", "text": "Made in China 2025 named ten sectors.", "phase": "2020-present"},
           {"kind": "body", "text": "We define a scaleup as ...", "phase": "none"},
           {"kind": "heading", "text": "Lost paragraph", "phase": ""}]
    score = match_phase(gold, out)
    assert (score.tp, score.fp, score.fn) == (2, 1, 2)
    assert score.pairs == [("2020-present", "2020-present"), ("2013-2019", "2020-present"), ("none", "none")]
    assert score.line("phase") == ("phase  accuracy 0.667  macro-F1 0.556  macro-F1 (5+) -  "
                                   "(3 matched, 1 wrong, 1 unmatched)")
    assert score.false_positives == ["Made in China -> 2020-present"]
    pooled_ = pooled([{"phase": score}, {"phase": match_phase([], out)}, {"phase": score}])["phase"]
    assert (len(pooled_.pairs), pooled_.to_dict()["accuracy"]) == (6, 0.6667)
