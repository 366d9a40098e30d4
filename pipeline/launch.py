"""Start the workers' fork server before the heavy imports of the command line.

`pipeline run` processes its documents in worker processes forked from a server that has imported the pipeline
(pipeline/workers.py). Started when the batch begins, the server's imports (about 2 s: spaCy, pandas, DuckDB)
come after this process's own; started here, while this process imports them too, they overlap. Nothing
heavier than multiprocessing is imported here.
"""
from __future__ import annotations

import multiprocessing

PRELOAD = ["pipeline.batch"]  # what the fork server imports, so that each worker starts with it imported


def forkserver_context():
    """The forkserver context, its server set to preload the pipeline; None where there is no forkserver."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return None
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(PRELOAD)
    return ctx


def start_forkserver() -> None:
    """Start the fork server now (it imports in the background); a no-op where there is none or it runs."""
    if forkserver_context() is not None:
        from multiprocessing import forkserver  # POSIX only
        forkserver.ensure_running()
