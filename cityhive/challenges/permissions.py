"""Who may see and change challenges and needs profiles: one policy (`core.policies.Policy`)
per access level, its query filter and its object check side by side.

Visibility: public challenges are for everyone; partner challenges for signed-in members of the
programme's partners (companies whose partnership tier unlocks partners' content, and verified
organisations of other kinds); private ones for the city's own members. Drafts are for the
city's members only. Programme managers see everything.

A city's needs profile has its own visibility with the same three levels (default: partners); its
recommendations and peers reveal its needs, so they follow it. Each policy's two halves are tested
against each other (tests/test_policies.py).
"""

import rules
from django.db.models import Q

from cityhive.challenges.models import (
    NEEDS_DEFAULT_VISIBILITY,
    ChallengeStatus,
    NeedsProfile,
    Visibility,
)
from cityhive.core.policies import EVERY_ROW, Policy, rows_in
from cityhive.directory.models import MembershipRole, OrganisationKind
from cityhive.directory.permissions import (
    is_programme_manager,
    organisation_roles,
    owner_members_policy,
)
from cityhive.partnership import selectors as partnership
from cityhive.partnership.models import Unlock


def partner_organisation_ids(user) -> list[int]:
    """Ids of the member's organisations that see partners' content (cached on the user object):
    companies whose active partnership's tier unlocks it, and verified organisations of every
    other kind."""
    return partnership.unlocked_organisation_ids(user, Unlock.PARTNERS_CONTENT)


@rules.predicate
def is_partner_member(user) -> bool:
    return bool(user.is_authenticated and partner_organisation_ids(user))


# --- challenges: the query filter and the object check of each access level, one policy each ---


def _challenge_visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    listed = ~Q(status=ChallengeStatus.DRAFT)
    visible = listed & Q(visibility=Visibility.PUBLIC)
    if is_partner_member(actor):
        visible |= listed & Q(visibility=Visibility.PARTNERS)
    own = list(organisation_roles(actor))
    if own:
        visible |= Q(city_id__in=own)
    return visible


def _challenge_visible(actor, challenge) -> bool:
    # Listed first, then membership: a public challenge costs no membership query.
    if challenge.status != ChallengeStatus.DRAFT:
        if challenge.visibility == Visibility.PUBLIC:
            return True
        if challenge.visibility == Visibility.PARTNERS and is_partner_member(actor):
            return True
    return challenge.city_id in organisation_roles(actor) or is_programme_manager(actor)


CHALLENGE_VISIBLE = Policy("challenge_visible", _challenge_visible_q, _challenge_visible)


CHALLENGE_EDITABLE = owner_members_policy("challenge_editable", "city_id")


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


# --- needs profiles: seeing and changing, one policy each ---------------------------------------


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
    return NEEDS_VISIBLE.q(actor)


def _needs_visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return Q(kind=OrganisationKind.CITY)
    shared = _visibility_is(Visibility.PUBLIC)
    if is_partner_member(actor):
        shared |= _visibility_is(Visibility.PARTNERS)
    own = list(organisation_roles(actor))
    if own:
        shared |= Q(pk__in=own)
    return Q(kind=OrganisationKind.CITY) & shared


def _needs_visible(actor, city) -> bool:
    if not is_city(actor, city):
        return False
    return (
        needs_profile_is_shared(actor, city)
        or city.pk in organisation_roles(actor)
        or is_programme_manager(actor)
    )


NEEDS_VISIBLE = Policy("needs_visible", _needs_visible_q, _needs_visible)


def _needs_editable_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    admin = [pk for pk, role in organisation_roles(actor).items() if role == MembershipRole.ADMIN]
    return Q(kind=OrganisationKind.CITY) & rows_in("pk", admin)


def _needs_editable(actor, city) -> bool:
    return is_city_admin(actor, city) or is_programme_manager(actor)


# A programme manager passes on any organisation here; the needs themselves are read through
# NEEDS_VISIBLE, which holds cities only.
NEEDS_EDITABLE = Policy("needs_editable", _needs_editable_q, _needs_editable)


rules.add_perm("challenges.add_challenge_for", is_city_member | is_programme_manager)
CHALLENGE_VISIBLE.register("challenges.view_challenge")
CHALLENGE_EDITABLE.register("challenges.change_challenge")
NEEDS_VISIBLE.register("challenges.view_needs")
NEEDS_EDITABLE.register("challenges.change_needs")
