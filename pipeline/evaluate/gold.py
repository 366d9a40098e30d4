"""Reading the inputs of a score: one annotated document (gold JSON) and the tables of an output folder."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.evaluate.document import TABLES
from pipeline.evaluate.errors import EvaluateError
from pipeline.evaluate.normalise import is_missing
from pipeline.evaluate.pairing import Item
from pipeline.reader import output_folder, read_table
from pipeline.schemas import SCHEMAS


def load_gold(path: Path) -> dict[str, Any]:
    """One annotated document; its doc_id is the file stem.

    Raises:
        EvaluateError: when the file is not a JSON object.
    """
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluateError(f"{path}: cannot read the gold file ({exc})") from exc
    if not isinstance(gold, dict):
        raise EvaluateError(f"{path}: a gold file holds one JSON object (see ../shared/gold/README.md)")
    return gold


def load_outputs(out: Path) -> dict[str, pd.DataFrame]:
    """The output tables in folder `out` by name (organisations are scored on the entities table); a table
    without its CSV is empty.

    Raises:
        EvaluateError: when `out` has no documents.csv, so it is not an output folder.
    """
    try:
        out = output_folder(out)
    except FileNotFoundError as exc:
        raise EvaluateError(str(exc)) from exc
    tables = {}
    # phase and organizations are scored from other tables (passages, entities)
    for name in ("documents", "entities", *(t for t in TABLES if t in SCHEMAS and t != "entities")):
        path = out / f"{name}.csv"
        try:
            tables[name] = read_table(out, name)
        except ValueError as exc:
            raise EvaluateError(f"{path}: cannot read the table ({exc})") from exc
    return tables


def records(df: pd.DataFrame, doc_id: str) -> list[Item]:
    """The rows of one document in an output table, empty cells as None."""
    if "doc_id" in df.columns:
        df = df[df["doc_id"] == doc_id]
    return [{k: (None if is_missing(v) else v) for k, v in r.items()} for r in df.to_dict("records")]
