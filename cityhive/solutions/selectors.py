"""Reads of solutions and implementations, scoped to what the actor may see."""

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Max, QuerySet

from cityhive.content.selectors import CatalogueFilters, faceted_filter
from cityhive.core.errors import NotFound
from cityhive.core.permissions import first_visible_to, require
from cityhive.directory.models import Organisation
from cityhive.solutions.errors import SolutionErrorCode
from cityhive.solutions.models import Implementation, Solution, SolutionStatus, SolutionTag
from cityhive.solutions.permissions import SOLUTION_VISIBLE
from cityhive.taxonomy.vocabulary import SDG_SUGGESTED

SEARCHED = ("title", "summary", "description")
SORTS = {
    "newest": ("-published_at", "-pk"),
    "title": ("title", "pk"),
    "maturity": ("-maturity", "-pk"),
}


@dataclass(frozen=True)
class SolutionFilters(CatalogueFilters):
    emission_sector: str = ""
    maturity_min: int | None = None
    cost_level: str = ""
    provider_id: int | None = None

    FACETS = (*CatalogueFilters.FACETS, ("emission_sector", "emission_sector"))


def _visible(actor) -> QuerySet[Solution]:
    return Solution.objects.filter(SOLUTION_VISIBLE.q(actor))


def solution_list_visible_to(*, actor, filters: SolutionFilters) -> QuerySet[Solution]:
    """Solutions the actor may see, searched, filtered by facets and sorted."""
    solutions = faceted_filter(
        _visible(actor),
        filters=filters,
        tag_model=SolutionTag,
        owner_field="solution",
        searched=SEARCHED,
    )
    if filters.country:
        # A subquery on the (indexed) organisation country plans well without table statistics.
        providers = Organisation.objects.filter(country=filters.country.upper()).values("pk")
        solutions = solutions.filter(provider_id__in=providers)
    if filters.maturity_min:
        solutions = solutions.filter(maturity__gte=filters.maturity_min)
    if filters.cost_level:
        solutions = solutions.filter(cost_level=filters.cost_level)
    if filters.provider_id:
        solutions = solutions.filter(provider_id=filters.provider_id)
    order = SORTS.get(filters.sort, SORTS["newest"])
    return solutions.select_related("provider").order_by(*order)


def solution_get_visible_to(*, actor, solution_id: int) -> Solution:
    """One solution, or NotFound when it does not exist or the actor may not see it."""
    return first_visible_to(
        Solution.objects.select_related("provider").filter(pk=solution_id),
        actor=actor,
        permission="solutions.view_solution",
        code=SolutionErrorCode.SOLUTION_NOT_FOUND,
    )


def solution_get_editable_by(*, actor, solution_id: int) -> Solution:
    """One solution the actor may change (and add implementations to), or NotFound: the same
    answer as for a missing one."""
    return first_visible_to(
        Solution.objects.select_related("provider").filter(pk=solution_id),
        actor=actor,
        permission="solutions.change_solution",
        code=SolutionErrorCode.SOLUTION_NOT_FOUND,
    )


def implementation_list_for_solution(*, actor, solution: Solution) -> QuerySet[Implementation]:
    """A visible solution's implementations, confirmed ones first."""
    require(
        actor,
        "solutions.view_solution",
        solution,
        hide=True,
        code=SolutionErrorCode.SOLUTION_NOT_FOUND,
    )
    return solution.implementations.select_related("city", "city__place").order_by(
        F("confirmed_at").desc(nulls_last=True), "-year", "pk"
    )


def implementation_list_for_city(*, actor, city) -> QuerySet[Implementation]:
    """What a city has implemented, among solutions the actor may see."""
    visible = _visible(actor).values("pk")
    return (
        Implementation.objects.filter(city=city, solution__in=visible)
        .select_related("solution", "solution__provider")
        .order_by("-year", "pk")
    )


def implementation_get_visible_to(*, actor, implementation_id: int) -> Implementation:
    """One implementation of a solution the actor may see, or NotFound."""
    implementation = (
        Implementation.objects.select_related("solution", "city")
        .filter(pk=implementation_id)
        .first()
    )
    if implementation is None:
        raise NotFound(code=SolutionErrorCode.IMPLEMENTATION_NOT_FOUND)
    code = SolutionErrorCode.IMPLEMENTATION_NOT_FOUND
    require(actor, "solutions.view_solution", implementation.solution, hide=True, code=code)
    return implementation


# --- reads for matching: published solutions, the strongest carriers of facet values, and ------
# --- what a solution's match document is built from --------------------------------------------


TAG_SUGGESTIONS = 300


def solution_tags_in_use(*, limit: int = TAG_SUGGESTIONS) -> list[str]:
    """The tags published solutions use most (then alphabetically), for the tags picker: one
    query over the tags column, counted in Python (a JSON list is not portable to unnest)."""
    counts: dict[str, int] = {}
    rows = Solution.objects.filter(status=SolutionStatus.PUBLISHED).values_list("tags", flat=True)
    for tags in rows:
        for tag in {str(tag).strip() for tag in tags or [] if str(tag).strip()}:
            counts[tag] = counts.get(tag, 0) + 1
    ranked = sorted(counts, key=lambda tag: (-counts[tag], tag.lower(), tag))
    return ranked[:limit]


def solution_list_published() -> QuerySet[Solution]:
    """Every published solution (matching never offers drafts)."""
    return Solution.objects.filter(status=SolutionStatus.PUBLISHED)


def solution_list_published_among(*, ids) -> QuerySet[Solution]:
    """The published solutions among these ids."""
    # Status is checked by primary key: `status = ? AND id IN (...)` would lead SQLite to walk
    # the status index over every published solution.
    rows = Solution.objects.filter(pk__in=ids).values_list("pk", "status")
    published = [pk for pk, status in rows if status == SolutionStatus.PUBLISHED]
    return Solution.objects.filter(pk__in=published)


def solution_list_suggested_for_goal(*, goal: str) -> QuerySet[Solution]:
    """Published solutions the SDG tagger suggests for a goal, not yet tagged with it by their
    provider (public: published solutions are)."""
    tagged = SolutionTag.objects.filter(facet="sdg_goal", value=goal).values("solution_id")
    suggested = SolutionTag.objects.filter(facet=SDG_SUGGESTED, value=goal).values("solution_id")
    return (
        Solution.objects.filter(status=SolutionStatus.PUBLISHED, pk__in=suggested)
        .exclude(pk__in=tagged)
        .select_related("provider")
        .order_by("title", "pk")
    )


def solution_list_by_ids(*, ids) -> QuerySet[Solution]:
    """Solutions by id, whatever their status (for callers that already checked access)."""
    return Solution.objects.filter(pk__in=ids)


def solution_list_summaries() -> QuerySet[Solution]:
    """Solutions with what a list of them shows: title, ids, status and provider."""
    shown = ("title", "external_id", "status", "provider__name", "provider__slug")
    return Solution.objects.select_related("provider").only(*shown)


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


def solution_ids_by_facet_strength(*, keys: list[tuple[str, str]], limit: int) -> list[int]:
    """The published solutions with the highest summed strength over these facet values.

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


def solution_change_stamps(solutions: QuerySet[Solution]) -> dict[int, tuple]:
    """Per solution in the queryset, when it, its provider, its implementations and their cities
    last changed, and how many implementations it has: equal stamps, unchanged solution."""
    stamped = (
        Solution.objects.filter(pk__in=solutions.values("pk"))
        .annotate(
            implementation_count=Count("implementations"),
            implementation_changed=Max("implementations__updated_at"),
            city_changed=Max("implementations__city__updated_at"),
        )
        .order_by("pk")
        .values_list(
            "pk",
            "updated_at",
            "provider__updated_at",
            "implementation_count",
            "implementation_changed",
            "city_changed",
        )
    )
    # Stamps are only compared with each other: the driver's raw values will do, which skips
    # parsing three timestamps per solution on SQLite.
    sql, params = stamped.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0]: tuple(row[1:]) for row in cursor.fetchall()}


def implementation_list_for_solutions(*, solution_ids) -> QuerySet[Implementation]:
    """The implementations of these solutions (for callers that already checked access)."""
    return Implementation.objects.filter(solution__in=solution_ids)
