"""Background work steps aside while this host's web processes answer requests.

On a small machine a lower CPU priority is not enough: two vCPUs often share one physical core,
so an encoder running on one of them slows a web request on the other about twofold whatever
its niceness (docs/benchmarks.md, "Challenge matches while the catalogue is re-embedded"). So
every web request stamps the time it started into a small file of this host
(DATA_DIR/run/web-activity-<host>), and a background worker, before each bounded piece of heavy
work, waits until no request has started for WEB_QUIET_SECONDS, though never longer than
BACKGROUND_YIELD_SECONDS, so the work still progresses under constant traffic.

Only task workers wait: `yielding_enable()` is called by the worker commands. Web processes,
tests and commands run background work inline without waiting. Workers on another host read
their own host's file, which no web process writes, so they never wait. The stamp is one
`pwrite` of 8 bytes per request into the page cache: no lock, no fsync.
"""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

STAMP = struct.Struct("<d")
POLL_S = 0.02
HOST = socket.gethostname()


def board_path() -> Path:
    """This host's activity file (hosts sharing a data folder keep apart)."""
    return settings.DATA_DIR / "run" / f"web-activity-{HOST}"


class ActivityBoard:
    """The monotonic time the last web request started, shared by this host's processes."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def _open(self) -> int:
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        return self._fd

    def mark(self, now: float | None = None) -> None:
        """Record that a request starts now."""
        os.pwrite(self._open(), STAMP.pack(time.monotonic() if now is None else now), 0)

    def last(self) -> float | None:
        """When the last request started (monotonic seconds), or None if none was recorded."""
        try:
            raw = os.pread(self._open(), STAMP.size, 0)
        except OSError:
            return None
        return STAMP.unpack(raw)[0] if len(raw) == STAMP.size else None


@dataclass
class Yielding:
    """This process's part: its board, and whether it steps aside for the web."""

    board: ActivityBoard | None = None
    data_dir: Path | None = None
    enabled: bool = False


_state = Yielding()


def board() -> ActivityBoard:
    """This process's handle on the host's board (opened once; again if DATA_DIR changes)."""
    if _state.board is None or _state.data_dir is not settings.DATA_DIR:
        _state.board, _state.data_dir = ActivityBoard(board_path()), settings.DATA_DIR
    return _state.board


def yielding_enable() -> None:
    """Make this process (a task worker) wait for quiet in `yield_to_web`."""
    _state.enabled = settings.BACKGROUND_YIELD_SECONDS > 0


def yield_to_web(*, clock=time.monotonic, sleep=time.sleep) -> float:
    """In a task worker, wait until the web has been quiet for WEB_QUIET_SECONDS, at most
    BACKGROUND_YIELD_SECONDS; returns the seconds waited (0 elsewhere)."""
    if not _state.enabled:
        return 0.0
    started = clock()
    deadline = started + settings.BACKGROUND_YIELD_SECONDS
    while True:
        now = clock()
        last = board().last()
        # A stamp from the future was written before this host restarted: it means nothing.
        quiet = last is None or not 0 <= now - last < settings.WEB_QUIET_SECONDS
        if quiet or now >= deadline:
            return now - started
        sleep(POLL_S)


class WebActivityMiddleware:
    """Stamp the start of every request on the host's board (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with contextlib.suppress(OSError):  # a read-only or full data folder fails no request
            board().mark()
        return self.get_response(request)
