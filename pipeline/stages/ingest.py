"""Ingest stage: find the PDFs to process, hash them and give each a readable, unique doc_id."""
from __future__ import annotations

import hashlib
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import DocumentTimeout, one_line
from ..model import Document, Status

if TYPE_CHECKING:
    from .write import PreviousDoc


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


MAX_ID_BYTES = 150  # room for "-N", a table id and a temporary suffix within the 255-byte limit of a file name
_SEPARATORS = str.maketrans("/\\", "__")


def safe_id(stem: str) -> str:
    """A doc_id from a file stem that is safe as a file name: no separators, control or format characters
    (newline, RTL override), no surrogates (undecodable bytes in the name), no leading dots (so never `.` or
    `..`), at most MAX_ID_BYTES of UTF-8."""
    name = "".join("_" if unicodedata.category(c) in ("Cc", "Cf", "Cs") else c for c in stem.translate(_SEPARATORS))
    dots = len(name) - len(name.lstrip("."))
    name = "_" * dots + name[dots:] or "_"
    return name.encode("utf-8")[:MAX_ID_BYTES].decode("utf-8", "ignore")


def sha256(path: Path, timeout: float = 0) -> str:
    """The SHA-256 of the file's bytes, in hex.

    Raises:
        DocumentTimeout: after `timeout` seconds (0: no limit), checked between reads of 1 MB, so a huge
            (or sparse) file cannot hold up the batch before its own time limit even starts.
    """
    h = hashlib.sha256()
    deadline = time.monotonic() + timeout if timeout else None
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
            if deadline is not None and time.monotonic() > deadline:
                raise DocumentTimeout(f"timed out after {timeout:g} s (while reading the file for its hash)")
    return h.hexdigest()


DONE = (Status.OK.value, Status.PARTIAL.value)  # an earlier run's statuses that need no re-run


def ingest(paths: Iterable[Path], previous: dict[str, PreviousDoc] | None = None,
           force: bool = False, rules_hash: str = "", timeout: float = 0) -> list[Document]:
    """One Document per input file, marked `skipped` when its bytes and rules match the last run's.

    Args:
        paths: files and folders to process.
        previous: doc_id -> what the output folder's last run recorded (`write.previous_hashes`).
        force: process every document even when unchanged.
        rules_hash: this run's rules (see batch.run_batch); a document made with other rules is not skipped.
        timeout: the per-document time limit; the time spent hashing a file counts against it (its
            `timings["hash"]`), and a file that cannot be hashed in that time fails with `timeout`.
    Returns:
        Documents in input order. doc_id is the file stem made safe (`safe_id`); a stem seen twice, in any
        case, gets "-2", "-3"... (so that no two part files collide on a case-insensitive file system).
    """
    previous = previous or {}
    docs: list[Document] = []
    used: set[str] = set()
    for path in discover(paths):
        base = safe_id(path.stem)
        doc_id, k = base, 1
        while doc_id.casefold() in used:
            k += 1
            doc_id = f"{base}-{k}"
        used.add(doc_id.casefold())
        doc = Document(doc_id=doc_id, path=str(path))
        t0 = time.perf_counter()
        try:
            doc.sha256 = sha256(path, timeout)
        except OSError as exc:
            doc.status, doc.error = Status.FAILED, one_line(f"{path}: cannot read the file ({exc.strerror or exc})")
        except DocumentTimeout as exc:
            doc.status, doc.error = Status.FAILED, one_line(f"{path}: {exc}")
            doc.add_problem("ingest", "timeout", str(exc))
        doc.timings["hash"] = time.perf_counter() - t0
        doc.seconds = round(doc.timings["hash"], 3)
        prev = previous.get(doc_id)
        unchanged = prev is not None and prev.sha256 == doc.sha256 and prev.status in DONE
        if not force and unchanged and (not rules_hash or prev.rules_hash == rules_hash):
            doc.status = Status.SKIPPED
        docs.append(doc)
    return docs
