"""SDG targets suggested for solutions that have none (imported ones, above all): the tagger
reads each text and the provider accepts or dismisses what it found."""

from django_tasks import task

from cityhive.sdg.tagging import sdg_suggest
from cityhive.solutions.selectors import solution_list_by_ids
from cityhive.solutions.services import solution_sdg_suggestions_store
from cityhive.taxonomy.vocabulary import SDG_SUGGESTED

# Targets scoring lower than this are too weak to put before a provider.
MIN_TARGET_SCORE = 0.2


def solution_text(solution) -> str:
    return "\n".join(
        part for part in (solution.title, solution.summary, solution.description) if part
    )


def solutions_sdg_suggest(*, solution_ids) -> int:
    """Suggest SDG targets for these solutions when they have none and no suggestion yet;
    returns how many got a suggestion (running twice suggests nothing new)."""
    suggested = 0
    for solution in solution_list_by_ids(ids=solution_ids):
        if solution.sdg_targets or SDG_SUGGESTED in (solution.extra or {}):
            continue
        result = sdg_suggest(text=solution_text(solution))
        targets = [code for code, score in result.targets if score >= MIN_TARGET_SCORE]
        if targets:
            solution_sdg_suggestions_store(solution=solution, targets=targets)
            suggested += 1
    return suggested


@task()
def solutions_sdg_suggest_task(solution_ids: list[int]) -> int:
    """Background run of `solutions_sdg_suggest` (queued after an import commits)."""
    return solutions_sdg_suggest(solution_ids=solution_ids)
