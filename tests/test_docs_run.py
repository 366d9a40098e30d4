"""The README's commands and every `Example:` of `--help` run as written on the default corpus.

They run in a folder holding the default corpus as `corpus/` and the output of `pipeline run corpus/ --out
outputs/`, as after `make run`; the placeholder files they name (a reference table, a gold file, a rules
folder) are made first, as a user would make them.
"""
from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

ROOT = Path(__file__).resolve().parents[1]
# Run elsewhere: it rebuilds the shipped model from every annotated document, which takes minutes
# (tests/test_phase.py retrains it and checks the result).
SLOW = {("train", "phase")}


def readme_commands() -> list[str]:
    """The commands of the sh block of the README's Use section, comments dropped."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^## Use\n.*?```sh\n(.*?)```", text, re.S | re.M).group(1)
    return [line for line in block.splitlines() if line.startswith(".venv/bin/pipeline ")]


def help_examples(group: click.Group = cli) -> list[str]:
    """Every `Example: pipeline ...` line of the commands' help texts."""
    found = []
    for command in group.commands.values():
        found += re.findall(r"^\s*Example: (pipeline .+)$", command.help or "", re.M)
        if isinstance(command, click.Group):
            found += help_examples(command)
    return found


def _args(command: str) -> list[str]:
    first = re.split(r"\s(?:\||&&)\s", command)[0]  # "pipeline report outputs/ && xdg-open ..." runs the pipeline part
    return shlex.split(first, comments=True)[1:]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("docs")
    (work / "corpus").symlink_to(ROOT / "corpus", target_is_directory=True)
    (work / "brief_semiconductor_finance.funds.csv").write_text(
        "Fund,Amount\nBig Fund,RMB 138.7 billion\nBig Fund second phase,RMB 204.2 billion\n", encoding="utf-8")
    (work / "gold").mkdir()
    (work / "gold" / "brief_semiconductor_finance.json").write_text(json.dumps({
        "doc_id": "brief_semiconductor_finance",
        "money": [{"text": "RMB 138.7 billion", "amount": 1.387e11, "currency": "CNY", "where": "body"}]}),
        encoding="utf-8")
    (work / "my_rules").mkdir()
    (work / "my_rules" / "acronym_stopwords.csv").write_text("short,why\nETA,estimated time of arrival\n",
                                                                encoding="utf-8")
    return work


@pytest.fixture(scope="module")
def ran(workdir: Path) -> Path:
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(workdir)
        result = CliRunner().invoke(cli, ["run", "corpus/", "--out", "outputs/"])
    assert result.exit_code == 0, result.output
    return workdir


def test_docs_every_help_example_is_collected():
    examples = help_examples()
    assert len(examples) >= 12
    assert "pipeline inspect outputs/ entities --doc brief --where \"label = 'ORG'\" --limit 10" in examples


@pytest.mark.parametrize("command", readme_commands() + help_examples())
def test_docs_command_runs_as_written(ran: Path, monkeypatch, command: str):
    args = _args(command)
    if tuple(args) in SLOW:
        pytest.skip(f"`pipeline {' '.join(args)}` rebuilds the shipped model; tests/test_phase.py covers it")
    monkeypatch.chdir(ran)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, f"{command}\n{result.output}"
    assert result.output.strip(), command


def test_tables_lists_every_table_and_shows_one_with_types():
    listing = CliRunner().invoke(cli, ["tables"])
    assert listing.exit_code == 0
    assert "money: Amounts of money found in passages, notes and table cells." in listing.output
    one = CliRunner().invoke(cli, ["tables", "money"])
    assert one.exit_code == 0
    assert "│ amount " in one.output and "│ number " in one.output and "│ may be empty │" in one.output.replace("┃", "│")
    bad = CliRunner().invoke(cli, ["tables", "moneys"])
    assert bad.exit_code == 1 and bad.output.startswith("Error: no output table 'moneys'; the tables are documents")
