"""The phase model's card of figures: the documents it was trained on and its leave-one-document-out scores.

Written by `pipeline train phase` beside the model file (`phase.card.md` beside `phase.model`) from the
model's own metadata, so the card and the model cannot disagree.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.phase import PHASES
from pipeline.phase.evaluate import METHODS


def card_path(model_path: str | Path) -> Path:
    """Where the card of the model at `model_path` goes: the same name with `.card.md`."""
    path = Path(model_path)
    return path.with_name(path.stem + ".card.md")


def render(meta: dict[str, Any]) -> str:
    """The card as Markdown."""
    trained = meta.get("trained_on", {})
    lines = [f"# Phase model {meta.get('version', 'unsaved')}", "",
             "Written by `pipeline train phase`; see models/README.md for what the figures mean.", "",
             "## Trained on", "",
             "| data | published | " + " | ".join(PHASES) + " |", "| --- | --- |" + " ---: |" * len(PHASES)]
    lines.append("| the project's passages (corpus/phase/) | | "
                 + " | ".join(str(trained.get("hand_labelled_project", {}).get(p, 0)) for p in PHASES) + " |")
    for doc_id, counts in trained.get("documents", {}).items():
        lines.append(f"| {doc_id} | {counts.get('published') or ''} | "
                     + " | ".join(str(counts.get(p, 0)) for p in PHASES) + " |")
    weak = trained.get("weak_labelled", {})
    lines.append("| weak labels (half weight) | | " + " | ".join(str(weak.get(p, 0)) for p in PHASES) + " |")
    shares = ", ".join(f"{k} {v}" for k, v in sorted(meta.get("context", {}).items()))
    lines += ["", f"Context shares: {shares}.", ""]
    lodo = meta.get("leave_one_document_out")
    lines += ["## Leave one document out", ""]
    if not lodo:
        lines.append("Not measured: the model was trained without annotated documents.")
        return "\n".join(lines) + "\n"
    lines += ["Each document scored by a model trained on everything else; the baselines on the same passages.", "",
              "| document | n | method | accuracy | macro-F1 | macro-F1 (classes of 5+) |",
              "| --- | ---: | --- | ---: | ---: | ---: |"]
    for doc_id, by_method in lodo.items():
        for method, s in sorted(by_method.items(), key=lambda item: METHODS.index(item[0])):
            min5 = "" if s["macro_f1_min5"] is None else f"{s['macro_f1_min5']:.3f}"
            lines.append(f"| {doc_id} | {s['n']} | {method} | {s['accuracy']:.3f} | {s['macro_f1']:.3f} | {min5} |")
    return "\n".join(lines) + "\n"


def write_card(meta: dict[str, Any], model_path: str | Path) -> Path:
    """Write the card of a saved model beside it; returns its path."""
    path = card_path(model_path)
    path.write_text(render(meta), encoding="utf-8")
    return path
