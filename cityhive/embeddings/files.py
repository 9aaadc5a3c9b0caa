"""An index version's files on disk: their names, what meta.json records of them, and the checks.

meta.json holds its own SHA-256 and, per file, its size, its SHA-256 and a digest of its first and
last EDGE_BYTES. `read_meta` checks the sizes and edges (cheap: every worker reload does it; the
whole file when it is that small), `verify_folder` every byte (at publish and in
`cityhive index verify`). Folders of format 1 (float32 rows, whole-file digests) still load.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

FORMAT = 2
LEGACY_FORMAT = 1  # float32 rows, `files` maps a name to its SHA-256
EDGE_BYTES = 1 << 16  # bytes hashed at each end of a file by the cheap check at load
IDS_FILE = "ids.npy"
VECTORS_FILE = "vectors.npy"
DIGESTS_FILE = "digests.npy"
DIGEST_BYTES = 32
GRAPH_FILE = "hnsw.usearch"
META_FILE = "meta.json"


def file_sha256(path: Path) -> str:
    """The hex SHA-256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class IndexCorruptError(RuntimeError):
    """An index folder is missing a file, or a file does not match its checksum."""


def meta_checksum(meta: dict) -> str:
    """SHA-256 of meta.json's content without its own checksum field."""
    body = {key: value for key, value in meta.items() if key != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def edges_sha256(path: Path) -> str:
    """SHA-256 of a file's first and last EDGE_BYTES (its whole content when that small)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        digest.update(handle.read(EDGE_BYTES))
        if size > EDGE_BYTES:
            handle.seek(max(EDGE_BYTES, size - EDGE_BYTES))
            digest.update(handle.read())
    return digest.hexdigest()


def file_entry(path: Path) -> dict:
    """What meta.json records of one file: its size, whole digest and edges digest."""
    return {"bytes": path.stat().st_size, "sha256": file_sha256(path), "edges": edges_sha256(path)}


def fsync_file(path: Path) -> None:
    """Flush a written file to disk."""
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def read_meta(folder: Path, *, full: bool = False) -> dict:
    """meta.json of an index folder, after checking it and the files it lists: sizes and edges
    (format 2), or every byte (format 1, or when `full`)."""
    try:
        meta = json.loads((folder / META_FILE).read_text("utf-8"))
        known = meta.get("format") in (FORMAT, LEGACY_FORMAT)
        intact = known and meta.get("checksum") == meta_checksum(meta)
        listed = meta["files"] if intact else {}
        damaged = [
            name
            for name, entry in listed.items()
            if not file_matches(folder / name, entry, full=full)
        ]
    except (OSError, ValueError, KeyError, AttributeError, TypeError) as error:
        raise IndexCorruptError(f"{folder}: unreadable index ({error})") from error
    if not intact or damaged:
        raise IndexCorruptError(f"{folder}: checksum mismatch in {damaged or [META_FILE]}")
    return meta


def file_matches(path: Path, entry: dict | str, *, full: bool) -> bool:
    """Whether a file matches what meta.json recorded of it (a digest string in format 1)."""
    if isinstance(entry, str):
        return file_sha256(path) == entry
    if path.stat().st_size != entry["bytes"]:
        return False
    return file_sha256(path) == entry["sha256"] if full else edges_sha256(path) == entry["edges"]


def verify_folder(folder: Path | str) -> dict:
    """meta.json of an index folder after checking every byte of every file it lists."""
    return read_meta(Path(folder), full=True)
