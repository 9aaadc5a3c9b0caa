"""Engagement's parts of the members' dashboard (the site app's slots, named by their strings so
engagement never imports the site app above it)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from cityhive.engagement import selectors
from cityhive.engagement.conversion import conversion_of
from cityhive.engagement.models import InterestStatus

DASHBOARD_ACTIONS = "dashboard_actions"
DASHBOARD_SHORTCUTS = "dashboard_shortcuts"
DASHBOARD_FIGURES = "dashboard_figures"


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


def dashboard_conversion(user, organisation) -> dict:
    """The organisation's open requests and its conversion: requests sent, accepted,
    introductions."""
    conversion = conversion_of(actor=user, organisation=organisation)
    waiting = selectors.interest_list_visible_to(actor=user, box="sent")
    waiting = waiting.filter(sender_organisation=organisation).filter(
        status=InterestStatus.PENDING, expires_at__gt=timezone.now()
    )
    accepted = str(conversion.accepted)
    if conversion.accepted_percent is not None:
        accepted = gettext("%(count)d (%(percent)d%%)") % {
            "count": conversion.accepted,
            "percent": conversion.accepted_percent,
        }
    return {
        "title": gettext("Requests and introductions"),
        "figures": [
            (gettext("Open requests, waiting for an answer"), str(waiting.count())),
            (gettext("Requests sent"), str(conversion.sent)),
            (gettext("Accepted"), accepted),
            (gettext("Introductions"), str(conversion.introductions)),
        ],
        "url": reverse("engagement_inbox") + "?tab=sent",
        "link": gettext("Requests sent"),
    }
