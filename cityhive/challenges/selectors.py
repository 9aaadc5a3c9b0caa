"""Reads of challenges and needs profiles, scoped to what the actor may see."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from cityhive.challenges.errors import ChallengeErrorCode
from cityhive.challenges.models import (
    Challenge,
    ChallengeStatus,
    ChallengeTag,
    NeedItem,
    Visibility,
)
from cityhive.challenges.permissions import (
    needs_visibility_filter,
    needs_visibility_of,
    partner_organisation_ids,
)
from cityhive.content.selectors import CatalogueFilters, faceted_filter
from cityhive.core.permissions import first_visible_to, require
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.permissions import organisation_roles

SEARCHED = ("title", "description")
SORTS = {"newest": ("-created_at", "-pk"), "deadline": ("deadline", "pk"), "title": ("title", "pk")}


@dataclass(frozen=True)
class ChallengeFilters(CatalogueFilters):
    status: str = ""
    city_id: int | None = None


def challenge_visibility_filter(actor) -> Q | None:
    """The rows an actor may see (None: all rows, for programme managers)."""
    if actor is not None and actor.is_authenticated and actor.is_staff:
        return None
    listed = ~Q(status=ChallengeStatus.DRAFT)
    visible = listed & Q(visibility=Visibility.PUBLIC)
    if actor is not None and actor.is_authenticated and partner_organisation_ids(actor):
        visible |= listed & Q(visibility=Visibility.PARTNERS)
    own = list(organisation_roles(actor)) if actor is not None else []
    if own:
        visible |= Q(city_id__in=own)
    return visible


def challenge_list_visible_to(*, actor, filters: ChallengeFilters) -> QuerySet[Challenge]:
    """Challenges the actor may see, searched, filtered by facets and sorted."""
    scope = challenge_visibility_filter(actor)
    challenges = faceted_filter(
        Challenge.objects.all() if scope is None else Challenge.objects.filter(scope),
        filters=filters,
        tag_model=ChallengeTag,
        owner_field="challenge",
        searched=SEARCHED,
    )
    if filters.country:
        challenges = challenges.filter(city__country=filters.country.upper())
    if filters.status:
        challenges = challenges.filter(status=filters.status)
    if filters.city_id:
        challenges = challenges.filter(city_id=filters.city_id)
    order = SORTS.get(filters.sort, SORTS["newest"])
    return challenges.select_related("city", "city__place").order_by(*order)


def challenge_get_visible_to(*, actor, challenge_id: int) -> Challenge:
    """One challenge, or NotFound when it does not exist or the actor may not see it."""
    return first_visible_to(
        Challenge.objects.select_related("city").filter(pk=challenge_id),
        actor=actor,
        permission="challenges.view_challenge",
        code=ChallengeErrorCode.CHALLENGE_NOT_FOUND,
    )


def needs_list_visible_to(*, actor, city) -> QuerySet[NeedItem]:
    """A city's needs profile, strongest first, for those its visibility lets see it."""
    require(actor, "challenges.view_needs", city)
    return city.need_items.order_by("-weight", "facet", "value")


def needs_visibility_get(*, actor, city) -> str:
    """The visibility of a city's needs profile, for those who may see the profile."""
    require(actor, "challenges.view_needs", city)
    return needs_visibility_of(city)


def needs_city_list_visible_to(*, actor) -> QuerySet[Organisation]:
    """Cities with a needs profile the actor may see (matching reads only these cities' needs)."""
    cities = Organisation.objects.filter(
        kind=OrganisationKind.CITY, pk__in=NeedItem.objects.values("city_id")
    )
    return cities.filter(needs_visibility_filter(actor))
