"""Engagement's parts of the members' dashboard (the site app's slots, named by their strings so
engagement never imports the site app above it)."""

from django.urls import reverse
from django.utils.translation import gettext, ngettext

from cityhive.engagement import selectors

DASHBOARD_ACTIONS = "dashboard_actions"
DASHBOARD_SHORTCUTS = "dashboard_shortcuts"


def dashboard_actions(user) -> list[dict]:
    """Requests waiting for the member's organisations, and conversations with unread messages."""
    if not user.is_authenticated:
        return []
    items = []
    waiting = selectors.interest_pending_count(actor=user)
    if waiting:
        items.append(
            {
                "label": ngettext(
                    "%(count)s request to connect waits for an answer",
                    "%(count)s requests to connect wait for an answer",
                    waiting,
                )
                % {"count": waiting},
                "url": reverse("engagement_inbox"),
                "detail": gettext("Accept to be introduced, or decline with a reason."),
            }
        )
    for conversation in selectors.conversation_list_visible_to(actor=user).filter(unread__gt=0)[:5]:
        introduction = conversation.introduction
        items.append(
            {
                "label": ngettext(
                    "%(count)s unread message: %(first)s and %(second)s",
                    "%(count)s unread messages: %(first)s and %(second)s",
                    conversation.unread,
                )
                % {
                    "count": conversation.unread,
                    "first": introduction.first_organisation.name,
                    "second": introduction.second_organisation.name,
                },
                "url": reverse("conversation_detail", args=[conversation.pk]),
            }
        )
    return items


def dashboard_shortcuts(user, organisation) -> list[dict]:
    """The inbox beside each of the member's organisations."""
    return [{"label": gettext("Requests and conversations"), "url": reverse("engagement_inbox")}]
