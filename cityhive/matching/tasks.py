"""Background work for matching: keep the solution index and challenge vectors up to date."""

from django_tasks import task

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
