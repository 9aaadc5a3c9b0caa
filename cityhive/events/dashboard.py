"""The events app's parts of the dashboard (the site app's slots, named by their strings so the
events app never imports the site app above it)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from cityhive.events.models import (
    Event,
    EventStatus,
    MeetingRequest,
    MeetingRequestStatus,
    Registration,
    RegistrationStatus,
)

DASHBOARD_ACTIONS = "dashboard_actions"
DASHBOARD_NEW = "dashboard_new"
DASHBOARD_PROGRAMME = "dashboard_programme"
SHOWN = 4


def dashboard_actions(user) -> list[dict]:
    """Meeting requests waiting for the member's answer, per event."""
    if not user.is_authenticated:
        return []
    waiting = (
        MeetingRequest.objects.filter(
            recipient__user=user,
            status=MeetingRequestStatus.PENDING,
            event__ends_at__gte=timezone.now(),
        )
        .values_list("event_id", "event__title")
        .order_by("event__starts_at")
    )
    counts: dict[tuple[int, str], int] = {}
    for key in waiting:
        counts[key] = counts.get(key, 0) + 1
    return [
        {
            "label": ngettext(
                "%(count)s meeting request at %(event)s waits for your answer",
                "%(count)s meeting requests at %(event)s wait for your answer",
                count,
            )
            % {"count": count, "event": title},
            "url": reverse("event_meetings", args=[event_id]),
        }
        for (event_id, title), count in counts.items()
    ]


def dashboard_new(user) -> list[dict]:
    """The member's next events."""
    if not user.is_authenticated:
        return []
    upcoming = (
        Registration.objects.filter(
            user=user, status=RegistrationStatus.CONFIRMED, event__ends_at__gte=timezone.now()
        )
        .select_related("event")
        .order_by("event__starts_at")[:SHOWN]
    )
    return [
        {
            "label": registration.event.title,
            "url": reverse("event_detail", args=[registration.event_id]),
            "detail": gettext("You are registered; it starts on %(date)s.")
            % {"date": registration.event.starts_at.date().isoformat()},
        }
        for registration in upcoming
    ]


def dashboard_programme(user) -> dict:
    """Events waiting for the programme's approval."""
    submitted = Event.objects.filter(status=EventStatus.SUBMITTED).select_related("organiser")
    return {
        "title": gettext("Events to approve"),
        "items": [
            {
                "label": event.title,
                "url": reverse("event_detail", args=[event.pk]),
                "detail": event.organiser.name,
            }
            for event in submitted.order_by("starts_at")[:10]
        ],
        "empty": gettext("No event waits for approval."),
    }
