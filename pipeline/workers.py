"""Where documents are processed: in this process, in N worker processes, or on a Dask cluster.

All three run the same per-document function, which writes the document's result part to the output folder
(see stages/parts.py) and returns a summary; nothing else travels back. So a batch of thousands of documents
never holds more than one document's contents per worker, and the three paths give the same tables.
"""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from pipeline.model import Document
from pipeline.settings import Settings
from pipeline.stages.parts import part_summary

Work = Callable[[Document, Settings, dict[str, Any]], Document]


def summary(doc: Document) -> Document:
    """The document without its contents: ids, status, error, pages, time and problems."""
    return Document(doc_id=doc.doc_id, path=doc.path, sha256=doc.sha256, n_pages=doc.n_pages, status=doc.status,
                    error=doc.error, seconds=doc.seconds, timings=dict(doc.timings), metadata=dict(doc.metadata),
                    problems=list(doc.problems), rules_hash=doc.rules_hash, reused_parse=doc.reused_parse)


def resumable(out: Path, docs: list[Document]) -> Iterator[Document]:
    """Summaries of the documents whose part a killed run left behind, made from the same bytes."""
    for doc in docs:
        done = part_summary(out, doc)
        if done is not None:
            yield done


def run_documents(work: Work, docs: list[Document], settings: Settings, run_info: dict[str, Any]) -> Iterator[Document]:
    """Apply `work` to every document, serially or in parallel by `settings`; yield summaries as they finish."""
    if not docs:
        return
    task = partial(work, settings=settings, run_info=run_info)
    if settings.dask:
        yield from _dask(task, docs, settings.dask)
    elif settings.workers > 1 and len(docs) > 1:
        yield from _processes(task, docs, settings)
    else:
        yield from map(task, docs)


def _processes(task, docs: list[Document], settings: Settings) -> Iterator[Document]:
    # spawn, not fork: a forked child would inherit the parent's threads (progress bars) and loaded libraries
    # in whatever state they were; each spawned worker loads the spaCy pipeline once, in `_init_worker`.
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(min(settings.workers, len(docs)), initializer=_init_worker, initargs=(settings,)) as pool:
        yield from pool.imap_unordered(task, docs, chunksize=1)


def _init_worker(settings: Settings) -> None:
    if settings.extract:
        from pipeline.stages.annotate import load_nlp
        load_nlp(settings.rules_dir)


def _dask(task, docs: list[Document], address: str) -> Iterator[Document]:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise RuntimeError("--dask needs the dask extra: pip install 'policy-pdf-pipeline[dask]'") from exc
    with Client(address) as client:
        futures = client.map(task, docs, pure=False)
        for future in as_completed(futures):
            yield future.result()
