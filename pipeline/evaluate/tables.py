"""Matcher of the tables table: the cells of each gold table's CSV against those of the CSV the output wrote."""
from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pipeline.evaluate.errors import EvaluateError
from pipeline.evaluate.normalise import is_missing, normalize_text
from pipeline.evaluate.pairing import Item
from pipeline.evaluate.score import Score
from pipeline.stages.write import read_cells


def table_id(name: Any) -> str:
    """A table's id for matching: "Table 3" and "table3" are both table3."""
    return re.sub(r"\W+", "", str(name).lower())


def cells(rows: Iterable[Sequence[Any]]) -> list[str]:
    """Every non-empty cell of a table, normalised with `normalize_text`."""
    return [c for row in rows for c in (normalize_text(v) for v in row) if c]


def match_cells(gold_cells: Sequence[str], out_cells: Sequence[str], label: str) -> Score:
    """Table cells as a multiset: a cell value found as often in both counts as found, the rest fp or fn.
    Positions are not compared, so a header row read as data or a table split across pages still scores."""
    remaining: dict[str, int] = defaultdict(int)
    for c in out_cells:
        remaining[c] += 1
    tp, fn = 0, []
    for c in gold_cells:
        if remaining[c] > 0:
            remaining[c] -= 1
            tp += 1
        else:
            fn.append(f"{label}: {c}")
    fp = [f"{label}: {c}" for c, n in remaining.items() for _ in range(n)]
    return Score(tp=tp, fp=len(fp), fn=len(fn), false_positives=fp, false_negatives=fn)


def match_tables(gold: Sequence[Item], gold_dir: Path, out_rows: Sequence[Item], out_dir: Path) -> Score:
    """Tables: each gold table's cells (its CSV beside the gold file) against the cells of the output table
    with the same id (`table_id`) by `match_cells`; the cells of output tables the gold lacks are fp."""
    score = Score()
    by_id = {table_id(r.get("table_id")): r for r in out_rows}
    for g in gold:
        tid = table_id(g.get("id"))
        row = by_id.pop(tid, None)
        out_cells = _read_cells(out_dir, row.get("csv_path")) if row else []
        score += match_cells(cells(_read_csv(gold_dir / g["csv"])) if g.get("csv") else [], out_cells, tid)
    for tid, row in by_id.items():
        score += match_cells([], _read_cells(out_dir, row.get("csv_path")), tid)
    return score


def _read_cells(out_dir: Path, rel: Any) -> list[str]:
    if is_missing(rel):
        return []
    path = out_dir / str(rel)
    if not path.is_file():
        raise EvaluateError(f"{path}: table CSV not found")
    return cells(read_cells(path))


def _read_csv(path: Path) -> list[list[str]]:
    if not path.is_file():
        raise EvaluateError(f"{path}: table CSV not found")
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))
