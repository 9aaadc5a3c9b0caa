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
    CHALLENGE_VISIBLE,
    needs_visibility_filter,
    needs_visibility_of,
)
from cityhive.content.selectors import CatalogueFilters, faceted_filter
from cityhive.core.permissions import first_visible_to, require
from cityhive.directory.errors import DirectoryErrorCode
from cityhive.directory.models import Organisation, OrganisationKind

SEARCHED = ("title", "description")
SORTS = {"newest": ("-created_at", "-pk"), "deadline": ("deadline", "pk"), "title": ("title", "pk")}


@dataclass(frozen=True)
class ChallengeFilters(CatalogueFilters):
    status: str = ""
    city_id: int | None = None


def challenge_visibility_filter(actor) -> Q:
    """The challenges an actor may see, as a filter (the policy's query half, for the export)."""
    return CHALLENGE_VISIBLE.q(actor)


def challenge_list_visible_to(*, actor, filters: ChallengeFilters) -> QuerySet[Challenge]:
    """Challenges the actor may see, searched, filtered by facets and sorted."""
    challenges = faceted_filter(
        Challenge.objects.filter(CHALLENGE_VISIBLE.q(actor)),
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


def challenge_hidden_count_for(*, actor) -> int:
    """How many published partners-only challenges the actor may not see (to tell them why)."""
    return (
        Challenge.objects.filter(visibility=Visibility.PARTNERS)
        .exclude(status=ChallengeStatus.DRAFT)
        .exclude(CHALLENGE_VISIBLE.q(actor))
        .count()
    )


def challenge_get_visible_to(*, actor, challenge_id: int) -> Challenge:
    """One challenge, or NotFound when it does not exist or the actor may not see it."""
    return first_visible_to(
        Challenge.objects.select_related("city").filter(pk=challenge_id),
        actor=actor,
        permission="challenges.view_challenge",
        code=ChallengeErrorCode.CHALLENGE_NOT_FOUND,
    )


def challenge_get_editable_by(*, actor, challenge_id: int) -> Challenge:
    """One challenge the actor may change, or NotFound (the same answer as a missing one)."""
    return first_visible_to(
        Challenge.objects.select_related("city").filter(pk=challenge_id),
        actor=actor,
        permission="challenges.change_challenge",
        code=ChallengeErrorCode.CHALLENGE_NOT_FOUND,
    )


def challenge_list_by_ids(*, ids) -> QuerySet[Challenge]:
    """Challenges by id, whatever their state (for background work that was handed the ids)."""
    return Challenge.objects.filter(pk__in=ids)


def challenge_list_all() -> QuerySet[Challenge]:
    """Every challenge, whatever its state (for upkeep of data derived from all of them)."""
    return Challenge.objects.all()


def challenge_list_open_visible_to(*, actor) -> QuerySet[Challenge]:
    """Open challenges the actor may see (what a solution's opportunities are drawn from)."""
    return Challenge.objects.filter(status=ChallengeStatus.OPEN).filter(CHALLENGE_VISIBLE.q(actor))


def needs_city_get_editable_by(*, actor, slug: str) -> Organisation:
    """A city whose needs profile the actor may change, or NotFound."""
    return first_visible_to(
        Organisation.objects.select_related("place").filter(slug=slug),
        actor=actor,
        permission="challenges.change_needs",
        code=DirectoryErrorCode.ORGANISATION_NOT_FOUND,
    )


def need_item_list_for_cities(*, city_ids) -> QuerySet[NeedItem]:
    """The needs items of these cities (for callers that already applied needs visibility)."""
    return NeedItem.objects.filter(city__in=city_ids)


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
