"""The groups app's part of the dashboard (the site app's slot, named by its string so the
groups app never imports the site app above it)."""

from datetime import timedelta

from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from cityhive.groups.models import GroupMembership, GroupRole, MembershipStatus, Post

DASHBOARD_ACTIONS = "dashboard_actions"
DASHBOARD_NEW = "dashboard_new"
DASHBOARD_SHORTCUTS = "dashboard_shortcuts"
RECENT = timedelta(days=14)
SHOWN = 5


def dashboard_actions(user) -> list[dict]:
    """Requests to join the groups the member convenes, per group (one query)."""
    if not user.is_authenticated:
        return []
    convened = GroupMembership.objects.filter(
        user_id=user.pk, role=GroupRole.CONVENER, status=MembershipStatus.ACTIVE
    ).values("group_id")
    waiting = (
        GroupMembership.objects.filter(group_id__in=convened, status=MembershipStatus.PENDING)
        .values("group_id", "group__title")
        .annotate(count=Count("pk"))
        .order_by("group__title")
    )
    return [
        {
            "label": ngettext(
                "%(count)s request to join %(group)s waits for your answer",
                "%(count)s requests to join %(group)s wait for your answer",
                row["count"],
            )
            % {"count": row["count"], "group": row["group__title"]},
            "url": reverse("group_detail", args=[row["group_id"]]) + "#requests",
        }
        for row in waiting
    ]


def _active_memberships(user):
    return GroupMembership.objects.filter(user_id=user.pk, status=MembershipStatus.ACTIVE)


def dashboard_new(user) -> list[dict]:
    """The member's groups where others posted in the last two weeks, liveliest last (one
    query)."""
    if not user.is_authenticated:
        return []
    recent = (
        Post.objects.filter(
            group_id__in=_active_memberships(user).values("group_id"),
            created_at__gte=timezone.now() - RECENT,
        )
        .exclude(author_id=user.pk)
        .values("group_id", "group__title")
        .annotate(count=Count("pk"), latest=Max("created_at"))
        .order_by("-latest")[:SHOWN]
    )
    return [
        {
            "label": row["group__title"],
            "url": reverse("group_detail", args=[row["group_id"]]) + "#discussion-heading",
            "detail": ngettext(
                "%(count)s new post in the last two weeks",
                "%(count)s new posts in the last two weeks",
                row["count"],
            )
            % {"count": row["count"]},
        }
        for row in recent
    ]


def dashboard_shortcuts(user, organisation) -> list[dict]:
    """The groups the member takes part in for this organisation (one query)."""
    memberships = (
        _active_memberships(user)
        .filter(organisation_id=organisation.pk)
        .values("group_id", "group__title")
        .order_by("group__title")[:SHOWN]
    )
    return [
        {"label": row["group__title"], "url": reverse("group_detail", args=[row["group_id"]])}
        for row in memberships
    ]
