"""Validate rule files without stopping at the first bad line: every problem as file:line plus the reason."""
from __future__ import annotations

import csv
import difflib
from pathlib import Path

import pycountry
from spacy.schemas import validate_token_pattern

from pipeline.extractors.money import CURRENCIES_FILE

from pipeline.rulefiles import SHIPPED_RULES, jsonl_lines
from pipeline.vocabulary import SOURCES, VOCABULARY, row_problems


def rule_paths(user_dir: str | Path | None = None) -> list[tuple[Path, str]]:
    """Every rule file in force, as (path, origin): the shipped ones, then the user's folder's."""
    found = [(p, "shipped") for p in sorted(SHIPPED_RULES.iterdir()) if p.is_file() and not p.name.startswith(".")]
    if user_dir:
        found += [(p, "user") for p in sorted(Path(user_dir).iterdir()) if p.is_file() and not p.name.startswith(".")]
    return found


def count_entries(path: Path) -> int:
    """Rules in one file: JSONL objects, CSV data rows, or 1 for any other file."""
    if path.suffix not in (".jsonl", ".csv"):
        return 1
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return len(lines) - (1 if path.suffix == ".csv" and lines else 0)


def check_name(path: Path) -> list[str]:
    """A user's file whose name the pipeline does not read (a typo of one it does is named), else []."""
    known = sorted(p.name for p in SHIPPED_RULES.iterdir() if p.is_file() and not p.name.startswith("."))
    if path.name in known:
        return []
    close = difflib.get_close_matches(path.name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]}?" if close else f"; the rule files are {', '.join(known)}"
    return [f"{path}: not a rule file the pipeline reads, so it is ignored{hint}"]


def check_file(path: Path) -> list[str]:
    """Every problem in one rule file, each as 'file:line: reason'; [] when the file is good."""
    if path.suffix == ".jsonl":
        return _check_jsonl(path)
    if path.suffix == ".csv":
        return _check_csv(path)
    return []


def _check_jsonl(path: Path) -> list[str]:
    problems = []
    for lineno, obj, problem in jsonl_lines(path):
        where = f"{path}:{lineno}"
        if problem:
            problems.append(f"{where}: {problem}")
            continue
        pattern = obj.get("pattern")
        if "pattern" in obj and not isinstance(pattern, (str, list)):
            problems.append(f"{where}: 'pattern' must be a string or a list of token objects")
        elif isinstance(pattern, list):
            problems.extend(f"{where}: {err}" for err in validate_token_pattern(pattern))
    return problems


def _check_csv(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [(n, r) for n, r in enumerate(csv.reader(fh), 1) if r and not r[0].startswith("#")]
    if not rows:
        return [f"{path}: empty file (a CSV rule file needs a header row)"]
    width = len(rows[0][1])
    problems = [f"{path}:{n}: {len(r)} fields, but the header has {width}" for n, r in rows[1:] if len(r) != width]
    if path.name == VOCABULARY:
        problems += _check_vocabulary(path, rows)
    if path.name == CURRENCIES_FILE:
        problems += _check_currency_codes(path, rows)
    return problems


def _check_currency_codes(path: Path, rows: list[tuple[int, list[str]]]) -> list[str]:
    """currencies.csv: every code is a current ISO 4217 code (pycountry's list)."""
    header = [h.strip() for h in rows[0][1]]
    if "code" not in header:
        return [f"{path}:{rows[0][0]}: missing column code in the header row"]
    col = header.index("code")
    return [f"{path}:{n}: {r[col].strip()!r} is not an ISO 4217 currency code" for n, r in rows[1:]
            if len(r) > col and pycountry.currencies.get(alpha_3=r[col].strip()) is None]


def _check_vocabulary(path: Path, rows: list[tuple[int, list[str]]]) -> list[str]:
    """technologies.csv: each row's category, scope and source ids (those of the shipped technology_sources.csv
    and of one beside the file)."""
    header = [h.strip() for h in rows[0][1]]
    known = _source_ids(SHIPPED_RULES / SOURCES) + _source_ids(path.parent / SOURCES)
    problems = []
    for n, r in rows[1:]:
        row = {h: v.strip() for h, v in zip(header, r)}
        problems += [f"{path}:{n}: {row.get('canonical', '')!r} has {p}"
                     for p in row_problems(row, known if "source" in header else None)]
    return problems


def _source_ids(path: Path) -> list[str]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return [row.get("id", "").strip() for row in csv.DictReader(ln for ln in fh if not ln.startswith("#"))]
