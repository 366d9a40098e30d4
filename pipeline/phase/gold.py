"""Labelled real documents for the phase model: annotations in the gold format, their text read from the PDFs.

An annotation (../shared/gold/README.md) gives each body paragraph's first words and its phase, not its text.
The text is read from the annotated PDF at training time: the PDF is parsed, and the gold paragraphs are found
among its body passages by their first words (`match_gold`). The repository stores no sentence of these
documents, only what the model learnt from them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.phase.data import ROOT
from pipeline.phase.evaluate import match_gold
from pipeline.phase.grounding import DocTime, body_passages, doc_time


GOLD_DIR = ROOT.parent / "shared" / "gold"  # the annotations beside a clone, where they are kept


class GoldError(ValueError):
    """An annotation that cannot be used for training; the message names the file and the reason."""


@dataclass(frozen=True)
class LabelledDocument:
    """All body passages of one document in reading order, with the phase of those that are annotated."""

    doc_id: str
    texts: tuple[str, ...]
    time: DocTime
    labels: tuple[str | None, ...]  # one per passage; None where the annotation has no paragraph

    @property
    def n_labelled(self) -> int:
        return sum(label is not None for label in self.labels)


def gold_files(folder: Path) -> list[Path]:
    """The annotations in `folder` that label passages with a phase, sorted by name."""
    found = []
    for path in sorted(folder.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        if any(p.get("phase") for p in gold.get("passages", [])):
            found.append(path)
    return found


def find_pdf(doc_id: str, folder: Path) -> Path:
    """`<doc_id>.pdf` anywhere under `folder` (the first in sorted order).

    Raises:
        GoldError: when there is none.
    """
    found = sorted(folder.rglob(f"{doc_id}.pdf"))
    if not found:
        raise GoldError(f"no {doc_id}.pdf under {folder}")
    return found[0]


def parsed(pdf: Path, doc_id: str | None = None):
    """The PDF parsed and segmented without extraction, as the phase model reads documents at training time.

    Raises:
        GoldError: with the one-line reason of a file that cannot be read.
    """
    from pipeline.batch import process, reason  # the ingest stages; imported here so the phase package stays light
    from pipeline.model import Document, Status
    from pipeline.settings import Settings

    doc = process(Document(doc_id=doc_id or pdf.stem, path=str(pdf)), Settings(extract=False))
    if doc.status == Status.FAILED:
        raise GoldError(reason(doc))
    return doc


def read_labelled(gold_path: Path, pdf_folder: Path) -> LabelledDocument:
    """One annotation with its PDF's body passages, parsed without extraction.

    Raises:
        GoldError: naming the file when its PDF is missing or unreadable, or when no annotated paragraph matches.
    """
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    doc_id = gold.get("doc_id") or gold_path.stem
    pdf = find_pdf(doc_id, pdf_folder)
    try:
        doc = parsed(pdf, doc_id)
    except GoldError as exc:
        raise GoldError(f"{gold_path}: {exc}") from exc
    texts = [p.text for p in body_passages(doc)]
    matched = match_gold([p for p in gold.get("passages", []) if p.get("phase")], texts)
    if not matched:
        raise GoldError(f"{gold_path}: none of its passages matched the body text of {pdf.name}")
    labels: list[str | None] = [None] * len(texts)
    for i, phase in matched:
        labels[i] = phase
    return LabelledDocument(doc_id, tuple(texts), doc_time(doc), tuple(labels))


def read_gold_folder(gold_folder: Path, pdf_folder: Path) -> list[LabelledDocument]:
    """Every phase-annotated document of `gold_folder`, its PDF looked up under `pdf_folder`."""
    return [read_labelled(path, pdf_folder) for path in gold_files(gold_folder)]
