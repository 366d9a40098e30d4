"""Where documents are processed: in worker processes watched by this one, in this process, or on a Dask cluster.

All three run the same per-document function, which writes the document's result part to the output folder
(see stages/parts.py) and returns a summary; nothing else travels back. So a batch of thousands of documents
never holds more than one document's contents per worker, and the three paths give the same tables.

The default is the supervised pool (`Pool`): each document runs in a worker process, and this process
watches the clock and the worker's resident memory. A limit enforced from inside the document's own process
cannot hold while that process is busy in one C call (PDFium inflating a deflate bomb never returns to Python,
so SIGALRM is never heard) or is being killed by the kernel. From outside it holds: at the deadline, or when the
worker's memory goes over the limit, the worker is killed, the document fails alone with the reason, and a new
worker takes the next document. Workers stay alive between documents, so the spaCy pipeline loads once per
worker, not once per document; only a killed worker is replaced.
"""
from __future__ import annotations

import ctypes
import math
import multiprocessing
import pickle
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from pipeline.errors import DocumentTimeout, one_line
from pipeline.launch import forkserver_context, start_forkserver
from pipeline.model import Document, Status
from pipeline.settings import GB, Settings
from pipeline.stages.parts import part_summary, write_part

Work = Callable[[Document, Settings, dict[str, Any]], Document]

# After the deadline the worker gets this long to report its own timeout (SIGALRM, when it runs Python) before it
# is killed; the part of a second that keeps a worker, and its loaded spaCy pipeline, alive when it can answer.
GRACE = 0.25
WATCH_EVERY = 0.05  # seconds between two looks at a busy worker's resident memory


def summary(doc: Document) -> Document:
    """The document without its contents: ids, status, error, pages, time and problems."""
    return Document(doc_id=doc.doc_id, path=doc.path, sha256=doc.sha256, n_pages=doc.n_pages, status=doc.status,
                    error=doc.error, seconds=doc.seconds, timings=dict(doc.timings), metadata=dict(doc.metadata),
                    problems=list(doc.problems), rules_hash=doc.rules_hash, reused_parse=doc.reused_parse)


def failed(doc: Document, category: str, message: str) -> Document:
    """A failed copy of `doc` without its contents, its reason on one line and naming the file."""
    # an undecodable file name (surrogate escapes) cannot be stored as UTF-8: keep what can be
    path = doc.path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    out = Document(doc_id=doc.doc_id, path=path, sha256=doc.sha256, n_pages=doc.n_pages, status=Status.FAILED,
                   seconds=doc.seconds)
    out.error = one_line(f"{doc.path}: {message}")
    out.add_problem("process", category, one_line(message))
    return out


def resumable(out: Path, docs: list[Document]) -> Iterator[Document]:
    """Summaries of the documents whose part a killed run left behind, made from the same bytes."""
    for doc in docs:
        done = part_summary(out, doc)
        if done is not None:
            yield done


def supervised(settings: Settings) -> bool:
    """Whether documents run in watched worker processes: unless Dask takes them, or no limit is set and one
    worker is asked for (then a worker process would add its start-up and protect nothing that is asked for)."""
    return not settings.dask and (settings.workers > 1 or bool(settings.timeout) or bool(settings.max_memory))


def run_documents(work: Work, docs: list[Document], settings: Settings, run_info: dict[str, Any],
                  pool: Pool | None = None) -> Iterator[Document]:
    """Apply `work` to every document, in `pool`'s watched workers, on Dask or in this process by `settings`;
    yield summaries as they finish."""
    if not docs:
        return
    if settings.dask:
        yield from _dask(partial(work, settings=settings, run_info=run_info), docs, settings.dask)
    elif pool is not None:
        yield from pool.run(docs)
    else:
        yield from (work(doc, settings, run_info) for doc in docs)


# --- the supervised pool -------------------------------------------------------------------------------------


@dataclass
class _Worker:
    process: Any  # a multiprocessing Process
    conn: Connection
    ready: bool = False  # its spaCy pipeline is loaded
    base: int = 0  # its resident memory (bytes) when it became ready
    doc: Document | None = None  # the document it is working on
    started: float = 0.0  # time.monotonic() when it was given `doc`
    deadline: float = math.inf


def _context():
    """forkserver where there is one: a worker forks from a clean server process that has imported the pipeline
    once, so a new worker (at the start, or after a kill) costs a fork and a spaCy load, not a fresh interpreter.
    Not plain fork: a forked child would inherit this process's threads (progress bars, DuckDB) mid-state."""
    return forkserver_context() or multiprocessing.get_context("spawn")


def _start(ctx, work: Work, settings: Settings, run_info: dict[str, Any]) -> _Worker:
    ours, theirs = ctx.Pipe()
    process = ctx.Process(target=_serve, args=(theirs, work, settings, run_info), daemon=True)
    process.start()
    theirs.close()
    return _Worker(process, ours)


def _stop(worker: _Worker) -> None:
    """Kill the worker (if it still runs) and wait for it, so no zombie is left."""
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join()
    worker.conn.close()


class Pool:
    """Worker processes that this process watches. Made as soon as the batch knows its settings, so that the
    fork server's imports overlap with ingest in this process; the workers start when the pool first runs.

    A worker that cannot start (a bad rule file) raises its error here when the pool runs. Use as a context
    manager, or call `close`.
    """

    def __init__(self, work: Work, settings: Settings, run_info: dict[str, Any], size: int):
        self.work, self.settings, self.run_info, self.size = work, settings, run_info, max(size, 1)
        self.ctx = _context()
        start_forkserver()  # it imports now (unless `pipeline run` started it); the first worker waits for it
        self.workers: list[_Worker] = []

    def _start(self) -> _Worker:
        return _start(self.ctx, self.work, self.settings, self.run_info)

    def run(self, docs: list[Document]) -> Iterator[Document]:
        """Process `docs`, one at a time per worker; yield each summary as it comes (a failed one for a document
        whose worker was killed at a limit or died)."""
        if not self.workers:
            self.workers = [self._start() for _ in range(self.size)]
        settings, pool, todo = self.settings, self.workers, deque(docs)
        while todo or any(w.doc is not None for w in pool):
            for worker in pool:
                # a worker that died while idle cannot take it: it is replaced below, the document waits
                if worker.ready and worker.doc is None and todo and _give(worker, todo[0], settings):
                    todo.popleft()
            busy = [w for w in pool if w.doc is not None]
            wait([x for w in pool for x in (w.conn, w.process.sentinel)], timeout=_pause(busy, settings))
            for i, worker in enumerate(pool):
                done, replace = _check(worker, settings, self.run_info)
                if done is not None:
                    yield done
                if replace:
                    _stop(worker)
                    pool[i] = self._start()

    def close(self) -> None:
        """Stop every worker: an idle one is asked to finish, a busy or stuck one is killed."""
        for worker in self.workers:
            if worker.process.is_alive() and worker.doc is None and worker.ready:
                try:
                    worker.conn.send(None)
                    worker.process.join(1)
                except OSError:
                    pass  # it went away meanwhile: _stop below reaps it either way
            _stop(worker)

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _give(worker: _Worker, doc: Document, settings: Settings) -> bool:
    """Send `doc` to the worker and start its clock; False when the worker is gone."""
    try:
        worker.conn.send(doc)
    except OSError:
        return False
    worker.doc, worker.started = doc, time.monotonic()
    if settings.timeout:
        # the time ingest spent hashing the file counts against the document's limit
        left = max(settings.timeout - doc.timings.get("hash", 0.0), 0.0)
        worker.deadline = worker.started + left + GRACE
    return True


def _pause(busy: list[_Worker], settings: Settings) -> float | None:
    """How long to wait for a message: until the nearest deadline, or the next look at the workers' memory."""
    if not busy:
        return None
    pause = min(w.deadline for w in busy) - time.monotonic()
    if settings.max_memory:
        pause = min(pause, WATCH_EVERY)
    return max(pause, 0.0) if pause != math.inf else None


def _check(worker: _Worker, settings: Settings, run_info: dict[str, Any]) -> tuple[Document | None, bool]:
    """Read what the worker has said and enforce the limits: (a finished document or None, replace the worker)."""
    if worker.conn.poll():
        try:
            kind, value = worker.conn.recv()
        except (EOFError, OSError):
            return _died(worker, settings, run_info)
        if kind == "raise":  # a bad rule or model file, or --strict: the batch stops, as it would in-process
            raise value
        if kind == "ready":
            worker.ready, worker.base = True, resident(worker.process.pid) or 0
            return None, False
        doc, worker.doc, worker.deadline = value, None, math.inf
        # memory a worker keeps after a document (heap fragments, caches) would count against the next one:
        # a worker that kept over half of what the limit leaves it is replaced
        kept = (resident(worker.process.pid) or 0) - worker.base
        return doc, bool(settings.max_memory) and kept > (settings.max_memory * GB - worker.base) / 2
    if not worker.process.is_alive():
        return _died(worker, settings, run_info)
    if worker.doc is None:
        return None, False
    if time.monotonic() >= worker.deadline:
        limit = settings.timeout
        return _lost(worker, settings, run_info, "timeout", f"timed out after {limit:g} s", DocumentTimeout), True
    if settings.max_memory and (resident(worker.process.pid) or 0) > settings.max_memory * GB:
        message = f"over the memory limit of {settings.max_memory:.1f} GB"
        return _lost(worker, settings, run_info, "memory", message, MemoryError), True
    return None, False


def _died(worker: _Worker, settings: Settings, run_info: dict[str, Any]) -> tuple[Document | None, bool]:
    if not worker.ready:  # died while loading: say why rather than start it again and again
        raise RuntimeError(f"a worker process stopped before its first document ({_death(worker)})")
    if worker.doc is None:  # died between documents: nothing lost, start another
        return None, True
    return _lost(worker, settings, run_info, "worker_died", _death(worker)), True


def _lost(worker: _Worker, settings: Settings, run_info: dict[str, Any], category: str, message: str,
          error: type[BaseException] = RuntimeError) -> Document:
    """The worker's document failed with `message`: kill the worker, write the document's failed part."""
    doc = worker.doc
    worker.process.kill()
    worker.process.join()
    if settings.strict:
        raise error(f"{doc.path}: {message}")
    doc.seconds = round(time.monotonic() - worker.started + doc.timings.get("hash", 0.0), 3)
    out = failed(doc, category, message)
    write_part(settings.out, out, run_info)
    worker.doc, worker.deadline = None, math.inf
    return out


def _death(worker: _Worker) -> str:
    worker.process.join(1)
    code = worker.process.exitcode
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        why = " (the kernel's out-of-memory killer?)" if name == "SIGKILL" else ""
        return f"the worker processing it died: killed by {name}{why}"
    return f"the worker processing it died: exit code {code}"


def resident(pid: int) -> int | None:
    """Resident memory of process `pid` in bytes (None when it cannot be read): /proc on Linux, psutil elsewhere."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmRSS:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass  # no /proc (not Linux) or an unreadable line: ask psutil below
    try:
        import psutil
        return psutil.Process(pid).memory_info().rss
    except Exception:  # no psutil, or the process is gone
        return None


def _serve(conn: Connection, work: Work, settings: Settings, run_info: dict[str, Any]) -> None:
    """A worker: load the spaCy pipeline once, then process documents until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C goes to the batch, which stops the workers
    try:
        _init_worker(settings)
    except BaseException as exc:
        conn.send(("raise", _portable(exc)))
        return
    conn.send(("ready", None))
    while True:
        try:
            doc = conn.recv()
        except EOFError:
            return
        if doc is None:
            return
        try:
            result = work(doc, settings, run_info)
        except BaseException as exc:
            conn.send(("raise", _portable(exc)))
            return
        _trim()  # not gc.collect(): with spaCy loaded a full collection takes ~0.15 s, a third of a small document
        conn.send(("done", result))


def _init_worker(settings: Settings) -> None:
    # a worker forked from the server may hold rules read when the server started: read them afresh
    from pipeline.rulefiles import forget
    forget()
    if settings.extract:
        from pipeline.stages.annotate import load_nlp
        from pipeline.stages.classify import load_model
        load_nlp(settings.rules_dir)
        load_model(settings.model)


def _portable(exc: BaseException) -> BaseException:
    """`exc` if it survives pickling, else a RuntimeError with its type and message."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _trim() -> None:
    """Give freed heap back to the system (glibc keeps it otherwise), so the worker's resident memory after a
    large document does not count against the next one."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass  # not glibc: nothing to give back this way


def _dask(task, docs: list[Document], address: str) -> Iterator[Document]:
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise RuntimeError("--dask needs the dask extra: pip install 'policy-pdf-pipeline[dask]'") from exc
    with Client(address) as client:
        futures = client.map(task, docs, pure=False)
        for future in as_completed(futures):
            yield future.result()
