"""Reads of solutions and implementations, scoped to what the actor may see."""

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from cityhive.content.selectors import CatalogueFilters, faceted_filter
from cityhive.core.errors import NotFound
from cityhive.core.permissions import first_visible_to, require
from cityhive.directory.models import Organisation
from cityhive.directory.permissions import organisation_roles
from cityhive.solutions.errors import SolutionErrorCode
from cityhive.solutions.models import Implementation, Solution, SolutionStatus, SolutionTag

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
    if actor is not None and actor.is_authenticated and actor.is_staff:
        return Solution.objects.all()
    published = Q(status=SolutionStatus.PUBLISHED)
    own = list(organisation_roles(actor)) if actor is not None else []
    return Solution.objects.filter(published | Q(provider_id__in=own) if own else published)


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
