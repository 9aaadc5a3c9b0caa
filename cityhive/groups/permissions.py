"""Who may read, convene and post in groups: one policy per access level (`core.policies.Policy`,
the query filter beside the object check), the rest `rules` predicates; and who may take part in
expert groups.

Every group's page (its purpose, kind and size) is public. A public group's members and
discussion are for every signed-in member; a members-only group's for its active members. Its
conveners (and programme managers) decide on requests to join and remove members. Active
members post. Programme managers create groups and appoint their conveners.

Expert groups are what a partnership tier's `expert_groups` unlock opens: a company takes part
while its active partnership's tier unlocks them; organisations of every other kind take part
once the programme has verified them, as with partners-only content (docs/partnership.md).
"""

import rules
from django.db.models import Q

from cityhive.core.policies import EVERY_ROW, Policy
from cityhive.directory.models import OrganisationKind
from cityhive.directory.permissions import is_programme_manager
from cityhive.groups.models import GroupMembership, GroupRole, GroupVisibility, MembershipStatus
from cityhive.partnership import selectors as partnership
from cityhive.partnership.models import Unlock

NO_ROW = Q(pk__in=[])


def expert_organisation_ids(user) -> list[int]:
    """Ids of the member's organisations that take part in expert groups (cached on the user
    object): companies whose active partnership's tier unlocks them, verified others."""
    return partnership.unlocked_organisation_ids(user, Unlock.EXPERT_GROUPS)


def organisation_takes_part_in_expert_groups(organisation) -> bool:
    """May members of this organisation take part in expert groups today?"""
    if organisation is None:
        return False
    if organisation.kind != OrganisationKind.COMPANY:
        return organisation.is_verified
    return bool(partnership.organisations_with_unlock([organisation.pk], Unlock.EXPERT_GROUPS))


def _active_memberships(actor, *, convener: bool = False):
    rows = GroupMembership.objects.filter(user_id=actor.pk, status=MembershipStatus.ACTIVE)
    return rows.filter(role=GroupRole.CONVENER) if convener else rows


def _is_active_member(actor, group, *, convener: bool = False) -> bool:
    if not actor.is_authenticated:
        return False
    return _active_memberships(actor, convener=convener).filter(group_id=group.pk).exists()


# --- reading a group's members and discussion ------------------------------------------------


def _group_readable_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    if not actor.is_authenticated:
        return NO_ROW
    mine = _active_memberships(actor).values("group_id")
    return Q(visibility=GroupVisibility.PUBLIC) | Q(pk__in=mine)


def _group_readable(actor, group) -> bool:
    if is_programme_manager(actor):
        return True
    if not actor.is_authenticated:
        return False
    return group.visibility == GroupVisibility.PUBLIC or _is_active_member(actor, group)


GROUP_READABLE = Policy("group_readable", _group_readable_q, _group_readable)


# --- convening: requests to join and removals --------------------------------------------------


def _group_convened_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    if not actor.is_authenticated:
        return NO_ROW
    return Q(pk__in=_active_memberships(actor, convener=True).values("group_id"))


def _group_convened(actor, group) -> bool:
    return is_programme_manager(actor) or _is_active_member(actor, group, convener=True)


GROUP_CONVENED = Policy("group_convened", _group_convened_q, _group_convened)


# --- posting: the group's active members --------------------------------------------------------


def _group_postable_q(actor) -> Q:
    if not actor.is_authenticated:
        return NO_ROW
    return Q(pk__in=_active_memberships(actor).values("group_id"))


def _group_postable(actor, group) -> bool:
    return _is_active_member(actor, group)


GROUP_POSTABLE = Policy("group_postable", _group_postable_q, _group_postable)


@rules.predicate
def is_post_author(user, post) -> bool:
    return post is not None and user.is_authenticated and post.author_id == user.pk


@rules.predicate
def is_post_moderator(user, post) -> bool:
    return post is not None and _group_convened(user, post.group)


GROUP_READABLE.register("groups.read_group")
GROUP_CONVENED.register("groups.convene_group")
GROUP_POSTABLE.register("groups.post_in_group")
rules.add_perm("groups.add_group", is_programme_manager)
rules.add_perm("groups.change_group", is_programme_manager)
rules.add_perm("groups.delete_post", is_post_author | is_post_moderator)
