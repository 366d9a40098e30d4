"""The labelled passages the phase model is trained and tested on (corpus/phase/passages.jsonl).

One JSON object a line: id, doc (passages of one doc are consecutive and in reading order), split (train, test
or unlabelled), label (a phase; empty for unlabelled rows, which get weak labels from the cue rules) and text.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.phase import PHASES

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DATA = ROOT / "corpus" / "phase" / "passages.jsonl"
SPLITS = ("train", "test", "unlabelled")


@dataclass(frozen=True)
class Example:
    id: str
    doc: str
    split: str
    label: str
    text: str


class DataError(ValueError):
    """A training data file that cannot be used; the message names file:line."""


def read_examples(path: str | Path = DEFAULT_DATA) -> list[Example]:
    """Every passage of a training data file, in file order.

    Raises:
        DataError: naming file:line for a line that is not an object with a known split and label.
    """
    path = Path(path)
    examples = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            ex = Example(str(obj["id"]), str(obj["doc"]), obj["split"], obj.get("label") or "", obj["text"])
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataError(f"{path}:{n}: expected an object with id, doc, split, label and text ({exc})") from exc
        if ex.split not in SPLITS:
            raise DataError(f"{path}:{n}: split {ex.split!r} is not one of {', '.join(SPLITS)}")
        if (ex.label not in PHASES) if ex.split != "unlabelled" else ex.label:
            raise DataError(f"{path}:{n}: label {ex.label!r} is not one of {', '.join(PHASES)}"
                            " (unlabelled rows leave it empty)")
        examples.append(ex)
    return examples


def by_doc(examples: list[Example]) -> list[list[Example]]:
    """The examples grouped into their documents, each in reading order."""
    docs: dict[str, list[Example]] = {}
    for ex in examples:
        docs.setdefault(ex.doc, []).append(ex)
    return list(docs.values())
