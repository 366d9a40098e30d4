"""Ingest stage: find the PDFs to process, hash them and give each a readable, unique doc_id."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from ..model import Document, Status


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files named on the command line, plus every `*.pdf` below the folders named (sorted, no repeats).

    Raises:
        FileNotFoundError: a path that does not exist, so a typo is not a silent empty run.
    """
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() == ".pdf"))
        elif p.is_file():
            found.append(p)
        else:
            raise FileNotFoundError(f"{p}: no such file or folder")
    seen: set[Path] = set()
    unique = []
    for f in found:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def ingest(paths: Iterable[Path], previous: dict[str, tuple[str, str, str]] | None = None,
           force: bool = False) -> list[Document]:
    """One Document per input file, marked `skipped` when its bytes match the last run's.

    Args:
        paths: files and folders to process.
        previous: doc_id -> (sha256, status, path) from the output folder's last run.
        force: process every document even when unchanged.
    Returns:
        Documents in input order. doc_id is the file stem; a stem seen twice gets "-2", "-3"...
    """
    previous = previous or {}
    docs: list[Document] = []
    used: set[str] = set()
    for path in discover(paths):
        doc_id, k = path.stem, 1
        while doc_id in used:
            k += 1
            doc_id = f"{path.stem}-{k}"
        used.add(doc_id)
        doc = Document(doc_id=doc_id, path=str(path))
        try:
            doc.sha256 = sha256(path)
        except OSError as exc:
            doc.status, doc.error = Status.FAILED, f"{path}: cannot read the file ({exc.strerror or exc})"
        prev = previous.get(doc_id)
        if not force and prev and prev[0] == doc.sha256 and prev[1] in (Status.OK.value, Status.PARTIAL.value):
            doc.status = Status.SKIPPED
        docs.append(doc)
    return docs
