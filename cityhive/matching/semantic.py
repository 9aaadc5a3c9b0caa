"""Semantic similarity for matching: solution embeddings in a versioned on-disk index, and each
challenge's embedding in the database.

The index lives in CITYHIVE_DATA_DIR/indexes/solutions/ (one folder per version, swapped
atomically); every worker reloads it when the version changes. A missing or damaged index is never
served: matching goes on without the semantic signal. Reads never queue work: changes are
announced by the services (matching subscribes in apps.py), and each task worker checks at start
that the index and every challenge's vector exist (matching/subscriptions.py). Challenge vectors
(ChallengeVector) are written by a task after each save and used while their text hash matches;
the index keeps each solution's text hash too, so an update skips the unchanged ones (an import
followed by `cityhive index rebuild` embeds each solution once, not twice). Texts are encoded in
batches of MATCHING_EMBED_BATCH, so each encoder call stays short.
"""

import hashlib
from collections.abc import Callable, Iterable
from functools import lru_cache

import numpy as np
from django.conf import settings

from cityhive.challenges.models import Challenge
from cityhive.challenges.selectors import challenge_list_by_ids
from cityhive.embeddings.index import VectorIndex
from cityhive.embeddings.platform import encoder, query_vector
from cityhive.embeddings.store import CurrentIndex, IndexStore
from cityhive.matching.models import ChallengeVector
from cityhive.solutions.models import Solution
from cityhive.solutions.selectors import solution_list_published

MAX_CHARS = 2_000


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


def embed_batch_size() -> int:
    """How many texts one encoder call takes (bounded, so web requests are not starved)."""
    return max(1, settings.MATCHING_EMBED_BATCH)


def _published(ids: list[int] | None = None) -> Iterable[Solution]:
    """Published solutions (all, or those among `ids`) in id order, read in batches."""
    solutions = solution_list_published().order_by("pk")
    solutions = solutions.only("pk", "title", "summary", "description", "tags")
    if ids is None:
        yield from solutions.iterator(chunk_size=embed_batch_size())
        return
    for start in range(0, len(ids), embed_batch_size()):
        yield from solutions.filter(pk__in=ids[start : start + embed_batch_size()])


def _batches(rows: Iterable[Solution]) -> Iterable[list[Solution]]:
    batch: list[Solution] = []
    for row in rows:
        batch.append(row)
        if len(batch) == embed_batch_size():
            yield batch
            batch = []
    if batch:
        yield batch


def _embedded(batch: list[Solution]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ids, vectors and text digests of a batch of solutions (one encoder call)."""
    texts = [solution_text(s) for s in batch]
    ids = np.array([s.pk for s in batch], dtype=np.int64)
    return ids, encoder().encode(texts), _digests(texts)


def _digests(texts: list[str]) -> np.ndarray:
    """The SHA-256 of each text, one 32-byte row per text."""
    raw = b"".join(hashlib.sha256(text.encode("utf-8")).digest() for text in texts)
    return np.frombuffer(raw, dtype=np.uint8).reshape(len(texts), 32)


def solution_index_rebuild(*, progress: Callable[[int], None] | None = None) -> int:
    """Embed every published solution into a new index version; returns the version."""
    parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
    done = 0
    for batch in _batches(_published()):
        parts.append(_embedded(batch))
        done += len(batch)
        if progress:
            progress(done)
    index = VectorIndex(dim=384)
    if parts:
        index.build(*(np.concatenate(column) for column in zip(*parts, strict=True)))
    return solution_index_store().publish(index)


def _changed(index: VectorIndex, solutions: list[Solution]) -> list[Solution]:
    """The solutions whose text differs from the one their indexed vector was made from."""
    if not solutions:
        return []
    stored = index.digests_of([s.pk for s in solutions])
    current = _digests([solution_text(s) for s in solutions])
    return [
        s for s, same in zip(solutions, (stored == current).all(axis=1), strict=True) if not same
    ]


def solution_index_update(*, solution_ids: list[int]) -> int | None:
    """Re-embed those of these solutions whose text changed, drop unpublished ones, in a new
    version; the current version when nothing changed; None if it had to rebuild."""
    index = solution_index_store().load_current()
    if index is None:
        solution_index_rebuild()
        return None
    published = list(_published(sorted(set(solution_ids))))
    kept = {s.pk for s in published}
    removed = index.remove([pk for pk in solution_ids if pk not in kept])
    changed = _changed(index, published)
    if not (removed or changed):
        return index.version
    for batch in _batches(changed):
        index.add(*_embedded(batch))
    return solution_index_store().publish(index)


def _index():
    """The current solution index, or None when there is none (semantic signal off meanwhile)."""
    return _current().get()


def semantic_scores(*, vector: np.ndarray, solution_ids: list[int]) -> list[float] | None:
    """Cosine of a query vector with each solution (0 when not indexed); None without an index."""
    if not settings.MATCHING_SEMANTIC:
        return None
    index = _index()
    if index is None:
        return None
    if not solution_ids:
        return []
    if len(index) == 0:
        return [0.0] * len(solution_ids)
    wanted = np.asarray(solution_ids, dtype=np.int64)
    positions = np.searchsorted(index.ids, wanted).clip(0, len(index) - 1)
    present = index.ids[positions] == wanted
    scores = np.zeros(wanted.size, dtype=np.float32)
    scores[present] = index.vectors[positions[present]] @ vector
    return [max(0.0, float(score)) for score in scores]


def semantic_neighbours(*, vector: np.ndarray, limit: int) -> list[int]:
    """Ids of the published solutions nearest to a query vector (empty without an index)."""
    if not settings.MATCHING_SEMANTIC:
        return []
    index = _current().get()
    if index is None or len(index) == 0:
        return []
    ids, _ = index.search(vector, min(limit, len(index)))
    return [int(i) for i in ids[0] if i >= 0]


def solution_vector(solution_id: int) -> np.ndarray | None:
    """A published solution's vector from the index (None when it or the index is missing)."""
    index = _index() if settings.MATCHING_SEMANTIC else None
    if index is None or len(index) == 0:
        return None
    position = int(np.searchsorted(index.ids, solution_id))
    if position >= len(index) or index.ids[position] != solution_id:
        return None
    return index.vectors[position]


# ---------------------------------------------------------------- challenges


def challenge_text(challenge: Challenge) -> str:
    """What a challenge's embedding is computed from (its title and description)."""
    return f"{challenge.title} {challenge.description[:MAX_CHARS]}".strip()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def challenge_vectors_update(*, challenge_ids: list[int]) -> int:
    """Embed these challenges where their text changed since the stored vector; how many."""
    stored = {
        v.challenge_id: v.text_sha256
        for v in ChallengeVector.objects.filter(challenge_id__in=challenge_ids)
    }
    stale = [
        (challenge, text)
        for challenge in challenge_list_by_ids(ids=challenge_ids).only("title", "description")
        if stored.get(challenge.pk) != _sha256(text := challenge_text(challenge))
    ]
    for start in range(0, len(stale), embed_batch_size()):
        batch = stale[start : start + embed_batch_size()]
        vectors = encoder().encode([text for _, text in batch])
        for (challenge, text), vector in zip(batch, vectors, strict=True):
            ChallengeVector.objects.update_or_create(
                challenge=challenge,
                defaults={"text_sha256": _sha256(text), "vector": vector.astype("<f4").tobytes()},
            )
    return len(stale)


def challenge_vectors(challenges: list[Challenge]) -> dict[int, np.ndarray]:
    """The stored vectors of these challenges that match their current text (an edit's new
    vector is on its way: the edit announced it)."""
    rows = ChallengeVector.objects.filter(challenge_id__in=[c.pk for c in challenges])
    stored = {row.challenge_id: row for row in rows}
    found = {}
    for challenge in challenges:
        row = stored.get(challenge.pk)
        if row is not None and row.text_sha256 == _sha256(challenge_text(challenge)):
            found[challenge.pk] = np.frombuffer(bytes(row.vector), dtype="<f4")
    return found


def challenge_query_vector(challenge: Challenge) -> np.ndarray | None:
    """The challenge's stored vector, else its text encoded now; None with semantics off."""
    if not settings.MATCHING_SEMANTIC:
        return None
    stored = challenge_vectors([challenge]).get(challenge.pk)
    return stored if stored is not None else query_vector(challenge_text(challenge))
