"""Run the stages over a batch of documents: one bad PDF fails alone, the rest of the batch goes on."""
from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import __version__, csvsafe
from .compare import compare_outputs
from .errors import CATEGORIES, BadPDFError, DocumentTimeout, RuleError, one_line
from .limits import time_limit
from .model import Document, Status
from .outlock import locked
from .settings import Settings
from .phase.store import ModelError
from .rulefiles import refresh as refresh_rules, rules_hash
from .stages import cache as parse_cache
from .stages.annotate import annotate, load_nlp
from .stages.cite import cite
from .stages.classify import classify, load_model, model_version
from .stages.ingest import discover, ingest
from .stages.parse import parse
from .stages.parts import read_parts, remove_parts, write_part
from .stages.segment import segment
from .stages.tabulate import runs_frame
from .stages.write import previous_hashes, write_tables
from .workers import Pool, failed, resumable, run_documents, summary, supervised


@dataclass
class BatchResult:
    documents: list[Document]  # every document of the run, without its contents (see workers.summary)
    rows: dict[str, int] = field(default_factory=dict)  # rows written per table, earlier runs' included
    out: Path = Path("outputs")
    found: dict[str, int] = field(default_factory=dict)  # rows per table from this run's documents alone
    coverage: list[str] = field(default_factory=list)  # one line per table compared with the prose (compare)

    def count(self, status: Status) -> int:
        return sum(d.status == status for d in self.documents)

    @property
    def failed(self) -> list[Document]:
        return [d for d in self.documents if d.status == Status.FAILED]


def process(doc: Document, settings: Settings, keep_lines: bool = False, cache: bool = False) -> Document:
    """Parse and segment one document, recording any failure on it instead of raising.

    Args:
        doc: a Document from `ingest` (path and doc_id set).
        settings: run settings; with `strict`, the first failure is raised.
        keep_lines: keep the per-page layout lines (for `pipeline parse --lines`); they are dropped
            otherwise, because nothing downstream needs them and a long batch would hold them all.
        cache: read the parse from, and save it to, the output folder's parse cache (pipeline/stages/cache.py),
            so a run whose rules changed re-extracts without reading the PDF again.
    Returns:
        The Document with status ok, partial or failed: the same one, or its cached parse.
    """
    t0 = time.perf_counter()
    cached = parse_cache.load(doc, settings) if cache else None
    if cached is not None:
        cached.rules_hash, doc = doc.rules_hash, cached
    try:
        with time_limit(settings.timeout):
            _stages(doc, settings, cache)
    except DocumentTimeout as exc:
        if settings.strict:
            raise DocumentTimeout(f"{doc.path}: {exc}") from exc
        doc.status, doc.error = Status.FAILED, f"{doc.path}: {exc}"
        doc.add_problem("process", "timeout", str(exc))
    if doc.status == Status.OK and doc.problems:
        doc.status = Status.PARTIAL
    if doc.status == Status.PARTIAL and not doc.error:
        doc.error = "; ".join(p.message for p in doc.problems[:3])
    doc.error = one_line(doc.error)
    if not keep_lines:
        for page in doc.pages:
            page.lines = []
    doc.seconds = round(time.perf_counter() - t0 + doc.timings.get("hash", 0.0), 3)  # hashing at ingest counts
    return doc


def _stages(doc: Document, settings: Settings, cache: bool = False) -> None:
    """Every stage in run order. A bad PDF or a bug in parsing fails the document; a bug in a later stage
    leaves it partial, with the passages, notes and tables already found. A document read from the parse
    cache starts at `cite`; with `cache`, a fresh parse is saved there."""
    if not doc.reused_parse:
        if not _parse(doc, settings):
            return
        if cache:
            parse_cache.save(doc, settings)
    _later(doc, settings, "cite", cite, doc, settings.rules_dir)
    if settings.extract:
        _later(doc, settings, "annotate", annotate, doc, load_nlp(settings.rules_dir))
        _later(doc, settings, "classify", classify, doc, load_model(settings.model))


def _parse(doc: Document, settings: Settings) -> bool:
    """Parse and segment; False when the document failed."""
    try:
        _timed(doc, "parse", parse, doc, settings)
        _timed(doc, "segment", segment, doc, settings.rules_dir)
    except BadPDFError as exc:
        if settings.strict:
            raise BadPDFError(exc.category, f"{doc.path}: {exc}") from exc
        doc.status, doc.error = Status.FAILED, f"{doc.path}: {exc}"
        doc.add_problem("parse", exc.category, str(exc))
        return False
    except Exception as exc:  # an unexpected bug on one file must not end the batch
        if settings.strict:
            exc.add_note(f"while processing {doc.path}")
            raise
        doc.status, doc.error = Status.FAILED, f"{doc.path}: unexpected error ({type(exc).__name__}: {exc})"
        doc.add_problem("parse", "error", f"{type(exc).__name__}: {exc}")
        return False
    return True


def _timed(doc: Document, stage: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call fn(*args), adding the time it took to doc.timings[stage] (read by the benchmark)."""
    t0 = time.perf_counter()
    try:
        return fn(*args)
    finally:
        doc.timings[stage] = doc.timings.get(stage, 0.0) + time.perf_counter() - t0


def _later(doc: Document, settings: Settings, stage: str, fn: Callable[..., Any], *args: Any) -> None:
    """Run a stage after parsing; its failure is a `<stage>_error` problem and leaves the document partial.

    A bad rule file or model file is not the document's fault: it is raised (and was checked before the run).
    """
    try:
        _timed(doc, stage, fn, *args)
    except (RuleError, ModelError):
        raise
    except Exception as exc:
        if settings.strict:
            exc.add_note(f"while processing {doc.path}")
            raise
        doc.add_problem(stage, f"{stage}_error", f"{stage} failed: {type(exc).__name__}: {exc}")


def work(doc: Document, settings: Settings, run_info: dict[str, Any]) -> Document:
    """Process one document (unless ingest already failed it), write its result part, return its summary."""
    doc.rules_hash = run_info.get("rules_hash", "")
    if doc.status != Status.FAILED:
        doc = process(doc, settings, cache=True)
    try:
        write_part(settings.out, doc, run_info)
    except Exception as exc:  # e.g. text DuckDB cannot store: this document fails, the batch goes on
        if settings.strict:
            raise
        doc = failed(doc, "write_error", f"its results could not be written ({type(exc).__name__}: {exc})")
        write_part(settings.out, doc, run_info)
    return summary(doc)


def run_batch(paths: Iterable[Path], settings: Settings | None = None,
              on_document: Callable[[Document], None] | None = None) -> BatchResult:
    """Process every PDF under `paths`, write the output tables to `settings.out` and compare its tables.

    The last step compares every table in the folder with its document's prose (pipeline/compare/), so that a
    library call writes the same outputs as `pipeline run`.

    Args:
        paths: files and folders (searched recursively for *.pdf).
        settings: run settings; defaults when None.
        on_document: called after each document (for a progress bar).
    Returns:
        A BatchResult with every document's status and the rows written per table.
    """
    settings = Settings.resolve(settings)
    rules = rules_hash(settings.rules_dir)
    refresh_rules(rules)  # rule files edited since this process last read them
    run_info = {"run_id": _now(), "started_at": _now(), "package_version": __version__,
                "settings": settings.as_json()}
    if settings.extract:
        run_info["phase_model"] = model_version(settings.model)  # a bad model file stops the run here
    # what a document's rows were made with: a document whose hash differs is re-extracted (from its cache)
    made_with = f"{rules}|{run_info.get('phase_model', 'no-extract')}"
    run_info["rules_hash"] = hashlib.sha256(made_with.encode()).hexdigest()[:16]
    with locked(settings.out):
        return _run(paths, settings, run_info, on_document)


def _run(paths: Iterable[Path], settings: Settings, run_info: dict[str, Any],
         on_document: Callable[[Document], None] | None) -> BatchResult:
    out = settings.out
    if settings.csv_safe:
        csvsafe.enable(out)  # before a worker writes a file
    found = discover(paths)
    # the workers' fork server imports the pipeline while this process hashes the files
    pool = Pool(work, settings, run_info, min(settings.workers, len(found))) if supervised(settings) and found \
        else None
    try:
        if settings.extract and pool is None:
            load_nlp(settings.rules_dir)  # a bad rule file stops the run here (in a pool, its workers' start does)
        docs = ingest(found, previous_hashes(out), force=settings.force, rules_hash=run_info["rules_hash"],
                      timeout=settings.timeout)
        todo = [d for d in docs if d.status != Status.SKIPPED]
        if settings.extract and pool is None and todo:
            load_model(settings.model)  # a model the installed code cannot unpickle stops the run here
        done: dict[str, Document] = {}
        for doc in resumable(out, todo):
            done[doc.doc_id] = doc
            if on_document:
                on_document(doc)
        for doc in run_documents(work, [d for d in todo if d.doc_id not in done], settings, run_info, pool):
            done[doc.doc_id] = doc
            if on_document:
                on_document(doc)
    finally:
        if pool is not None:
            pool.close()
    docs = [done.get(d.doc_id, d) for d in docs]
    processed = [d.doc_id for d in docs if d.status != Status.SKIPPED]
    new = read_parts(out, processed)
    found = {name: len(df) for name, df in new.items()}
    if "documents" in new:
        new["documents"]["run_id"] = run_info["run_id"]  # resumed parts were made by a run that never finished
    new["runs"] = runs_frame(docs, {**run_info, "finished_at": _now()})
    rows = write_tables(out, new, run_info, set(processed))
    remove_parts(out)
    comparison = compare_outputs(out, settings.rules)
    rows.update(comparison.rows)
    return BatchResult(docs, rows, out, found, comparison.coverage)


def reason(doc: Document) -> str:
    """A one-line reason for a failed document, naming the file."""
    if doc.error:
        return doc.error
    category = doc.problems[0].category if doc.problems else "error"
    return f"{doc.path}: {CATEGORIES.get(category, category)}"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
