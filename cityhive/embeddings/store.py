"""Versioned index folders on disk, published atomically and reloaded when the version changes.

Layout under `root`: `v<N>/` folders (one saved VectorIndex each), and `current`, a small text
file naming the served version ("v7\\n"). `publish` writes a new folder under a temporary name,
renames it into place, then replaces `current` with os.replace, so a reader sees either the old or
the new version, never a half-written one. Publishers take an flock on `.publish.lock`. The last
KEEP versions are kept (a worker may still be loading the previous one); older ones, and temporary
folders left by a crashed publisher, are deleted.
`load_current` checks every checksum and returns None, never a damaged index: the caller rebuilds.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cityhive.embeddings.index import IndexCorruptError, VectorIndex

POINTER_FILE = "current"
LOCK_FILE = ".publish.lock"
TEMP_PREFIX = ".tmp-"
KEEP = 2
VERSION_NAME = re.compile(r"v([1-9][0-9]*)")

logger = logging.getLogger(__name__)


def fsync_folder(folder: Path) -> None:
    """Make renames inside `folder` durable."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class IndexStore:
    """Publishes VectorIndex versions under one root folder and loads the current one."""

    def __init__(self, root: Path | str):
        self.root = Path(root)

    def folder(self, version: int) -> Path:
        """Where version `version` lives."""
        return self.root / f"v{version}"

    def versions(self) -> list[int]:
        """Published version numbers on disk, oldest first."""
        if not self.root.is_dir():
            return []
        found = (VERSION_NAME.fullmatch(path.name) for path in self.root.iterdir())
        return sorted(int(match.group(1)) for match in found if match)

    def current_version(self) -> int | None:
        """The version `current` names, or None; one small file read, cheap per request."""
        try:
            text = (self.root / POINTER_FILE).read_text("ascii").strip()
        except (OSError, UnicodeDecodeError):
            return None
        match = VERSION_NAME.fullmatch(text)
        return int(match.group(1)) if match else None

    def publish(self, index: VectorIndex) -> int:
        """Save `index` as the next version, point `current` at it, prune; return the version."""
        self.root.mkdir(parents=True, exist_ok=True)
        with self._lock():
            version = max(self.versions(), default=0) + 1
            temporary = self.root / f"{TEMP_PREFIX}{uuid.uuid4().hex}"
            index.save(temporary, version=version)
            os.rename(temporary, self.folder(version))
            self._point_to(version)
            self._prune(keep_from=version - KEEP + 1)
        return version

    def load_current(self) -> VectorIndex | None:
        """The current version's index after checking it, or None if missing or damaged."""
        version = self.current_version()
        return None if version is None else self.load_version(version)

    def load_version(self, version: int) -> VectorIndex | None:
        """Version `version`'s index after checking it, or None if missing or damaged."""
        try:
            index = VectorIndex.load(self.folder(version))
        except (IndexCorruptError, OSError, ValueError) as error:
            logger.warning("index version %s not served: %s", version, error)
            return None
        if index.version != version:
            logger.warning("index folder v%s holds version %s", version, index.version)
            return None
        return index

    @contextmanager
    def _lock(self) -> Iterator[None]:
        """Hold an exclusive flock so that one publisher at a time picks a version number."""
        with open(self.root / LOCK_FILE, "a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _point_to(self, version: int) -> None:
        """Atomically replace `current` with a file naming `version`."""
        temporary = self.root / f"{TEMP_PREFIX}{uuid.uuid4().hex}.pointer"
        with open(temporary, "w", encoding="ascii") as handle:
            handle.write(f"v{version}\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.root / POINTER_FILE)
        fsync_folder(self.root)

    def _prune(self, *, keep_from: int) -> None:
        """Delete versions older than `keep_from` and leftover temporary folders."""
        for version in self.versions():
            if version < keep_from:
                shutil.rmtree(self.folder(version), ignore_errors=True)
        for path in self.root.glob(f"{TEMP_PREFIX}*"):
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


class CurrentIndex:
    """A worker's copy of the store's current index, reloaded when `current` changes."""

    def __init__(self, store: IndexStore):
        self.store = store
        self.index: VectorIndex | None = None
        self.seen: int | None = None

    def get(self) -> VectorIndex | None:
        """The current version's index; None while it is missing or damaged (rebuild it)."""
        version = self.store.current_version()
        if version != self.seen:
            # A damaged version is remembered as seen, so it is not re-read on every request.
            self.seen = version
            self.index = None if version is None else self.store.load_version(version)
        return self.index
