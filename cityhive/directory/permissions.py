"""Who may do what to an organisation: administering it is a policy
(`core.policies.Policy`, the query filter beside the object check); profiles are public; the rest
are `rules` predicates."""

import rules
from django.db.models import Q

from cityhive.core.policies import EVERY_ROW, Policy, rows_in
from cityhive.directory.models import Membership, MembershipRole


def organisation_roles(user) -> dict[int, str]:
    """The member's role per organisation id, loaded once per user object."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_cityhive_org_roles", None)
    if cached is None:
        cached = dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))
        user._cityhive_org_roles = cached
    return cached


def forget_organisation_roles(user) -> None:
    """Drop the cached roles after a membership changes."""
    if hasattr(user, "_cityhive_org_roles"):
        del user._cityhive_org_roles


@rules.predicate
def is_programme_manager(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


@rules.predicate
def is_org_member(user, organisation) -> bool:
    return organisation is not None and organisation.pk in organisation_roles(user)


@rules.predicate
def is_org_admin(user, organisation) -> bool:
    return (
        organisation is not None
        and organisation_roles(user).get(organisation.pk) == MembershipRole.ADMIN
    )


def owner_members_policy(name: str, owner_field: str) -> Policy:
    """Rows run by their owning organisation (`owner_field`, e.g. "city_id"): its members, and
    programme managers everywhere."""

    def owned_q(actor) -> Q:
        if is_programme_manager(actor):
            return EVERY_ROW
        return rows_in(owner_field, organisation_roles(actor))

    def owned(actor, obj) -> bool:
        return is_programme_manager(actor) or getattr(obj, owner_field) in organisation_roles(actor)

    return Policy(name, owned_q, owned)


# --- organisations: the query filter and the object check of each access level ---------------


def _organisation_administered_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    roles = organisation_roles(actor)
    return rows_in("pk", [pk for pk, role in roles.items() if role == MembershipRole.ADMIN])


def _organisation_administered(actor, organisation) -> bool:
    return is_org_admin(actor, organisation) or is_programme_manager(actor)


# Editing the profile and managing members and invitations are one level: its admins.
ORGANISATION_ADMINISTERED = Policy(
    "organisation_administered", _organisation_administered_q, _organisation_administered
)


rules.add_perm("directory.add_organisation", rules.is_authenticated)
rules.add_perm("directory.view_organisation", rules.always_allow)  # profiles are public
ORGANISATION_ADMINISTERED.register("directory.change_organisation")
rules.add_perm("directory.view_members", is_org_member | is_programme_manager)
ORGANISATION_ADMINISTERED.register("directory.manage_members")
rules.add_perm("directory.verify_organisation", is_programme_manager)
