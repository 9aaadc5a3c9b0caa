"""Reads of tiers, applications and partner status, scoped to what the actor may see.

`partner_organisation_ids` and `organisation_is_partner` are what other apps ask: a company is a
partner while one of its partnership periods covers today, for what that period's tier unlocks.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from cityhive.core.errors import NotFound
from cityhive.core.permissions import first_visible_to, require
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.permissions import organisation_roles
from cityhive.partnership.errors import PartnershipErrorCode
from cityhive.partnership.models import (
    OPEN_STATUSES,
    Application,
    ApplicationStatus,
    Partnership,
    Tier,
    Unlock,
)
from cityhive.partnership.permissions import APPLICATION_VISIBLE


def today():
    """The programme's current day (partner status changes at midnight, local time)."""
    return timezone.localdate()


def partnerships_active_on(day) -> QuerySet[Partnership]:
    """Partnership periods that cover `day` (partners are companies: a period recorded for
    another kind of organisation counts for nothing)."""
    return Partnership.objects.filter(
        starts_on__lte=day, ends_on__gte=day, organisation__kind=OrganisationKind.COMPANY
    )


def _unlocks_by_organisation(organisation_ids) -> dict[int, set[str]]:
    rows = partnerships_active_on(today()).filter(organisation_id__in=list(organisation_ids))
    unlocks: dict[int, set[str]] = {}
    for organisation_id, codes in rows.values_list("organisation_id", "tier__unlocks"):
        unlocks.setdefault(organisation_id, set()).update(codes or [])
    return unlocks


def partner_organisation_ids(user, unlock: str = Unlock.PARTNERS_CONTENT) -> list[int]:
    """The member's organisations whose partner status is active and whose tier unlocks
    `unlock` (what they unlock is loaded once per user object)."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_cityhive_partner_unlocks", None)
    if cached is None:
        roles = organisation_roles(user)
        cached = _unlocks_by_organisation(roles) if roles else {}
        user._cityhive_partner_unlocks = cached
    return sorted(pk for pk, codes in cached.items() if unlock in codes)


def unlocked_organisation_ids(user, unlock: str) -> list[int]:
    """Ids of the member's organisations that `unlock` opens to (cached on the user object):
    companies whose active partnership's tier unlocks it, and verified organisations of every
    other kind (cities, financiers, international organisations stay vetted by verification)."""
    cache = getattr(user, "_cityhive_unlocked_orgs", None)
    if cache is None:
        cache = user._cityhive_unlocked_orgs = {}
    if unlock not in cache:
        roles = organisation_roles(user)
        verified = (
            Organisation.objects.filter(pk__in=list(roles), is_verified=True)
            .exclude(kind=OrganisationKind.COMPANY)
            .values_list("pk", flat=True)
            if roles
            else []
        )
        cache[unlock] = sorted({*verified, *partner_organisation_ids(user, unlock=unlock)})
    return cache[unlock]


def organisations_with_unlock(organisation_ids, unlock: str) -> set[int]:
    """Which of these organisations are active partners whose tier unlocks `unlock` (one query)."""
    return {
        pk for pk, codes in _unlocks_by_organisation(organisation_ids).items() if unlock in codes
    }


def organisation_is_partner(organisation, unlock: str = Unlock.PARTNERS_CONTENT) -> bool:
    """Is the organisation an active partner whose tier unlocks `unlock`?"""
    return unlock in _unlocks_by_organisation([organisation.pk]).get(organisation.pk, set())


def partnership_current(organisation) -> Partnership | None:
    """The organisation's partnership period that covers today, if any."""
    active = partnerships_active_on(today()).filter(organisation=organisation)
    return active.select_related("tier").order_by("-starts_on", "-pk").first()


def partnership_list_for(*, actor, organisation) -> QuerySet[Partnership]:
    """The organisation's partnership periods, newest first (its members and managers)."""
    require(actor, "directory.view_members", organisation)
    return organisation.partnerships.select_related("tier").order_by("-starts_on", "-pk")


# --- tiers ----------------------------------------------------------------------------------


def tier_list_visible_to(*, actor) -> QuerySet[Tier]:
    """Active tiers for everyone; programme managers also see the retired ones."""
    tiers = Tier.objects.order_by("position", "name")
    if actor is not None and actor.has_perm("partnership.manage_tiers"):
        return tiers
    return tiers.filter(is_active=True)


def tier_get_visible_to(*, actor, tier_id: int) -> Tier:
    """One tier the actor may see, or NotFound."""
    tier = tier_list_visible_to(actor=actor).filter(pk=tier_id).first()
    if tier is None:
        raise NotFound(code=PartnershipErrorCode.TIER_NOT_FOUND)
    return tier


def tier_get_managed_by(*, actor, tier_id: int) -> Tier:
    """One tier the actor manages (programme managers), or NotFound."""
    require(actor, "partnership.manage_tiers", hide=True, code=PartnershipErrorCode.TIER_NOT_FOUND)
    return tier_get_visible_to(actor=actor, tier_id=tier_id)


# --- applications ---------------------------------------------------------------------------


def application_list_visible_to(*, actor, status: str = "") -> QuerySet[Application]:
    """Applications the actor may see (its organisations'; every one for managers), oldest
    submission first: the review queue's order."""
    applications = Application.objects.filter(APPLICATION_VISIBLE.q(actor))
    if status:
        applications = applications.filter(status=status)
    return applications.select_related("organisation", "tier").order_by(
        "submitted_at", "created_at", "pk"
    )


def application_counts(*, actor) -> dict[str, int]:
    """How many applications the actor may see are in each status (every status named)."""
    rows = Application.objects.filter(APPLICATION_VISIBLE.q(actor)).values_list("status")
    found = dict(rows.annotate(n=Count("pk")).values_list("status", "n"))
    return {status: found.get(status, 0) for status in ApplicationStatus.values}


def application_get_visible_to(*, actor, application_id: int) -> Application:
    """One application, or NotFound when it does not exist or the actor may not see it."""
    return first_visible_to(
        Application.objects.select_related("organisation", "tier").filter(pk=application_id),
        actor=actor,
        permission="partnership.view_application",
        code=PartnershipErrorCode.APPLICATION_NOT_FOUND,
    )


def application_open_for(organisation) -> Application | None:
    """The organisation's application that is not decided yet, if any."""
    return (
        organisation.partnership_applications.filter(status__in=OPEN_STATUSES)
        .select_related("tier")
        .first()
    )


# --- the partner directory and the programme's figures ---------------------------------------


@dataclass(frozen=True)
class PartnerFilters:
    tier_id: int | None = None
    country: str = ""


def partner_list(*, filters: PartnerFilters) -> QuerySet[Partnership]:
    """Partner companies that have joined (public): today's periods, with tier and company."""
    partners = partnerships_active_on(today()).select_related("organisation", "tier")
    if filters.tier_id:
        partners = partners.filter(tier_id=filters.tier_id)
    if filters.country:
        partners = partners.filter(organisation__country=filters.country.upper())
    return partners.order_by("tier__position", "organisation__name", "pk")


def partner_countries() -> list[str]:
    """The countries of today's partners (for the directory's filter)."""
    rows = partnerships_active_on(today()).exclude(organisation__country="")
    return sorted(set(rows.values_list("organisation__country", flat=True)))


@dataclass(frozen=True)
class ProgrammeFigures:
    applications: dict[str, int]
    partners_by_tier: list[tuple[str, int]]
    partners_by_country: list[tuple[str, int]]
    sdgs: list[tuple[int, int]]


def programme_figures(*, actor) -> ProgrammeFigures:
    """The programme at a glance (programme managers): applications by status, today's partners
    by tier and by country, and how many partners commit to each SDG."""
    require(actor, "partnership.review_application")
    active = partnerships_active_on(today())
    by_tier = active.values_list("tier__name").annotate(n=Count("pk")).order_by("-n", "tier__name")
    by_country = (
        active.values_list("organisation__country")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation__country")
    )
    sdgs = Counter(
        goal
        for goals in active.values_list("application__sdgs", flat=True)
        for goal in set(goals or [])
    )
    return ProgrammeFigures(
        applications=application_counts(actor=actor),
        partners_by_tier=list(by_tier),
        partners_by_country=list(by_country),
        sdgs=sorted(sdgs.items(), key=lambda item: (-item[1], item[0])),
    )
