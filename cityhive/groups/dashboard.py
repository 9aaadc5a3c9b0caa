"""The groups app's part of the dashboard (the site app's slot, named by its string so the
groups app never imports the site app above it)."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext

from cityhive.groups.models import GroupMembership, GroupRole, MembershipStatus

DASHBOARD_ACTIONS = "dashboard_actions"


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
