"""Who may do what to an organisation, as `rules` predicates."""

import rules

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


rules.add_perm("directory.add_organisation", rules.is_authenticated)
rules.add_perm("directory.view_organisation", rules.always_allow)
rules.add_perm("directory.change_organisation", is_org_admin | is_programme_manager)
rules.add_perm("directory.view_members", is_org_member | is_programme_manager)
rules.add_perm("directory.manage_members", is_org_admin | is_programme_manager)
rules.add_perm("directory.verify_organisation", is_programme_manager)
