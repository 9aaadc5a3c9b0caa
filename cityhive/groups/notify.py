"""What groups tell people, through the notifications app (each call inside the writer's
transaction; a dedupe key per event, so a retried call sends nothing twice)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cityhive.groups.models import GroupMembership, GroupRole, MembershipStatus
from cityhive.notifications.kinds import AppKinds
from cityhive.notifications.models import Channel
from cityhive.notifications.services import notification_send
from cityhive.notifications.texts import Text

KINDS = AppKinds()


def _group_url(group) -> str:
    return reverse("group_detail", args=[group.pk])


def _members(group, **more):
    """The group's active members (people, as the notifications app takes them)."""
    rows = GroupMembership.objects.filter(group=group, status=MembershipStatus.ACTIVE, **more)
    return get_user_model().objects.filter(pk__in=rows.values("user_id"))


JOIN_REQUESTED = KINDS.declare(
    "group_join_requested",
    label=_("Requests to join your groups"),
    description=_("Someone asked to join a group you convene."),
)


def join_requested(membership) -> None:
    conveners = _members(membership.group, role=GroupRole.CONVENER)
    notification_send(
        kind=JOIN_REQUESTED,
        recipients=conveners,
        title=Text(
            _("%(person)s asks to join %(group)s"),
            person=str(membership.user),
            group=membership.group.title,
        ),
        body=membership.note,
        url=_group_url(membership.group) + "#requests",
        dedupe_key=f"group-membership:{membership.pk}:{membership.requested_at.isoformat()}",
    )


JOIN_DECIDED = KINDS.declare(
    "group_join_decided",
    label=_("Answers to your requests to join groups"),
    description=_("A convener accepted or declined your request to join a group."),
)


def join_decided(membership) -> None:
    if membership.status == MembershipStatus.ACTIVE:
        title = _("You are now a member of %(group)s")
    else:
        title = _("Your request to join %(group)s was declined")
    notification_send(
        kind=JOIN_DECIDED,
        recipients=[membership.user],
        title=Text(title, group=membership.group.title),
        body=membership.decline_reason,
        url=_group_url(membership.group),
        dedupe_key=f"group-membership:{membership.pk}:{membership.status}:"
        f"{membership.requested_at.isoformat()}",
    )


POST_NEW = KINDS.declare(
    "group_post",
    label=_("New posts in your groups"),
    description=_("A member posted in the discussion of a group you belong to."),
    default_channel=Channel.DAILY,
)


def post_created(post) -> None:
    members = _members(post.group).exclude(pk=post.author_id)
    notification_send(
        kind=POST_NEW,
        recipients=members,
        title=Text(
            _("%(person)s posted in %(group)s"), person=str(post.author), group=post.group.title
        ),
        body=post.body[:300],
        url=_group_url(post.group) + f"#post-{post.pk}",
        dedupe_key=f"group-post:{post.pk}",
    )
