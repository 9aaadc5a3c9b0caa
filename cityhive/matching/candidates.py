"""Candidate generation: which solutions the engine scores when the catalogue is large.

Up to MAX_CANDIDATES published solutions the engine sees them all. Above, it sees the union of
the solutions carrying the most of the asked-for facet values (from the facet index) and the
nearest ones by meaning (from the embedding index): solutions with neither share nothing with the
need, so they could only have scored on words alone. This keeps a match fast at a million solutions.
"""

from django.db.models import Q, QuerySet, Sum

from cityhive.matching.engine import FacetKey
from cityhive.matching.semantic import semantic_neighbours
from cityhive.solutions.models import Solution, SolutionStatus, SolutionTag

MAX_CANDIDATES = 400


def published_solutions() -> QuerySet[Solution]:
    """Every published solution (matching never offers drafts)."""
    return Solution.objects.filter(status=SolutionStatus.PUBLISHED)


def _by_facets(keys: list[FacetKey], limit: int) -> list[int]:
    if not keys:
        return []
    wanted = Q()
    for facet, value in keys:
        wanted |= Q(facet=facet, value=value)
    tags = SolutionTag.objects.filter(wanted, solution__status=SolutionStatus.PUBLISHED)
    ranked = (
        tags.values("solution_id").annotate(total=Sum("strength")).order_by("-total", "solution_id")
    )
    return list(ranked.values_list("solution_id", flat=True)[:limit])


def candidate_solutions(*, keys: list[FacetKey], query: str) -> QuerySet[Solution]:
    """The published solutions worth scoring for these facet values and this text."""
    solutions = published_solutions()
    if solutions[: MAX_CANDIDATES + 1].count() <= MAX_CANDIDATES:
        return solutions
    ids = set(_by_facets(keys, MAX_CANDIDATES // 2))
    ids.update(semantic_neighbours(query=query, limit=MAX_CANDIDATES // 2))
    return solutions.filter(pk__in=ids)
