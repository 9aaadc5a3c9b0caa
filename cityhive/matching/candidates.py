"""Candidate generation: which solutions the engine scores when the catalogue is large.

Up to MAX_CANDIDATES published solutions the engine sees them all. Above, it sees the union of
the solutions carrying the most of the asked-for facet values (from the facet index) and the
nearest ones by meaning (from the embedding index): solutions with neither share nothing with the
need, so they could only have scored on words alone. This keeps a match fast at a million solutions.
The solutions app answers the reads (`solutions.selectors`); this module only chooses.
"""

from django.db.models import QuerySet

from cityhive.matching.engine import FacetKey
from cityhive.matching.semantic import semantic_neighbours
from cityhive.solutions.models import Solution
from cityhive.solutions.selectors import (
    solution_ids_by_facet_strength,
    solution_list_published,
    solution_list_published_among,
)

MAX_CANDIDATES = 400


def candidate_solutions(*, keys: list[FacetKey], vector=None) -> QuerySet[Solution]:
    """The published solutions worth scoring for these facet values and this embedding."""
    solutions = solution_list_published()
    if solutions[: MAX_CANDIDATES + 1].count() <= MAX_CANDIDATES:
        return solutions
    ids = set(solution_ids_by_facet_strength(keys=keys, limit=MAX_CANDIDATES // 2))
    if vector is not None:
        ids.update(semantic_neighbours(vector=vector, limit=MAX_CANDIDATES // 2))
    # The embedding index may still hold a solution unpublished a moment ago.
    return solution_list_published_among(ids=ids)
