"""Semantic similarity for matching: solution embeddings in a versioned on-disk index.

The index lives in CITYHIVE_DATA_DIR/indexes/solutions/ (one folder per version, swapped
atomically); every worker reloads it when the version changes. A missing or damaged index is never
served: matching goes on without the semantic signal and a rebuild is queued.
"""

from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
from django.conf import settings

from cityhive.embeddings.encoder import Encoder
from cityhive.embeddings.index import VectorIndex
from cityhive.embeddings.store import CurrentIndex, IndexStore
from cityhive.solutions.models import Solution, SolutionStatus

BATCH = 256
MAX_CHARS = 2_000


@lru_cache(maxsize=1)
def encoder() -> Encoder:
    """The sentence encoder, loaded (and checksum-verified) once per process."""
    return Encoder.load(threads=settings.MATCHING_ENCODER_THREADS)


@lru_cache(maxsize=1024)
def query_vector(query: str) -> np.ndarray:
    """The embedding of a query text, encoded once per worker (a match uses it twice)."""
    vector = encoder().encode([query])[0]
    vector.setflags(write=False)
    return vector


@lru_cache(maxsize=1)
def solution_index_store() -> IndexStore:
    """Where the solution index's versions live."""
    return IndexStore(settings.DATA_DIR / "indexes" / "solutions")


@lru_cache(maxsize=1)
def _current() -> CurrentIndex:
    return CurrentIndex(solution_index_store())


def solution_text(solution: Solution) -> str:
    """What the embedding of a solution is computed from."""
    parts = [solution.title, solution.summary, solution.description[:MAX_CHARS], *solution.tags]
    return " ".join(part for part in parts if part)


def _published() -> Iterable[Solution]:
    solutions = Solution.objects.filter(status=SolutionStatus.PUBLISHED).order_by("pk")
    return solutions.only("pk", "title", "summary", "description", "tags").iterator(
        chunk_size=BATCH
    )


def _batches(rows: Iterable[Solution]) -> Iterable[list[Solution]]:
    batch: list[Solution] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def solution_index_rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Embed every published solution into a new index version; returns the version."""
    ids: list[np.ndarray] = []
    vectors: list[np.ndarray] = []
    done = 0
    for batch in _batches(_published()):
        ids.append(np.array([s.pk for s in batch], dtype=np.int64))
        vectors.append(encoder().encode([solution_text(s) for s in batch]))
        done += len(batch)
        if progress:
            progress(done)
    index = VectorIndex(dim=384)
    if ids:
        index.build(np.concatenate(ids), np.concatenate(vectors))
    return solution_index_store().publish(index)


def solution_index_update(*, solution_ids: list[int]) -> int | None:
    """Re-embed these solutions (or drop unpublished ones) in a new version; None if rebuilt."""
    index = solution_index_store().load_current()
    if index is None:
        solution_index_rebuild()
        return None
    index.remove(solution_ids)
    published = [s for s in _published() if s.pk in set(solution_ids)]
    if published:
        index.add(
            [s.pk for s in published], encoder().encode([solution_text(s) for s in published])
        )
    return solution_index_store().publish(index)


def semantic_scores(*, query: str, solution_ids: list[int]) -> list[float] | None:
    """Cosine of the query with each solution (0 when not indexed); None without an index."""
    if not settings.MATCHING_SEMANTIC:
        return None
    index = _current().get()
    if index is None:
        from cityhive.matching.tasks import solution_index_rebuild_task

        solution_index_rebuild_task.enqueue()
        return None
    if not solution_ids:
        return []
    if len(index) == 0:
        return [0.0] * len(solution_ids)
    wanted = np.asarray(solution_ids, dtype=np.int64)
    positions = np.searchsorted(index.ids, wanted).clip(0, len(index) - 1)
    present = index.ids[positions] == wanted
    scores = np.zeros(wanted.size, dtype=np.float32)
    scores[present] = index.vectors[positions[present]] @ query_vector(query or "")
    return [max(0.0, float(score)) for score in scores]


def semantic_neighbours(*, query: str, limit: int) -> list[int]:
    """Ids of the published solutions nearest to the query (empty without an index)."""
    if not settings.MATCHING_SEMANTIC or not query.strip():
        return []
    index = _current().get()
    if index is None or len(index) == 0:
        return []
    ids, _ = index.search(query_vector(query), min(limit, len(index)))
    return [int(i) for i in ids[0] if i >= 0]
