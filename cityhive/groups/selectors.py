"""Reads of groups, their members, requests and discussion, scoped to the actor."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from cityhive.core.errors import NotFound
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.permissions import is_programme_manager, organisation_roles
from cityhive.groups.errors import GroupErrorCode
from cityhive.groups.models import (
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
    MembershipStatus,
    Post,
)
from cityhive.groups.permissions import expert_organisation_ids


@dataclass(frozen=True)
class GroupFilters:
    kind: str = ""
    sdg_goal: str = ""
    query: str = ""


@dataclass(frozen=True)
class Refusal:
    """Why the actor may not join a group, and where to go next (a URL, or empty)."""

    code: str
    message: str
    next_url: str = ""
    next_label: str = ""


ACTIVE = Q(memberships__status=MembershipStatus.ACTIVE)


def group_list_visible_to(*, actor, filters: GroupFilters) -> QuerySet[Group]:
    """Every group (their pages are public), with its number of members, by kind and name."""
    groups = Group.objects.all()
    if filters.kind:
        groups = groups.filter(kind=filters.kind)
    if filters.sdg_goal:
        tagged = Q(facet_tags__facet="sdg_goal", facet_tags__value=filters.sdg_goal)
        groups = groups.filter(pk__in=Group.objects.filter(tagged).values("pk"))
    if filters.query:
        groups = groups.filter(
            Q(title__icontains=filters.query) | Q(purpose__icontains=filters.query)
        )
    return groups.annotate(member_count=Count("memberships", filter=ACTIVE)).order_by(
        "kind", "title", "pk"
    )


def group_get_visible_to(*, actor, group_id: int) -> Group:
    """One group (every group's page is public), or NotFound."""
    group = Group.objects.filter(pk=group_id).first()
    if group is None:
        raise NotFound(code=GroupErrorCode.GROUP_NOT_FOUND)
    return group


def group_get_convened_by(*, actor, group_id: int) -> Group:
    """One group the actor convenes (its conveners, programme managers)."""
    group = group_get_visible_to(actor=actor, group_id=group_id)
    require(actor, "groups.convene_group", group)
    return group


def group_get_managed_by(*, actor, group_id: int) -> Group:
    """One group to edit (programme managers); others are told it does not exist."""
    require(actor, "groups.change_group", hide=True, code=GroupErrorCode.GROUP_NOT_FOUND)
    return group_get_visible_to(actor=actor, group_id=group_id)


def member_list_of(*, actor, group: Group) -> QuerySet[GroupMembership]:
    """The group's active members, conveners first (readers of the group only)."""
    require(actor, "groups.read_group", group)
    return (
        group.memberships.filter(status=MembershipStatus.ACTIVE)
        .select_related("user", "organisation")
        .order_by("-role", "user__name", "user__email")
    )


def convener_list_of(*, group: Group) -> list[GroupMembership]:
    """The group's conveners (named on its public page)."""
    rows = group.memberships.filter(status=MembershipStatus.ACTIVE, role=GroupRole.CONVENER)
    return list(rows.select_related("user", "organisation").order_by("user__name"))


def request_list_of(*, actor, group: Group) -> QuerySet[GroupMembership]:
    """Requests to join waiting for a decision, oldest first (conveners, managers)."""
    require(actor, "groups.convene_group", group)
    return (
        group.memberships.filter(status=MembershipStatus.PENDING)
        .select_related("user", "organisation")
        .order_by("requested_at", "pk")
    )


def membership_get_in(*, actor, group: Group, membership_id: int) -> GroupMembership:
    """One membership row of a group the actor convenes, or NotFound."""
    require(actor, "groups.convene_group", group)
    found = group.memberships.filter(pk=membership_id).select_related("user", "group").first()
    if found is None:
        raise NotFound(code=GroupErrorCode.MEMBERSHIP_NOT_FOUND)
    return found


def membership_of(*, actor, group: Group) -> GroupMembership | None:
    """The actor's own row in the group (in any state), if any."""
    if not actor.is_authenticated:
        return None
    return group.memberships.filter(user_id=actor.pk).select_related("organisation").first()


def post_list_of(*, actor, group: Group) -> QuerySet[Post]:
    """The group's discussion, newest first (readers of the group only)."""
    require(actor, "groups.read_group", group)
    return group.posts.select_related("author", "organisation").order_by("-created_at", "-pk")


def post_get_in(*, actor, group: Group, post_id: int) -> Post:
    """One post of a group the actor may read, or NotFound."""
    found = post_list_of(actor=actor, group=group).filter(pk=post_id).first()
    if found is None:
        raise NotFound(code=GroupErrorCode.POST_NOT_FOUND)
    return found


def group_list_of_member(*, actor) -> QuerySet[Group]:
    """The groups the actor is an active member of."""
    if not actor.is_authenticated:
        return Group.objects.none()
    mine = GroupMembership.objects.filter(user_id=actor.pk, status=MembershipStatus.ACTIVE)
    return Group.objects.filter(pk__in=mine.values("group_id")).order_by("title")


def join_organisation_choices(*, actor, group: Group) -> QuerySet[Organisation]:
    """The actor's organisations they may join the group for (all of them but in expert groups,
    where only those that take part count; programme managers join for any of theirs)."""
    mine = Organisation.objects.filter(pk__in=list(organisation_roles(actor))).order_by("name")
    if group.kind != GroupKind.EXPERT or is_programme_manager(actor):
        return mine
    return mine.filter(pk__in=expert_organisation_ids(actor))


def join_refusal(*, actor, group: Group) -> Refusal | None:
    """Why the actor may not ask to join this group (None when they may)."""
    if group.kind != GroupKind.EXPERT or is_programme_manager(actor):
        return None
    if not actor.is_authenticated or expert_organisation_ids(actor):
        return None
    mine = list(Organisation.objects.filter(pk__in=list(organisation_roles(actor))))
    companies = [o for o in mine if o.kind == OrganisationKind.COMPANY]
    if companies:
        return Refusal(
            code=GroupErrorCode.EXPERT_GROUPS_NOT_UNLOCKED,
            message=_(
                "Expert groups are open to partner companies whose partnership tier includes "
                "them. %(organisation)s has no active partnership that does."
            )
            % {"organisation": companies[0].name},
            next_url=f"{reverse('partnership_apply')}?organisation={companies[0].slug}",
            next_label=_("Apply for partnership"),
        )
    if mine:
        return Refusal(
            code=GroupErrorCode.NOT_VERIFIED,
            message=_(
                "Expert groups are open to organisations the programme has verified; "
                "%(organisation)s is not verified yet."
            )
            % {"organisation": mine[0].name},
        )
    return Refusal(
        code=GroupErrorCode.NO_ORGANISATION,
        message=_(
            "Expert groups are for members of the programme's partner companies and verified "
            "organisations: join your organisation on CityHive first."
        ),
        next_url=reverse("organisation_list"),
        next_label=_("Find your organisation"),
    )
