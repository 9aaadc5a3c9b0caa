"""Background work for matching: keep the solution index and challenge vectors up to date, and
retrain the re-ranker from feedback."""

from django_tasks import task

from cityhive.matching.rerank import reranker_retrain
from cityhive.matching.semantic import (
    challenge_vectors_update,
    solution_index_rebuild,
    solution_index_update,
)


@task()
def solution_index_rebuild_task() -> int:
    """Rebuild the whole solution index (safe to run twice: each run publishes a full version)."""
    return solution_index_rebuild()


@task()
def solution_index_update_task(solution_ids: list[int]) -> int | None:
    """Re-embed changed solutions (idempotent: the same ids give the same index)."""
    return solution_index_update(solution_ids=solution_ids)


@task()
def challenge_vectors_update_task(challenge_ids: list[int]) -> int:
    """Embed challenges whose text changed (idempotent: unchanged texts are skipped)."""
    return challenge_vectors_update(challenge_ids=challenge_ids)


@task()
def reranker_retrain_task() -> dict:
    """Retrain the re-ranker from feedback when there is feedback it has not seen (idempotent:
    the same feedback gives the same weights; a queued run after a newer one does nothing)."""
    done = reranker_retrain(only_if_new=True)
    return {"pairs": done.pairs, "seconds": round(done.seconds, 3), "stored": done.stored}
