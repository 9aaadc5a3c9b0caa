"""Cosine vector search: exact numpy below a size threshold, usearch HNSW above it.

`VectorIndex` keeps every vector as a float16 unit vector (zero vectors stay zero) sorted by id:
half the bytes of float32, and a cosine moves by about 1e-4 at most. Below `exact_threshold`
vectors a search is one matrix product (over a float32 copy of those same rows, so both modes
score alike). From the threshold up it also keeps a usearch HNSW graph; a search takes the
graph's candidates and rescores them exactly from the stored rows, so a zero vector scores 0.
Each vector may carry the SHA-256 of the text it was computed from (`digests`, zeros when not
given), so a caller can skip re-encoding texts that did not change.
`save`/`load` write and check one folder. Loading memory-maps the arrays and opens the graph as a
view of its file, so the workers of one machine share one copy in the page cache instead of each
holding its own: a million vectors are about 1.7 GB on disk and cost a worker only the pages it
touches. `load` checks the files against meta.json (cityhive.embeddings.files).
`cityhive.embeddings.store.IndexStore` publishes such folders as versions.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from usearch.index import BatchMatches, Index, Matches

from cityhive.embeddings.files import (
    DIGEST_BYTES,
    DIGESTS_FILE,
    FORMAT,
    GRAPH_FILE,
    IDS_FILE,
    META_FILE,
    VECTORS_FILE,
    IndexCorruptError,
    file_entry,
    fsync_file,
    meta_checksum,
    read_meta,
)

STORED_DTYPE = np.float16
EXACT_THRESHOLD = 20_000
QUERY_BLOCK = 1 << 23  # scores per block of exact search (32 MiB of float32)


@dataclass(frozen=True)
class HnswParams:
    """usearch HNSW settings (measured in bench/ann_recall.py)."""

    connectivity: int = 16
    expansion_add: int = 64
    expansion_search: int = 64
    dtype: str = "f16"
    oversample: int = 8  # extra candidates rescored from the stored rows per query
    threads: int = 0  # 0: all cores


def unit_rows(vectors: np.ndarray) -> np.ndarray:
    """Float32 copy with every non-zero row scaled to length 1."""
    rows = np.array(vectors, dtype=np.float32, ndmin=2)
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return rows / np.where(norms > 0, norms, 1.0)


def checked_ids(ids: list[int] | np.ndarray) -> np.ndarray:
    """The ids as int64, raising ValueError unless they are unique and not negative."""
    array = np.asarray(ids, dtype=np.int64).reshape(-1)
    if array.size and (array.min() < 0 or np.unique(array).size != array.size):
        raise ValueError("ids must be unique and not negative")
    return array


def checked_digests(digests: np.ndarray | None, count: int) -> np.ndarray:
    """The text digests as a (count, 32) uint8 array; zeros (unknown) when not given."""
    if digests is None:
        return np.zeros((count, DIGEST_BYTES), dtype=np.uint8)
    rows = np.asarray(digests, dtype=np.uint8).reshape(-1, DIGEST_BYTES)
    if len(rows) != count:
        raise ValueError("need one digest per id")
    return rows


class VectorIndex:
    """Ids and unit vectors, searchable by cosine; exact or HNSW depending on size."""

    def __init__(
        self,
        dim: int = 384,
        *,
        exact_threshold: int = EXACT_THRESHOLD,
        hnsw: HnswParams | None = None,
    ):
        self.dim = dim
        self.exact_threshold = exact_threshold
        self.hnsw = hnsw or HnswParams()
        self.ids = np.empty(0, dtype=np.int64)
        self.vectors = np.empty((0, dim), dtype=STORED_DTYPE)
        self.digests = np.empty((0, DIGEST_BYTES), dtype=np.uint8)
        self.graph: Index | None = None
        self.graph_file: Path | None = None  # set while `graph` is a read-only view of it
        self.version: int | None = None
        self._dense: np.ndarray | None = None  # float32 rows for exact search, made on demand

    def __len__(self) -> int:
        return int(self.ids.size)

    @property
    def uses_ann(self) -> bool:
        """Whether searches go through the HNSW graph."""
        return self.graph is not None

    def build(
        self, ids: list[int] | np.ndarray, vectors: np.ndarray, digests: np.ndarray | None = None
    ) -> None:
        """Replace the content with these ids and vectors (and their texts' digests)."""
        new_ids, new_vectors = self._checked(ids, vectors)
        new_digests = checked_digests(digests, new_ids.size)
        order = np.argsort(new_ids, kind="stable")
        self.ids, self.vectors = new_ids[order], new_vectors[order]
        self.digests = new_digests[order]
        self.graph, self.graph_file, self._dense = None, None, None
        self._sync_graph()

    def add(
        self, ids: list[int] | np.ndarray, vectors: np.ndarray, digests: np.ndarray | None = None
    ) -> None:
        """Insert vectors (and their texts' digests), replacing those whose id is present."""
        new_ids, new_vectors = self._checked(ids, vectors)
        new_digests = checked_digests(digests, new_ids.size)
        self.remove(new_ids)
        merged_ids = np.concatenate([self.ids, new_ids])
        order = np.argsort(merged_ids, kind="stable")
        self.ids = merged_ids[order]
        self.vectors = np.concatenate([self.vectors, new_vectors])[order]
        self.digests = np.concatenate([self.digests, new_digests])[order]
        self._dense = None
        if self.graph is not None and new_ids.size:
            self._writable_graph().add(new_ids, new_vectors, threads=self.hnsw.threads)
        self._sync_graph()

    def remove(self, ids: list[int] | np.ndarray) -> int:
        """Drop the vectors with these ids (unknown ids are ignored); return how many went."""
        gone = np.isin(self.ids, np.asarray(ids, dtype=np.int64).reshape(-1))
        if not gone.any():
            return 0
        if self.graph is not None:
            self._writable_graph().remove(self.ids[gone])
        self.ids, self.vectors = self.ids[~gone], self.vectors[~gone]
        self.digests = self.digests[~gone]
        self._dense = None
        self._sync_graph()
        return int(gone.sum())

    def rows_of(self, ids: list[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Float32 rows of these ids (zeros for unknown ids) and a mask of the known ones."""
        wanted = np.asarray(ids, dtype=np.int64).reshape(-1)
        rows = np.zeros((wanted.size, self.dim), dtype=np.float32)
        if len(self) == 0:
            return rows, np.zeros(wanted.size, dtype=bool)
        positions = np.searchsorted(self.ids, wanted).clip(0, len(self) - 1)
        present = self.ids[positions] == wanted
        rows[present] = self.vectors[positions[present]]
        return rows, present

    def digests_of(self, ids: list[int] | np.ndarray) -> np.ndarray:
        """The stored text digest of each id, one row per id (zeros for unknown ids)."""
        wanted = np.asarray(ids, dtype=np.int64).reshape(-1)
        found = np.zeros((wanted.size, DIGEST_BYTES), dtype=np.uint8)
        if len(self) == 0:
            return found
        positions = np.searchsorted(self.ids, wanted).clip(0, len(self) - 1)
        present = self.ids[positions] == wanted
        found[present] = self.digests[positions[present]]
        return found

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k ids and cosines per query row, best first; id -1 and score -inf pad short rows."""
        if k < 1:
            raise ValueError("k must be at least 1")
        rows = unit_rows(queries)
        if rows.shape[1] != self.dim:
            raise ValueError(f"queries must have {self.dim} columns")
        if self.graph is not None:
            return self._search_graph(rows, k)
        return self._search_exact(rows, k)

    def warm(self) -> None:
        """Prepare what a first search needs (the float32 rows of exact search), so that a
        worker's first request does not pay for it."""
        if self.graph is None and len(self):
            self._dense_rows()

    def _checked(self, ids: list[int] | np.ndarray, vectors: np.ndarray) -> tuple:
        """Validated int64 ids and unit vectors in the stored precision."""
        checked = checked_ids(ids)
        rows = unit_rows(vectors) if checked.size else np.empty((0, self.dim), np.float32)
        if rows.shape != (checked.size, self.dim) or not np.isfinite(rows).all():
            raise ValueError(f"need one finite {self.dim}-dimensional vector per id")
        return checked, rows.astype(STORED_DTYPE)

    def _sync_graph(self) -> None:
        """Build the HNSW graph at or above the threshold, drop it below."""
        if len(self) < self.exact_threshold:
            self.graph, self.graph_file = None, None
        elif self.graph is None:
            self.graph = self._new_graph()
            self.graph.add(self.ids, self.vectors, threads=self.hnsw.threads)

    def _writable_graph(self) -> Index:
        """The graph, first read into memory when it is a read-only view of a file."""
        if self.graph_file is not None:
            self.graph = self._new_graph()
            self.graph.load(str(self.graph_file))
            self.graph_file = None
        return self.graph

    def _new_graph(self) -> Index:
        """An empty usearch index with this index's settings."""
        params = self.hnsw
        return Index(
            ndim=self.dim,
            metric="cos",
            dtype=params.dtype,
            connectivity=params.connectivity,
            expansion_add=params.expansion_add,
            expansion_search=params.expansion_search,
        )

    def _dense_rows(self) -> np.ndarray:
        """The stored rows as float32 (numpy has no fast half-precision matrix product)."""
        if self._dense is None:
            self._dense = np.asarray(self.vectors, dtype=np.float32)
        return self._dense

    def _search_exact(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Exact top-k by matrix products over blocks of queries."""
        ids = np.full((len(rows), k), -1, dtype=np.int64)
        scores = np.full((len(rows), k), -np.inf, dtype=np.float32)
        take = min(k, len(self))
        if take == 0:
            return ids, scores
        dense = self._dense_rows()
        block = max(1, QUERY_BLOCK // len(self))
        for start in range(0, len(rows), block):
            found = rows[start : start + block] @ dense.T
            best = np.argpartition(-found, take - 1, axis=1)[:, :take]
            best_scores = np.take_along_axis(found, best, axis=1)
            order = np.lexsort((best, -best_scores), axis=1)
            ids[start : start + block, :take] = self.ids[np.take_along_axis(best, order, axis=1)]
            scores[start : start + block, :take] = np.take_along_axis(best_scores, order, axis=1)
        return ids, scores

    def _search_graph(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """HNSW candidates, over-fetched and rescored exactly from the stored rows.

        The graph's distances are computed in its own precision, so near-ties can swap places
        in it; fetching a few more candidates than asked and rescoring them keeps the exact
        order at the top. Only the candidates' rows are read (a few pages of the mapped file).
        """
        pool = k + self.hnsw.oversample
        keys, valid = candidate_keys(self.graph.search(rows, pool, threads=self.hnsw.threads), pool)
        positions = np.clip(np.searchsorted(self.ids, keys), 0, max(len(self) - 1, 0))
        candidates = np.asarray(self.vectors[positions.reshape(-1)], dtype=np.float32)
        found = np.einsum("qkd,qd->qk", candidates.reshape(*keys.shape, self.dim), rows)
        found = np.where(valid, found, -np.inf).astype(np.float32)
        order = np.lexsort((keys, -found), axis=1)[:, :k]
        keys = np.take_along_axis(keys, order, axis=1)
        found = np.take_along_axis(found, order, axis=1)
        return np.where(np.isfinite(found), keys, -1), found

    def save(self, folder: Path | str, *, version: int | None = None) -> None:
        """Write ids, vectors, the graph (if any) and a checksummed meta.json into `folder`."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / IDS_FILE, self.ids, allow_pickle=False)
        np.save(folder / VECTORS_FILE, self.vectors, allow_pickle=False)
        np.save(folder / DIGESTS_FILE, self.digests, allow_pickle=False)
        names = [IDS_FILE, VECTORS_FILE, DIGESTS_FILE]
        if self.graph is not None:
            self.graph.save(str(folder / GRAPH_FILE))
            names.append(GRAPH_FILE)
        for name in names:
            fsync_file(folder / name)
        meta = self._meta(version, {name: file_entry(folder / name) for name in names})
        (folder / META_FILE).write_text(json.dumps(meta, indent=2, sort_keys=True), "utf-8")
        fsync_file(folder / META_FILE)

    def _meta(self, version: int | None, files: dict[str, dict]) -> dict:
        """meta.json's content, with its checksum."""
        meta = {
            "format": FORMAT,
            "version": version,
            "dim": self.dim,
            "count": len(self),
            "exact_threshold": self.exact_threshold,
            "hnsw": asdict(self.hnsw),
            "files": files,
        }
        return {**meta, "checksum": meta_checksum(meta)}

    @classmethod
    def load(cls, folder: Path | str, *, mmap: bool = True) -> VectorIndex:
        """The index saved in `folder`, its arrays and graph mapped from the files (read into
        memory with mmap=False); IndexCorruptError if anything is missing or altered."""
        folder = Path(folder)
        meta = read_meta(folder)
        index = cls(
            meta["dim"], exact_threshold=meta["exact_threshold"], hnsw=HnswParams(**meta["hnsw"])
        )
        mode = "r" if mmap and meta["format"] == FORMAT else None
        index.ids = np.load(folder / IDS_FILE, mmap_mode=mode, allow_pickle=False)
        index.vectors = np.load(folder / VECTORS_FILE, mmap_mode=mode, allow_pickle=False)
        if index.vectors.dtype != STORED_DTYPE:  # format 1: float32 rows
            index.vectors = index.vectors.astype(STORED_DTYPE)
        index.version = meta["version"]
        shape = (meta["count"], meta["dim"])
        # Folders saved before digests existed load with unknown (zero) digests.
        index.digests = (
            np.load(folder / DIGESTS_FILE, mmap_mode=mode, allow_pickle=False)
            if DIGESTS_FILE in meta["files"]
            else checked_digests(None, shape[0])
        )
        if index.digests.shape != (shape[0], DIGEST_BYTES):
            raise IndexCorruptError(f"{folder}: digests do not match meta.json")
        if index.ids.shape != shape[:1] or index.vectors.shape != shape:
            raise IndexCorruptError(f"{folder}: arrays do not match meta.json")
        if GRAPH_FILE in meta["files"]:
            index._open_graph(folder / GRAPH_FILE, view=mode is not None)
        index._sync_graph()
        return index

    def _open_graph(self, path: Path, *, view: bool) -> None:
        """The saved graph, as a read-only view of its file or read into memory."""
        self.graph = self._new_graph()
        if view:
            self.graph.view(str(path))
            self.graph_file = path
        else:
            self.graph.load(str(path))
        if len(self.graph) != len(self):
            raise IndexCorruptError(f"{path.parent}: the graph does not match the vectors")


def candidate_keys(matches: Matches | BatchMatches, k: int) -> tuple[np.ndarray, np.ndarray]:
    """usearch results as a (queries, k) key matrix and a mask of the keys actually found."""
    if isinstance(matches, Matches):  # usearch answers a one-row batch with Matches
        found = np.asarray(matches.keys, dtype=np.int64).reshape(1, -1)
        counts = np.array([found.shape[1]])
    else:
        found = np.asarray(matches.keys, dtype=np.int64).reshape(len(matches.counts), -1)
        counts = np.asarray(matches.counts)
    keys = np.full((len(found), k), -1, dtype=np.int64)
    keys[:, : found.shape[1]] = found[:, :k]
    valid = np.arange(k) < counts.reshape(-1, 1)
    return np.where(valid, keys, -1), valid
