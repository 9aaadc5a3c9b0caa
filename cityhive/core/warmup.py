"""Work a process does once, in a background thread, as it starts, so that its first requests
find it done (the SDG tagger, the matching documents). A failure is logged, never raised: it only
leaves the first requests to do the work. The thread closes its own database connections."""

import logging
import threading
from collections.abc import Callable

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
