"""Who may see and change challenges and needs profiles, as `rules` predicates.

Visibility: public challenges are for everyone; partner challenges for signed-in members of
organisations the programme has verified (the programme's partners); private ones for the city's own
members. Drafts are for the city's members only. Programme managers see everything.

A city's needs profile has its own visibility with the same three levels (default: partners); its
recommendations and peers reveal its needs, so they follow it. The object predicate and the query
filter for needs profiles are side by side below and tested against each other.
"""

import rules
from django.db.models import Q

from cityhive.challenges.models import (
    NEEDS_DEFAULT_VISIBILITY,
    ChallengeStatus,
    NeedsProfile,
    Visibility,
)
from cityhive.directory.models import MembershipRole, Organisation, OrganisationKind
from cityhive.directory.permissions import is_programme_manager, organisation_roles


def partner_organisation_ids(user) -> list[int]:
    """Ids of the verified organisations the member belongs to (cached on the user object)."""
    cached = getattr(user, "_cityhive_partner_orgs", None)
    if cached is None:
        roles = organisation_roles(user)
        cached = (
            list(
                Organisation.objects.filter(pk__in=list(roles), is_verified=True).values_list(
                    "pk", flat=True
                )
            )
            if roles
            else []
        )
        user._cityhive_partner_orgs = cached
    return cached


@rules.predicate
def is_partner_member(user) -> bool:
    return bool(user.is_authenticated and partner_organisation_ids(user))


@rules.predicate
def is_challenge_city_member(user, challenge) -> bool:
    return challenge is not None and challenge.city_id in organisation_roles(user)


@rules.predicate
def challenge_is_listed(user, challenge) -> bool:
    if challenge is None or challenge.status == ChallengeStatus.DRAFT:
        return False
    if challenge.visibility == Visibility.PUBLIC:
        return True
    return challenge.visibility == Visibility.PARTNERS and is_partner_member(user)


@rules.predicate
def is_city_member(user, city) -> bool:
    return (
        city is not None
        and city.kind == OrganisationKind.CITY
        and city.pk in organisation_roles(user)
    )


@rules.predicate
def is_city_admin(user, city) -> bool:
    return (
        city is not None
        and city.kind == OrganisationKind.CITY
        and organisation_roles(user).get(city.pk) == MembershipRole.ADMIN
    )


# --- needs profiles: the object predicate and the query filter, one policy ---------------------


def needs_visibility_of(city) -> str:
    """The visibility a city chose for its needs profile (the default when it chose none)."""
    try:
        return city.needs_profile.visibility
    except NeedsProfile.DoesNotExist:
        return NEEDS_DEFAULT_VISIBILITY


@rules.predicate
def is_city(user, organisation) -> bool:
    return organisation is not None and organisation.kind == OrganisationKind.CITY


@rules.predicate
def needs_profile_is_shared(user, city) -> bool:
    if not is_city(user, city):
        return False
    visibility = needs_visibility_of(city)
    if visibility == Visibility.PUBLIC:
        return True
    return visibility == Visibility.PARTNERS and is_partner_member(user)


def _visibility_is(value: str) -> Q:
    chosen = Q(needs_profile__visibility=value)
    return chosen | Q(needs_profile__isnull=True) if value == NEEDS_DEFAULT_VISIBILITY else chosen


def needs_visibility_filter(actor) -> Q:
    """The organisations (cities) whose needs profile the actor may see."""
    if actor is not None and is_programme_manager(actor):
        return Q(kind=OrganisationKind.CITY)
    shared = _visibility_is(Visibility.PUBLIC)
    if actor is not None and is_partner_member(actor):
        shared |= _visibility_is(Visibility.PARTNERS)
    own = list(organisation_roles(actor)) if actor is not None else []
    if own:
        shared |= Q(pk__in=own)
    return Q(kind=OrganisationKind.CITY) & shared


rules.add_perm("challenges.add_challenge_for", is_city_member | is_programme_manager)
rules.add_perm(
    "challenges.view_challenge",
    challenge_is_listed | is_challenge_city_member | is_programme_manager,
)
rules.add_perm("challenges.change_challenge", is_challenge_city_member | is_programme_manager)
rules.add_perm(
    "challenges.view_needs",
    is_city & (needs_profile_is_shared | is_city_member | is_programme_manager),
)
rules.add_perm("challenges.change_needs", is_city_admin | is_programme_manager)
