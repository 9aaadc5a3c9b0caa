"""What matching does when other apps announce changes (subscribed in MatchingConfig.ready).

Everything here only queues background work, and only with the semantic signal on.
"""

from django.conf import settings

from cityhive.challenges.events import ChallengesChanged
from cityhive.core.events import WorkerStarted, subscribe
from cityhive.matching.semantic import challenge_ids_without_current_vector, solution_index_store
from cityhive.matching.tasks import (
    challenge_vectors_update_task,
    solution_index_rebuild_task,
    solution_index_update_task,
)
from cityhive.solutions.events import SolutionsChanged

UPKEEP_BATCH = 500  # challenges per queued vector task


def solutions_changed(event: SolutionsChanged) -> None:
    """Re-embed the changed solutions into the index."""
    if settings.MATCHING_SEMANTIC:
        solution_index_update_task.enqueue(solution_ids=list(event.solution_ids))


def challenges_changed(event: ChallengesChanged) -> None:
    """Embed the changed challenges' texts."""
    if settings.MATCHING_SEMANTIC:
        challenge_vectors_update_task.enqueue(challenge_ids=list(event.challenge_ids))


def semantic_upkeep(event: WorkerStarted | None = None) -> tuple[bool, int]:
    """Queue a rebuild when there is no index or a rebuild was stopped part way (it resumes),
    and vectors for challenges that have none or a stale one (another text or encoder);
    (rebuild queued, challenges queued)."""
    if not settings.MATCHING_SEMANTIC:
        return False, 0
    store = solution_index_store()
    rebuild = store.build_pending() or store.load_current() is None
    if rebuild:
        solution_index_rebuild_task.enqueue()
    missing = challenge_ids_without_current_vector()
    for start in range(0, len(missing), UPKEEP_BATCH):
        challenge_vectors_update_task.enqueue(challenge_ids=missing[start : start + UPKEEP_BATCH])
    return rebuild, len(missing)


def subscribe_all() -> None:
    """Subscribe matching's handlers to the events they follow."""
    subscribe(SolutionsChanged, solutions_changed)
    subscribe(ChallengesChanged, challenges_changed)
    subscribe(WorkerStarted, semantic_upkeep)
