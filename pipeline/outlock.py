"""One run at a time per output folder: an exclusive lock on OUT/.lock for the length of a run.

Two runs writing the same folder would interleave their part files and each rebuild the tables from the
other's half-written state. The second run fails at once with a one-line reason instead. The lock is an
advisory `flock`, released by the kernel when the process ends, so a killed run leaves no stale lock.
"""
from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import PipelineError

LOCK_NAME = ".lock"


class FolderBusy(PipelineError):
    """Another run holds the output folder's lock."""


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold OUT/.lock while the block runs.

    Raises:
        FolderBusy: naming the folder and the process id of the run that holds it.
    """
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
            raise FolderBusy(f"{out}: another run (process {holder}) is writing this folder; wait for it to "
                             "finish or give another --out") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
