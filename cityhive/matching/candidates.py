"""Candidate generation: which solutions the engine scores when the catalogue is large.

Up to MAX_CANDIDATES published solutions the engine sees them all. Above, it sees the union of
the solutions carrying the most of the asked-for facet values (from the facet index) and the
nearest ones by meaning (from the embedding index): solutions with neither share nothing with the
need, so they could only have scored on words alone. This keeps a match fast at a million solutions.
"""

from collections import defaultdict

from django.db import connection
from django.db.models import QuerySet

from cityhive.matching.engine import FacetKey
from cityhive.matching.semantic import semantic_neighbours
from cityhive.solutions.models import Solution, SolutionStatus, SolutionTag

MAX_CANDIDATES = 400


def published_solutions() -> QuerySet[Solution]:
    """Every published solution (matching never offers drafts)."""
    return Solution.objects.filter(status=SolutionStatus.PUBLISHED)


def _strongest_carriers_sql(count: int) -> str:
    """One statement: for each of `count` facet values, its `limit` strongest published carriers."""
    # Table names are the models'; every value is a parameter.
    tag, solution = SolutionTag._meta.db_table, Solution._meta.db_table
    select = f"SELECT t.solution_id, t.strength FROM {tag} t JOIN {solution} s"  # noqa: S608
    one = (
        select + " ON s.id = t.solution_id WHERE t.facet = %s AND t.value = %s AND s.status = %s"
        " ORDER BY t.strength DESC, t.solution_id LIMIT %s"
    )
    return " UNION ALL ".join(f"SELECT * FROM ({one}) k{n}" for n in range(count))  # noqa: S608


def _by_facets(keys: list[FacetKey], limit: int) -> list[int]:
    """The solutions with the highest summed strength over these facet values.

    Each value's strongest carriers come from one ordered index scan (all values in one
    statement), so the cost depends on `limit` and the number of values, not on how many
    solutions carry them.
    """
    keys = list(dict.fromkeys(keys))
    if not keys:
        return []
    params = [p for facet, value in keys for p in (facet, value, SolutionStatus.PUBLISHED, limit)]
    totals: dict[int, float] = defaultdict(float)
    with connection.cursor() as cursor:
        cursor.execute(_strongest_carriers_sql(len(keys)), params)
        for solution_id, strength in cursor.fetchall():
            totals[solution_id] += strength
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    return [solution_id for solution_id, _ in ranked[:limit]]


def candidate_solutions(*, keys: list[FacetKey], vector=None) -> QuerySet[Solution]:
    """The published solutions worth scoring for these facet values and this embedding."""
    solutions = published_solutions()
    if solutions[: MAX_CANDIDATES + 1].count() <= MAX_CANDIDATES:
        return solutions
    ids = set(_by_facets(keys, MAX_CANDIDATES // 2))
    if vector is not None:
        ids.update(semantic_neighbours(vector=vector, limit=MAX_CANDIDATES // 2))
    # Status is checked by primary key: `status = ? AND id IN (...)` would lead SQLite to walk
    # the status index over every published solution.
    rows = Solution.objects.filter(pk__in=ids).values_list("pk", "status")
    published = [pk for pk, status in rows if status == SolutionStatus.PUBLISHED]
    return Solution.objects.filter(pk__in=published)
