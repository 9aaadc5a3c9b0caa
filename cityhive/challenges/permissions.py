"""Who may see and change challenges and needs profiles, as `rules` predicates.

Visibility: public challenges are for everyone; partner challenges for signed-in members of
organisations the programme has verified (the programme's partners); private ones for the city's own
members. Drafts are for the city's members only. Programme managers see everything.
"""

import rules

from cityhive.challenges.models import ChallengeStatus, Visibility
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


rules.add_perm("challenges.add_challenge_for", is_city_member | is_programme_manager)
rules.add_perm(
    "challenges.view_challenge",
    challenge_is_listed | is_challenge_city_member | is_programme_manager,
)
rules.add_perm("challenges.change_challenge", is_challenge_city_member | is_programme_manager)
rules.add_perm("challenges.view_needs", rules.is_authenticated)
rules.add_perm("challenges.change_needs", is_city_admin | is_programme_manager)
