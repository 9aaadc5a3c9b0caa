"""Candidate generation: which solutions the engine scores when the catalogue is large.

Up to MAX_CANDIDATES published solutions the engine sees them all. Above, it sees the union of
the solutions carrying the most of the asked-for facet values (from the facet index) and the
nearest ones by meaning (from the embedding index): solutions with neither share nothing with the
need, so they could only have scored on words alone. This keeps a match fast at a million solutions.
"""

from collections import defaultdict

from django.db.models import QuerySet

from cityhive.matching.engine import FacetKey
from cityhive.matching.semantic import semantic_neighbours
from cityhive.solutions.models import Solution, SolutionStatus, SolutionTag

MAX_CANDIDATES = 400


def published_solutions() -> QuerySet[Solution]:
    """Every published solution (matching never offers drafts)."""
    return Solution.objects.filter(status=SolutionStatus.PUBLISHED)


def _by_facets(keys: list[FacetKey], limit: int) -> list[int]:
    """The solutions with the highest summed strength over these facet values.

    Each value's strongest carriers come from one ordered index scan, so the cost depends on
    `limit` and the number of values, not on how many solutions carry them.
    """
    totals: dict[int, float] = defaultdict(float)
    for facet, value in dict.fromkeys(keys):
        rows = SolutionTag.objects.filter(
            facet=facet, value=value, solution__status=SolutionStatus.PUBLISHED
        ).order_by("-strength", "solution_id")
        for solution_id, strength in rows.values_list("solution_id", "strength")[:limit]:
            totals[solution_id] += strength
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [solution_id for solution_id, _ in ranked[:limit]]


def candidate_solutions(*, keys: list[FacetKey], query: str) -> QuerySet[Solution]:
    """The published solutions worth scoring for these facet values and this text."""
    solutions = published_solutions()
    if solutions[: MAX_CANDIDATES + 1].count() <= MAX_CANDIDATES:
        return solutions
    ids = set(_by_facets(keys, MAX_CANDIDATES // 2))
    ids.update(semantic_neighbours(query=query, limit=MAX_CANDIDATES // 2))
    return solutions.filter(pk__in=ids)
