"""Semantic similarity for matching: solution embeddings in a versioned on-disk index, and each
challenge's embedding in the database.

The index lives in CITYHIVE_DATA_DIR/indexes/solutions/ (one folder per version, swapped
atomically); every worker reloads it when the version changes. A missing or damaged index is never
served: matching goes on without the semantic signal. Reads never queue work: changes are
announced by the services (matching subscribes in apps.py), and each task worker checks at start
that the index and every challenge's vector exist (matching/subscriptions.py). Challenge vectors
(ChallengeVector) are written by a task after each save and used while their text hash matches;
the index keeps each solution's text hash too, so an update skips the unchanged ones (an import
followed by `cityhive index rebuild` embeds each solution once, not twice). Those hashes include a
fingerprint of the encoder, so a vector of another model never passes for current. Texts are
encoded in batches of MATCHING_EMBED_BATCH, so each encoder call stays short. A rebuild is
checkpointed in chunks (IndexStore.building): stopped part way, it resumes where it was, the
current version served meanwhile.
"""

import hashlib
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import numpy as np
from django.conf import settings

from cityhive.challenges.models import Challenge
from cityhive.challenges.selectors import challenge_list_all, challenge_list_by_ids
from cityhive.core.activity import yield_to_web
from cityhive.embeddings.encoder import CHECKSUMS_FILE, MAX_TOKENS, MAX_WINDOWS, MODEL_DIR
from cityhive.embeddings.index import VectorIndex
from cityhive.embeddings.platform import encoder, query_vector
from cityhive.embeddings.store import CurrentIndex, IndexStore
from cityhive.matching.models import ChallengeVector
from cityhive.solutions.models import Solution
from cityhive.solutions.selectors import solution_list_published

MAX_CHARS = 2_000
REBUILD_CHUNK = 1_024  # solutions per checkpoint of a rebuild (a kill loses at most this many)
CATCH_UP_MARGIN = timedelta(seconds=5)  # clock and transaction slack for "edited since"


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
    solutions = _texts(solution_list_published().order_by("pk"))
    if ids is None:
        yield from solutions.iterator(chunk_size=embed_batch_size())
        return
    for start in range(0, len(ids), embed_batch_size()):
        yield from solutions.filter(pk__in=ids[start : start + embed_batch_size()])


def _texts(solutions):
    """Only the columns a solution's text is made of."""
    return solutions.only("pk", "title", "summary", "description", "tags")


def _published_after(last_id: int, limit: int) -> list[Solution]:
    """The next `limit` published solutions by id after `last_id` (one rebuild chunk)."""
    return list(_texts(solution_list_published().filter(pk__gt=last_id).order_by("pk"))[:limit])


def _batches(rows: Iterable[Solution]) -> Iterable[list[Solution]]:
    batch: list[Solution] = []
    for row in rows:
        batch.append(row)
        if len(batch) == embed_batch_size():
            yield batch
            batch = []
    if batch:
        yield batch


def _background_encoded(texts: list[str], *, side_by_side: bool = False) -> np.ndarray:
    """The vectors of one batch of background work: in a task worker, first step aside while
    this host's web answers requests (core.activity)."""
    yield_to_web()
    return encoder().encode(texts, side_by_side=side_by_side)


def _embedded(batch: list[Solution]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ids, vectors and text digests of a batch of solutions (one encoder call)."""
    texts = [solution_text(s) for s in batch]
    ids = np.array([s.pk for s in batch], dtype=np.int64)
    return ids, _background_encoded(texts, side_by_side=True), _digests(texts)


def _embedded_reusing(
    batch: list[Solution], previous: VectorIndex | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """As `_embedded`, taking the vector of each solution whose text is unchanged since
    `previous` from it instead of the encoder."""
    if previous is None:
        return _embedded(batch)
    ids = np.array([s.pk for s in batch], dtype=np.int64)
    digests = _digests([solution_text(s) for s in batch])
    vectors, known = previous.rows_of(ids)
    same = known & (previous.digests_of(ids) == digests).all(axis=1)
    stale = [s for s, keep in zip(batch, same, strict=True) if not keep]
    if stale:
        vectors[~same] = _embedded(stale)[1]
    return ids, vectors, digests


@lru_cache(maxsize=1)
def encoder_fingerprint() -> bytes:
    """What decides a text's vector besides the text: the model files (their checksums) and
    how texts are cut. It is hashed with every text, so that a vector made by another encoder
    never passes for current: after the model changes, a rebuild encodes every text again."""
    sums = (MODEL_DIR / CHECKSUMS_FILE).read_bytes()
    return hashlib.sha256(sums + f"|{MAX_TOKENS}|{MAX_WINDOWS}".encode()).digest()


def _text_hash(text: str):
    """SHA-256 of the encoder's fingerprint and the text."""
    return hashlib.sha256(encoder_fingerprint() + text.encode("utf-8"))


def _digests(texts: list[str]) -> np.ndarray:
    """The SHA-256 of each text with the encoder's fingerprint, one 32-byte row per text."""
    raw = b"".join(_text_hash(text).digest() for text in texts)
    return np.frombuffer(raw, dtype=np.uint8).reshape(len(texts), 32)


def rebuild_chunk_size() -> int:
    """Solutions per checkpoint of a rebuild: whole encoder batches, so that a resumed build
    encodes the same batches as an uninterrupted one."""
    batch = embed_batch_size()
    return batch * max(1, REBUILD_CHUNK // batch)


def solution_index_rebuild(
    *, progress: Callable[[int], None] | None = None, fresh: bool = False
) -> int | None:
    """Embed every published solution into a new index version; returns the version (None when
    another rebuild is running). Resumes a rebuild stopped part way; vectors of texts unchanged
    since the current version by the same encoder are reused unless `fresh`."""
    store = solution_index_store()
    with store.building(fresh=fresh, key=encoder_fingerprint().hex()) as build:
        if build is None:
            return None
        previous = None if fresh else store.load_current()
        while chunk := _published_after(build.last_id, rebuild_chunk_size()):
            parts = [_embedded_reusing(batch, previous) for batch in _batches(chunk)]
            build.append(*(np.concatenate(column) for column in zip(*parts, strict=True)))
            if progress:
                progress(build.count)
        index = VectorIndex(dim=384)
        if build.count:
            index.build(*build.arrays())
        _catch_up(index, since=build.started)
        version = store.publish(index)
        build.discard()
    return version


def _catch_up(index: VectorIndex, *, since: float) -> None:
    """Re-embed what changed while the build ran (solutions edited since it started, and built
    ones since unpublished), as the announced updates did to the versions published meanwhile."""
    started = datetime.fromtimestamp(since, tz=UTC) - CATCH_UP_MARGIN
    edited = list(_texts(solution_list_published().filter(updated_at__gte=started)))
    published = set(solution_list_published().values_list("pk", flat=True))
    index.remove([pk for pk in index.ids.tolist() if pk not in published])
    for batch in _batches(_changed(index, edited)):
        index.add(*_embedded(batch))


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
    index = solution_index_store().load_current(mmap=False)
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


def solution_index_warm() -> bool:
    """Open the current index and prepare its first search (as a worker starts); whether
    there is one to serve."""
    index = _index() if settings.MATCHING_SEMANTIC else None
    if index is not None:
        index.warm()
    return index is not None


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
    rows, _ = index.rows_of(solution_ids)
    # Rows are half precision: a cosine can pass 1 by about 1e-4.
    return [min(1.0, max(0.0, float(score))) for score in rows @ vector]


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
    if index is None:
        return None
    rows, known = index.rows_of([solution_id])
    return rows[0] if known[0] else None


# ---------------------------------------------------------------- challenges


def challenge_text(challenge: Challenge) -> str:
    """What a challenge's embedding is computed from (its title and description)."""
    return _challenge_text(challenge.title, challenge.description)


def _challenge_text(title: str, description: str) -> str:
    return f"{title} {description[:MAX_CHARS]}".strip()


def challenge_ids_without_current_vector() -> list[int]:
    """Challenges with no stored vector, or one made from another text or by another encoder."""
    rows = challenge_list_all().order_by("pk")
    rows = rows.values_list("pk", "title", "description", "vector__text_sha256")
    return [
        pk
        for pk, title, description, stored in rows.iterator(chunk_size=2_000)
        if stored != _sha256(_challenge_text(title, description))
    ]


def _sha256(text: str) -> str:
    return _text_hash(text).hexdigest()


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
        vectors = _background_encoded([text for _, text in batch])
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
