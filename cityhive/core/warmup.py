"""Work a process does once, in a background thread, as it starts, so that its first requests
find it done (the SDG tagger, the matching documents). A failure is logged, never raised: it only
leaves the first requests to do the work. The thread closes its own database connections.

What the warm-ups build lives as long as the process, and there is a lot of it (the documents of
20,000 solutions are millions of objects). Left to Python's cyclic garbage collector, it would be
walked again by every full collection, and the first one comes while the first requests run: a
236 ms pause in the middle of one of them at a million solutions (docs/benchmarks.md). So once
the warm-ups are done, `settle_after` collects once and freezes what is alive (`gc.freeze`):
later collections skip it. What a frozen object holds is still freed by reference counting when
the object is dropped (an evicted document, say).
"""

import gc
import logging
import threading
from collections.abc import Callable, Iterable

from django.db import connections

logger = logging.getLogger(__name__)


class Warmup:
    """One piece of start-up work, run at most once per process."""

    def __init__(self, name: str, work: Callable[[], object], *, enabled: Callable[[], bool]):
        self.name = name
        self.work = work
        self.enabled = enabled
        self.thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> threading.Thread | None:
        """Start the work in a daemon thread; None when it is turned off or already started."""
        if not self.enabled():
            return None
        with self._lock:
            if self.thread is not None:
                return None
            self.thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self.thread.start()
        return self.thread

    def _run(self) -> None:
        try:
            self.work()
        except Exception:  # e.g. a missing model file: the first requests will say so
            logger.exception("%s: could not be warmed; the first requests will do it.", self.name)
        finally:
            connections.close_all()  # this thread's own connections


def settle_after(threads: Iterable[threading.Thread | None]) -> threading.Thread | None:
    """Once these warm-up threads are done, collect garbage once and freeze what is alive, in a
    daemon thread; None when no warm-up runs (nothing to settle)."""
    running = [thread for thread in threads if thread is not None]
    if not running:
        return None

    def settle() -> None:
        for thread in running:
            thread.join()
        gc.collect()
        gc.freeze()

    thread = threading.Thread(target=settle, name="warm-settle", daemon=True)
    thread.start()
    return thread
