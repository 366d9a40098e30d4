"""The parse cache: each document's passages, notes and tables as segmentation left them, in OUT/.cache/.

When only rule files changed, a later run re-extracts a document from here instead of reading the PDF again.
An entry is used only when its key (the PDF's SHA-256, the package version, the segmentation rules and the
table setting) matches, so a stale or foreign entry is ignored, never trusted.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipeline import __version__
from pipeline.model import Document
from pipeline.rulefiles import PARSE_RULES, rules_hash
from pipeline.settings import Settings
from pipeline.stages.write import replacing

CACHE_DIR = ".cache"


def cache_key(doc: Document, settings: Settings) -> str:
    return f"{doc.sha256}|{__version__}|{rules_hash(settings.rules_dir, PARSE_RULES)}|tables={settings.tables}"


def _path(doc: Document, settings: Settings) -> Path:
    return Path(settings.out) / CACHE_DIR / f"{doc.doc_id}.json"


def save(doc: Document, settings: Settings) -> None:
    """Keep the segmented `doc` (before citations and extraction) for a later run with other rules."""
    path = _path(doc, settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {"key": cache_key(doc, settings), "document": doc.to_dict()}
    with replacing(path) as tmp:
        tmp.write_text(json.dumps(entry, ensure_ascii=False), encoding="utf-8")


def load(doc: Document, settings: Settings) -> Document | None:
    """The cached parse of `doc`, or None when there is none for its bytes and settings (or it cannot be read)."""
    path = _path(doc, settings)
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry.get("key") != cache_key(doc, settings):
            return None
        cached = Document.from_dict(entry["document"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    cached.path, cached.reused_parse = doc.path, True
    return cached
