"""Rule files: the shipped ones in pipeline/rules/ and a user's folder (`--rules DIR`) on top.

A user's file has the same name as the shipped one it adds to; its entries are read after the shipped ones, so
for keyed lookups a user's line wins. No spaCy here: layout and segmentation read their rules too.
"""
from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from pipeline.errors import RuleError

T = TypeVar("T")

SHIPPED_RULES = Path(__file__).resolve().parent / "rules"


@dataclass(frozen=True)
class RuleFile:
    path: Path
    origin: str  # shipped | user


def rule_files(name: str, user_dir: str | Path | None = None) -> list[RuleFile]:
    """The files in force for rule file `name`: the shipped one, then the user's, where each exists."""
    found = [RuleFile(SHIPPED_RULES / name, "shipped")]
    if user_dir:
        found.append(RuleFile(Path(user_dir) / name, "user"))
    return [f for f in found if f.path.is_file()]


def read_jsonl(name: str, user_dir: str | Path | None = None) -> list[dict[str, Any]]:
    """Every object in the JSONL rule files `name` (shipped first, then the user's); blank and # lines skipped.

    Raises:
        RuleError: naming file:line for the first line that is not a JSON object.
    """
    entries: list[dict[str, Any]] = []
    for rf in rule_files(name, user_dir):
        for lineno, obj, problem in jsonl_lines(rf.path):
            if problem:
                raise RuleError(f"{rf.path}:{lineno}: {problem}")
            entries.append(obj)
    return entries


def jsonl_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | None, str]]:
    """Each rule line of a JSONL file as (line number, object, ""), or (line number, None, what is wrong).

    Blank lines and lines starting with # are skipped. Shared by reading (which stops at the first problem)
    and `pipeline rules check` (which lists them all).
    """
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, None, f"not valid JSON ({exc.msg})"
            continue
        if not isinstance(obj, dict):
            yield lineno, None, f"expected a JSON object, got {type(obj).__name__}"
            continue
        yield lineno, obj, ""


def read_csv(name: str, user_dir: str | Path | None = None, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Every row of the CSV rule files `name` (shipped first, then the user's), as dicts by header.

    Raises:
        RuleError: when a file lacks a `required` column or a row leaves a required column empty.
    """
    rows: list[dict[str, str]] = []
    for rf in rule_files(name, user_dir):
        with rf.path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(line for line in fh if not line.startswith("#"))
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise RuleError(f"{rf.path}: missing column(s) {', '.join(missing)} in the header row")
            for lineno, row in enumerate(reader, 2):
                row = {k: (v or "").strip() for k, v in row.items() if k is not None}
                empty = [c for c in required if not row.get(c)]
                if empty:
                    raise RuleError(f"{rf.path}:{lineno}: empty {', '.join(empty)}")
                rows.append(row)
    return rows


PARSE_RULES = ("sections.csv", "hyphen_prefixes.csv", "byline_roles.csv", "boilerplate.csv")  # read by segmentation; every other file by later stages


def rules_hash(user_dir: str | Path | None = None, names: tuple[str, ...] | None = None) -> str:
    """A short SHA-256 of the rule files in force (default: every file, shipped and the user's), so a run can
    tell which documents were made with other rules."""
    if names is None:
        folders = [SHIPPED_RULES, *([Path(user_dir)] if user_dir else [])]
        names = tuple(sorted({p.name for d in folders if d.is_dir() for p in d.iterdir() if p.is_file()}))
    h = hashlib.sha256()
    for name in names:
        for rf in rule_files(name, user_dir):
            h.update(f"{rf.origin}/{name}\0".encode())
            h.update(rf.path.read_bytes())
    return h.hexdigest()[:16]


_CACHED: list[Any] = []  # loaders decorated with rule_cache
_SEEN: list[str] = []  # the rules hash the cached loaders were filled under, in this process


def rule_cache(loader: Callable[..., T]) -> Callable[..., T]:
    """Cache a loader of rule files by its arguments (the rules folder), until the files in force change.

    A long-lived process (a notebook calling pipeline.run twice) would otherwise keep the rules it read first
    after the user edits a file; `refresh` empties every such cache when the rules hash moves.
    """
    cached = lru_cache(maxsize=8)(loader)
    _CACHED.append(cached)
    return cached


def forget() -> None:
    """Forget every cached rule (a forked worker may hold what its parent read long ago)."""
    for cached in _CACHED:
        cached.cache_clear()
    _SEEN.clear()


def refresh(current_hash: str) -> None:
    """Forget every cached rule when `current_hash` differs from the one the caches were filled under."""
    if _SEEN and _SEEN[-1] != current_hash:
        for cached in _CACHED:
            cached.cache_clear()
    _SEEN[:] = [current_hash]
