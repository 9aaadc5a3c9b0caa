"""Versioned index folders on disk, published atomically and reloaded when the version changes.

Layout under `root`: `v<N>/` folders (one saved VectorIndex each), and `current`, a small text
file naming the served version ("v7\\n"). `publish` writes a new folder under a temporary name,
renames it into place, then replaces `current` with os.replace, so a reader sees either the old or
the new version, never a half-written one. Publishers take an flock on `.publish.lock`. The last
KEEP versions are kept (a worker may still be loading the previous one); older ones, and temporary
folders left by a crashed publisher, are deleted.
`load_current` checks meta.json and each file's size and edges (VectorIndex.load) and returns None,
never a damaged index: the caller rebuilds; `verify` reads every byte.

A long rebuild writes its work into `.build/` (IndexBuild): chunks of ids, vectors and text
digests, each written whole and then listed in `manifest.json`, which is replaced atomically. A
rebuild stopped part way (killed, restarted) resumes after the last listed chunk; the current
version is served meanwhile, and only a complete build is published.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from cityhive.embeddings.files import (
    DIGEST_BYTES,
    IndexCorruptError,
    file_sha256,
    fsync_file,
    verify_folder,
)
from cityhive.embeddings.index import STORED_DTYPE, VectorIndex

POINTER_FILE = "current"
LOCK_FILE = ".publish.lock"
TEMP_PREFIX = ".tmp-"
BUILD_FOLDER = ".build"
MANIFEST_FILE = "manifest.json"
BUILD_FORMAT = 1
CHUNK_ARRAYS = ("ids", "vectors", "digests")
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

    def load_current(self, *, mmap: bool = True) -> VectorIndex | None:
        """The current version's index after checking it, or None if missing or damaged
        (memory-mapped, or read into memory with mmap=False to be changed and published)."""
        version = self.current_version()
        return None if version is None else self.load_version(version, mmap=mmap)

    def load_version(self, version: int, *, mmap: bool = True) -> VectorIndex | None:
        """Version `version`'s index after checking it, or None if missing or damaged."""
        try:
            index = VectorIndex.load(self.folder(version), mmap=mmap)
        except (IndexCorruptError, OSError, ValueError) as error:
            logger.warning("index version %s not served: %s", version, error)
            return None
        if index.version != version:
            logger.warning("index folder v%s holds version %s", version, index.version)
            return None
        return index

    def verify(self, version: int) -> int:
        """Read every byte of a version and check it (IndexCorruptError if damaged); its count."""
        return verify_folder(self.folder(version))["count"]

    def build_pending(self) -> bool:
        """Whether a rebuild was stopped part way (its chunks wait in the build folder)."""
        return (self.root / BUILD_FOLDER / MANIFEST_FILE).is_file()

    @contextmanager
    def building(self, *, fresh: bool = False, key: str = "") -> Iterator[IndexBuild | None]:
        """The build folder, resumed (or emptied first when `fresh`, or when its chunks were
        made under another `key`, e.g. another encoder), held with a lock; None while another
        process is building."""
        folder = self.root / BUILD_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / LOCK_FILE, "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield None
                return
            try:
                build = IndexBuild(folder, key=key)
                if fresh or build.manifest.get("key", key) != key:
                    build.discard()
                yield build
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

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


class IndexBuild:
    """A rebuild's chunks on disk: appended in id order, listed in manifest.json once written.

    A chunk is listed only after its three arrays are on disk, so after a kill the manifest names
    complete chunks only; files of an unlisted chunk are overwritten by the resumed build.
    """

    def __init__(self, folder: Path, *, key: str = ""):
        self.folder = folder
        self.key = key  # what the chunks were made under (another key: start over)
        self.opened = time.time()
        self.manifest = self._read_manifest()

    @property
    def started(self) -> float:
        """When this build began (Unix time): the first run's opening, kept across resumes."""
        return self.manifest.get("started", self.opened)

    @property
    def chunks(self) -> list[dict]:
        return self.manifest["chunks"]

    @property
    def last_id(self) -> int:
        """The highest id already built (-1 when nothing is)."""
        return self.chunks[-1]["last_id"] if self.chunks else -1

    @property
    def count(self) -> int:
        return sum(chunk["count"] for chunk in self.chunks)

    def append(self, ids: np.ndarray, vectors: np.ndarray, digests: np.ndarray) -> None:
        """Write one chunk (ids ascending, above `last_id`) and list it in the manifest."""
        if not ids.size:
            return
        if ids[0] <= self.last_id or np.any(np.diff(ids) <= 0):
            raise ValueError("chunks must follow each other in ascending id order")
        name = f"{len(self.chunks):06d}"
        arrays = {
            "ids": np.asarray(ids, dtype=np.int64),
            "vectors": np.asarray(vectors, dtype=STORED_DTYPE),
            "digests": np.asarray(digests, dtype=np.uint8).reshape(-1, DIGEST_BYTES),
        }
        sums = {}
        for key, array in arrays.items():
            path = self.folder / f"{name}.{key}.npy"
            np.save(path, array, allow_pickle=False)
            fsync_file(path)
            sums[key] = file_sha256(path)
        chunk = {"name": name, "count": int(ids.size), "last_id": int(ids[-1]), "sha256": sums}
        chunks = [*self.chunks, chunk]
        manifest = {**self.manifest, "key": self.key, "started": self.started, "chunks": chunks}
        self._write_manifest(manifest)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Ids, vectors and digests of every listed chunk, checked against their digests."""
        columns: dict[str, list[np.ndarray]] = {key: [] for key in CHUNK_ARRAYS}
        for chunk in self.chunks:
            for key in CHUNK_ARRAYS:
                path = self.folder / f"{chunk['name']}.{key}.npy"
                if file_sha256(path) != chunk["sha256"][key]:
                    raise IndexCorruptError(f"{path}: checksum mismatch")
                columns[key].append(np.load(path, allow_pickle=False))
        if not self.chunks:
            return (
                np.empty(0, np.int64),
                np.empty((0, 0), STORED_DTYPE),
                np.empty((0, DIGEST_BYTES), np.uint8),
            )
        ids, vectors, digests = (np.concatenate(columns[key]) for key in CHUNK_ARRAYS)
        return ids, vectors, digests

    def discard(self) -> None:
        """Forget every chunk (after a publish, or to start over)."""
        (self.folder / MANIFEST_FILE).unlink(missing_ok=True)
        for path in self.folder.glob("*.npy"):
            path.unlink()
        self.manifest = self._empty()

    def _empty(self) -> dict:
        return {"format": BUILD_FORMAT, "chunks": []}

    def _read_manifest(self) -> dict:
        """The manifest, or an empty one when missing or unreadable (the build starts over)."""
        try:
            manifest = json.loads((self.folder / MANIFEST_FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return self._empty()
        if not isinstance(manifest, dict) or manifest.get("format") != BUILD_FORMAT:
            logger.warning("index build manifest in %s not understood: starting over", self.folder)
            return self._empty()
        return manifest

    def _write_manifest(self, manifest: dict) -> None:
        """Replace manifest.json atomically."""
        temporary = self.folder / f"{TEMP_PREFIX}{uuid.uuid4().hex}.json"
        temporary.write_text(json.dumps(manifest, indent=1), "utf-8")
        fsync_file(temporary)
        os.replace(temporary, self.folder / MANIFEST_FILE)
        fsync_folder(self.folder)
        self.manifest = manifest
