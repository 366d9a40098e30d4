"""Rule files and the pipeline config: shipped plus a user's folder, checked line by line, clear errors."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.errors import RuleError
from pipeline.rulefiles import SHIPPED_RULES, read_csv, read_jsonl, rule_files
from pipeline.extractors.check import check_file
from pipeline.stages.annotate import config_file, load_nlp


def test_rules_user_file_is_read_after_the_shipped_one(tmp_path):
    (tmp_path / "sections.csv").write_text("pattern,role\nannex,back\n", encoding="utf-8")
    files = rule_files("sections.csv", tmp_path)
    assert [f.origin for f in files] == ["shipped", "user"]
    assert read_csv("sections.csv", tmp_path)[-1] == {"pattern": "annex", "role": "back"}


def test_rules_jsonl_error_names_file_and_line(tmp_path):
    (tmp_path / "x.jsonl").write_text('{"label": "ORG", "pattern": "Big Fund"}\n\n{not json}\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"x\.jsonl:3: not valid JSON"):
        read_jsonl("x.jsonl", tmp_path)


def test_rules_csv_missing_required_column(tmp_path):
    (tmp_path / "x.csv").write_text("symbol\n$\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"x\.csv: missing column\(s\) code"):
        read_csv("x.csv", tmp_path, required=("symbol", "code"))


def test_rules_check_reports_every_bad_line(tmp_path):
    path = tmp_path / "entities.jsonl"
    path.write_text('{"label": "ORG", "pattern": [{"LOWER": "fund"}]}\n'
                    '{oops\n'
                    '{"label": "ORG", "pattern": [{"NOT_AN_ATTR": "x"}]}\n'
                    '{"label": "ORG", "pattern": 7}\n', encoding="utf-8")
    problems = check_file(path)
    assert [p.split(": ", 1)[0] for p in problems] == [f"{path}:2", f"{path}:3", f"{path}:4"]


def test_rules_check_technologies_columns(tmp_path):
    path = tmp_path / "technologies.csv"
    path.write_text("# a comment line\ncanonical,category,aliases,scope,source\n"
                    "qubits,frontier,,,fyp14|us-cet-2024\n"       # good: shipped ids
                    "qudits,frontier,,,my-list\n"                 # declared beside the file, below
                    "hype,frontier,,,made-up\n"
                    "x,chokepoint,,prose,\n", encoding="utf-8")
    (tmp_path / "technology_sources.csv").write_text("id,title\nmy-list,My own list of 2026\n", encoding="utf-8")
    assert check_file(path) == [
        f"{path}:5: 'hype' has source 'made-up', not an id of technology_sources.csv; declare it there or use one of "
        "aspi-ctt, cae-2035, eu-2023, fyp14, fyp15, gics, jp-2022, mic2025, mlp2006, most-2021, my-list, prov-14fyp, "
        "sei2010, std-35, sti2030, us-cet-2024, xi-2021",
        f"{path}:6: 'x' has category 'chokepoint'; use one of bottleneck, frontier, disruptive, general, none",
        f"{path}:6: 'x' has scope 'prose'; leave it empty or write table"]
    result = CliRunner().invoke(cli, ["rules", "check", "--rules", str(tmp_path)])
    assert result.exit_code == 1 and "'hype' has source 'made-up'" in result.output


def test_rules_check_csv_row_width(tmp_path):
    path = tmp_path / "currencies.csv"
    path.write_text("symbol,code\n$,USD\nRMB,CNY,extra\n", encoding="utf-8")
    assert check_file(path) == [f"{path}:3: 3 fields, but the header has 2"]


def test_rules_check_currency_codes_and_unknown_file_names(tmp_path):
    (tmp_path / "currencies.csv").write_text("symbol,code\nNT$,TWD\nfr.,CHF\nbitcoin,BTC\n", encoding="utf-8")
    (tmp_path / "technology.csv").write_text("canonical,category\nqubits,frontier\n", encoding="utf-8")
    (tmp_path / "my_notes.txt").write_text("what I changed\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "check", "--rules", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{tmp_path / 'currencies.csv'}:4: 'BTC' is not an ISO 4217 currency code",
        f"{tmp_path / 'my_notes.txt'}: not a rule file the pipeline reads, so it is ignored; the rule files are "
        + ", ".join(sorted(p.name for p in SHIPPED_RULES.iterdir() if p.is_file())),
        f"{tmp_path / 'technology.csv'}: not a rule file the pipeline reads, so it is ignored; "
        "did you mean technologies.csv?"]


def test_rules_check_cli_exit_code(tmp_path):
    (tmp_path / "entities.jsonl").write_text("[1, 2]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "check", "--rules", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'entities.jsonl'}:1: expected a JSON object" in result.output


def test_rules_list_shows_user_files_and_pipeline_order(tmp_path):
    (tmp_path / "currencies.csv").write_text("symbol,code\nfr.,CHF\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["rules", "list", "--rules", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert f"user         1  {tmp_path / 'currencies.csv'}" in result.output
    assert "ner > entities > acronyms > money > percentages > technologies > glossary" in result.output


def test_rules_user_pipeline_config_replaces_the_shipped_one(tmp_path):
    (tmp_path / "pipeline.cfg").write_text(
        '[nlp]\nlang = "en"\npipeline = ["money"]\n\n[components]\n\n[components.money]\nfactory = "money"\n',
        encoding="utf-8")
    assert config_file(tmp_path) == tmp_path / "pipeline.cfg"
    assert load_nlp(str(tmp_path)).pipe_names == ["money"]


def test_rules_unknown_factory_is_one_clear_error(tmp_path):
    (tmp_path / "pipeline.cfg").write_text(
        '[nlp]\nlang = "en"\npipeline = ["moneyy"]\n\n[components]\n\n[components.moneyy]\nfactory = "moneyy"\n',
        encoding="utf-8")
    result = CliRunner().invoke(cli, ["run", str(tmp_path), "--rules", str(tmp_path), "--out", str(tmp_path / "o"),
                                      "--allow-empty"])
    assert result.exit_code == 1
    assert result.output == (f"Error: {tmp_path / 'pipeline.cfg'}: component 'moneyy' names factory 'moneyy', "
                             "which is not registered (extractors: entities, acronyms, money, percentages, "
                             "technologies, glossary). Fix the file; `pipeline rules check` lists every problem.\n")


def test_rules_test_cli_shows_every_extractor_with_its_columns():
    sentence = ("In 2014 the Ministry of Finance set up the Big Fund with RMB 138.7 billion ($21.8 billion) "
                "for integrated circuits, 20 percent of the total.")
    result = CliRunner().invoke(cli, ["rules", "test", sentence])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "entities      'Big Fund'  label=FUND  canonical=National Integrated Circuit Industry Investment Fund  " \
           "source=rules" in lines
    money = next(line for line in lines if line.startswith("money"))
    assert ("'RMB 138.7 billion ($21.8 billion)'  amount=138700000000.0  currency=CNY  paired_amount=21800000000.0  "
            "paired_currency=USD  year=2014") in money
    assert "percentages   '20 percent'  value=20.0" in lines
    assert ("technologies  'integrated circuits'  canonical=integrated circuits  category=bottleneck  "
            "source=vocabulary") in lines


def test_rules_test_reads_one_text_a_line_from_stdin():
    result = CliRunner().invoke(cli, ["rules", "test", "-"],
                                input="China invested $1.2 billion in chips.\n\nNo amounts here.\n")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "> China invested $1.2 billion in chips."
    assert any(line.startswith("money         '$1.2 billion'  amount=1200000000.0  currency=USD") for line in lines)
    assert lines[-2:] == ["> No amounts here.", "nothing found"]


def test_rules_test_cli_says_when_nothing_is_found():
    result = CliRunner().invoke(cli, ["rules", "test", "Page 12 of 40, table 3, note 7."])
    assert result.exit_code == 0
    assert "money" not in result.output and "percentages" not in result.output
