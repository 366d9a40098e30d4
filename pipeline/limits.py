"""A per-document time limit, so one pathological file cannot stall a batch."""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pipeline.errors import DocumentTimeout


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `seconds` of wall time (None or 0: no limit).

    Uses SIGALRM, so it applies in the main thread of a Unix process — the serial run and each worker process.
    Elsewhere (a thread of a Dask worker, Windows) the block runs unlimited; Dask's own timeouts apply there.
    """
    usable = seconds and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise DocumentTimeout(f"timed out after {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    # After the first alarm, ring again every 0.1 s: an exception raised while Python runs a garbage
    # collector callback or a __del__ is printed and dropped, so one alarm alone may go unheard.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
