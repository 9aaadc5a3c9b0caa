"""Writes for groups, their members and discussion; each checks the actor's permission first."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.content.services import ItemWrites, item_store, item_update
from cityhive.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from cityhive.core.markdown import markdown_render
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.directory.permissions import is_programme_manager, organisation_roles
from cityhive.groups import notify
from cityhive.groups.errors import GroupErrorCode
from cityhive.groups.events import GroupsChanged
from cityhive.groups.models import (
    Group,
    GroupKind,
    GroupMembership,
    GroupRole,
    GroupTag,
    MembershipStatus,
    Post,
)
from cityhive.groups.permissions import organisation_takes_part_in_expert_groups
from cityhive.groups.selectors import join_organisation_choices, join_refusal
from cityhive.groups.validation import GROUP_FIELDS, group_check, post_check
from cityhive.taxonomy.vocabulary import Vocabulary

NEW_GROUP = {"purpose": "", "visibility": "public", "categories": [], "sdg_targets": [], "kpis": []}


def group_data(group: Group) -> dict:
    """A group's own fields as the services take them."""
    return {field: getattr(group, field) for field in GROUP_FIELDS}


def group_apply(group: Group, data: dict) -> None:
    """Copy checked fields onto the model (and render its purpose)."""
    for field in GROUP_FIELDS:
        if field in data:
            setattr(group, field, data[field])
    group.description_html = markdown_render(group.purpose)


def _checked(data: dict) -> dict:
    errors = group_check(data, vocabulary=Vocabulary())
    if errors:
        raise ValidationFailed(errors)
    return data


WRITES = ItemWrites(
    model=Group,
    stale_code=GroupErrorCode.STALE_VERSION,
    data=group_data,
    check=_checked,
    apply=group_apply,
    tag_model=GroupTag,
    changed=GroupsChanged,
)


def _user_or_none(actor):
    return actor if isinstance(actor, get_user_model()) else None  # not the command line's actor


def group_create(*, actor, fields: dict, conveners=()) -> Group:
    """A programme manager creates a group and appoints its first conveners."""
    require(actor, "groups.add_group")
    data = _checked({**NEW_GROUP, **fields})
    if not data.get("kind"):
        raise ValidationFailed({"kind": [_("This field is required.")]})
    group = Group(created_by=_user_or_none(actor))
    group_apply(group, data)
    with transaction.atomic():
        item_store(group, writes=WRITES)
        for user in conveners:
            convener_appoint(actor=actor, group=group, user=user)
    return group


def group_update(*, actor, group: Group, version: int, fields: dict) -> Group:
    """Change a group; a stale `version` is refused instead of overwriting someone's edit."""
    return item_update(actor=actor, item=group, version=version, fields=fields, writes=WRITES)


def _first_organisation(user) -> Organisation | None:
    roles = list(organisation_roles(user))
    return Organisation.objects.filter(pk__in=roles).order_by("name").first() if roles else None


def convener_appoint(*, actor, group: Group, user) -> GroupMembership:
    """A programme manager makes a person a convener (an active member who runs requests)."""
    require(actor, "groups.change_group", group)
    now = timezone.now()
    with transaction.atomic():
        membership, _created = GroupMembership.objects.select_for_update().get_or_create(
            group=group, user=user, defaults={"requested_at": now}
        )
        membership.role, membership.status = GroupRole.CONVENER, MembershipStatus.ACTIVE
        membership.organisation = membership.organisation or _first_organisation(user)
        membership.decided_by, membership.decided_at = _user_or_none(actor), now
        membership.save()
    return membership


def _join_organisation(*, actor, group: Group, organisation) -> Organisation | None:
    """The organisation the actor joins for: theirs, and in an expert group one taking part."""
    if organisation is not None and organisation.pk not in organisation_roles(actor):
        raise ValidationFailed({"organisation": [_("Choose one of your organisations.")]})
    refusal = join_refusal(actor=actor, group=group)
    if refusal is not None:
        raise Forbidden(refusal.message, code=refusal.code)
    choices = join_organisation_choices(actor=actor, group=group)
    if organisation is None:
        return choices.first()
    if not choices.filter(pk=organisation.pk).exists():
        raise Forbidden(
            _("%(organisation)s does not take part in expert groups.")
            % {"organisation": organisation.name},
            code=GroupErrorCode.EXPERT_GROUPS_NOT_UNLOCKED,
        )
    return organisation


def group_join_request(
    *, actor, group: Group, organisation=None, note: str = ""
) -> GroupMembership:
    """A member asks to join a group (again, after leaving or a decline); its conveners decide."""
    if not actor.is_authenticated:
        raise Forbidden()
    chosen = _join_organisation(actor=actor, group=group, organisation=organisation)
    note = (note or "").replace("\x00", "").strip()[:500]
    with transaction.atomic():
        membership, created = GroupMembership.objects.select_for_update().get_or_create(
            group=group, user=actor, defaults={"status": MembershipStatus.PENDING}
        )
        if not created and membership.status == MembershipStatus.ACTIVE:
            raise Conflict(_("You are already a member."), code=GroupErrorCode.ALREADY_MEMBER)
        if not created and membership.status == MembershipStatus.PENDING:
            raise Conflict(
                _("Your request already waits for a decision."),
                code=GroupErrorCode.ALREADY_REQUESTED,
            )
        membership.status, membership.role = MembershipStatus.PENDING, GroupRole.MEMBER
        membership.organisation, membership.note = chosen, note
        membership.requested_at = timezone.now()
        membership.decided_by, membership.decided_at, membership.decline_reason = None, None, ""
        membership.save()
        notify.join_requested(membership)
    return membership


def _standing_check(membership: GroupMembership) -> None:
    """An expert group's member takes part through an organisation that still may (conveners,
    appointed by the programme, and programme managers excepted)."""
    if membership.group.kind != GroupKind.EXPERT or membership.role == GroupRole.CONVENER:
        return
    if is_programme_manager(membership.user):
        return
    if not organisation_takes_part_in_expert_groups(membership.organisation):
        raise Forbidden(
            _(
                "Expert groups are open to partner companies whose partnership tier includes them "
                "and to verified organisations; %(organisation)s does not take part today."
            )
            % {"organisation": getattr(membership.organisation, "name", "—")},
            code=GroupErrorCode.EXPERT_GROUPS_NOT_UNLOCKED,
        )


def group_request_decide(
    *, actor, membership: GroupMembership, approve: bool, reason: str = ""
) -> GroupMembership:
    """A convener (or programme manager) accepts or declines a request to join."""
    require(actor, "groups.convene_group", membership.group)
    with transaction.atomic():
        current = GroupMembership.objects.select_for_update().get(pk=membership.pk)
        current.group = membership.group
        if current.status != MembershipStatus.PENDING:
            raise Conflict(_("This request was already answered."), code=GroupErrorCode.NOT_PENDING)
        if approve:
            _standing_check(current)
        current.status = MembershipStatus.ACTIVE if approve else MembershipStatus.DECLINED
        current.decline_reason = "" if approve else (reason or "").strip()[:300]
        current.decided_by, current.decided_at = _user_or_none(actor), timezone.now()
        current.save()
        notify.join_decided(current)
    return current


def group_leave(*, actor, group: Group) -> GroupMembership:
    """Leave a group, or withdraw a request to join it."""
    with transaction.atomic():
        membership = (
            GroupMembership.objects.select_for_update()
            .filter(
                group=group,
                user_id=getattr(actor, "pk", None),
                status__in=[MembershipStatus.ACTIVE, MembershipStatus.PENDING],
            )
            .first()
        )
        if membership is None:
            raise NotFound(code=GroupErrorCode.MEMBERSHIP_NOT_FOUND)
        membership.status, membership.role = MembershipStatus.LEFT, GroupRole.MEMBER
        membership.save(update_fields=["status", "role", "updated_at"])
    return membership


def group_member_remove(*, actor, membership: GroupMembership) -> GroupMembership:
    """A convener removes a member (a convener only a programme manager removes)."""
    require(actor, "groups.convene_group", membership.group)
    if membership.role == GroupRole.CONVENER:
        require(actor, "groups.change_group", membership.group)
    with transaction.atomic():
        current = GroupMembership.objects.select_for_update().get(pk=membership.pk)
        if current.status != MembershipStatus.ACTIVE:
            raise Conflict(_("This person is not a member."), code=GroupErrorCode.NOT_ACTIVE)
        current.status, current.role = MembershipStatus.REMOVED, GroupRole.MEMBER
        current.decided_by, current.decided_at = _user_or_none(actor), timezone.now()
        current.save()
    return current


def group_post_create(*, actor, group: Group, body: str) -> Post:
    """An active member posts in the group's discussion; members hear of it as they chose."""
    require(actor, "groups.post_in_group", group)
    membership = GroupMembership.objects.select_related("organisation", "user").get(
        group=group, user=actor
    )
    membership.group = group
    _standing_check(membership)
    errors = post_check(body)
    if errors:
        raise ValidationFailed(errors)
    text = body.strip()
    with transaction.atomic():
        post = Post.objects.create(
            group=group,
            author=actor,
            organisation=membership.organisation,
            body=text,
            body_html=markdown_render(text),
        )
        notify.post_created(post)
    return post


def group_post_remove(*, actor, post: Post) -> None:
    """Its author, the group's conveners or a programme manager remove a post."""
    require(actor, "groups.delete_post", post)
    post.delete()
