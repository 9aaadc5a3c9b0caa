"""Reads of events, registrations and meetings, scoped to the actor."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cityhive.core.errors import NotFound
from cityhive.core.permissions import first_visible_to, require
from cityhive.events.errors import EventErrorCode
from cityhive.events.models import (
    HOLDS_A_PLACE,
    Event,
    Meeting,
    MeetingRequest,
    MeetingRequestStatus,
    Registration,
    RegistrationStatus,
)
from cityhive.events.permissions import EVENT_ORGANISED, EVENT_VISIBLE


@dataclass(frozen=True)
class EventFilters:
    when: str = "upcoming"  # upcoming | past | all
    format: str = ""
    sdg_goal: str = ""
    query: str = ""


def event_list_visible_to(*, actor, filters: EventFilters) -> QuerySet[Event]:
    """The calendar: events the actor may see, soonest first (latest first for past ones)."""
    events = Event.objects.filter(EVENT_VISIBLE.q(actor)).select_related("organiser").distinct()
    now = timezone.now()
    events = events.order_by("starts_at", "pk")
    if filters.when == "upcoming":
        events = events.filter(ends_at__gte=now)
    elif filters.when == "past":
        events = events.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    if filters.format:
        events = events.filter(format=filters.format)
    if filters.sdg_goal:
        events = events.filter(facet_tags__facet="sdg_goal", facet_tags__value=filters.sdg_goal)
    if filters.query:
        events = events.filter(
            Q(title__icontains=filters.query) | Q(summary__icontains=filters.query)
        )
    return events.annotate(
        places_taken=Count("registrations", filter=Q(registrations__status__in=HOLDS_A_PLACE))
    )


def event_get_visible_to(*, actor, event_id: int) -> Event:
    """One event the actor may see (a hidden one answers like a missing one)."""
    return first_visible_to(
        Event.objects.filter(pk=event_id).select_related("organiser"),
        actor=actor,
        permission="events.view_event",
        code=EventErrorCode.EVENT_NOT_FOUND,
    )


def event_get_organised_by(*, actor, event_id: int) -> Event:
    """One event the actor runs (its organiser's members, programme managers)."""
    event = event_get_visible_to(actor=actor, event_id=event_id)
    require(actor, "events.change_event", event)
    return event


def event_list_organised_by(*, actor) -> QuerySet[Event]:
    """Events the actor's organisations organise (every event, for programme managers)."""
    return Event.objects.filter(EVENT_ORGANISED.q(actor)).select_related("organiser")


def event_list_awaiting_approval() -> QuerySet[Event]:
    """Submitted events, for the programme's approval queue."""
    return Event.objects.filter(status="submitted").select_related("organiser")


def registration_of(*, actor, event: Event) -> Registration | None:
    """The actor's own registration for the event (cancelled ones included), if any."""
    if not actor.is_authenticated:
        return None
    return (
        Registration.objects.filter(event=event, user=actor)
        .select_related("organisation", "event")
        .first()
    )


def registration_get_own(*, actor, registration_id: int) -> Registration:
    """One of the actor's own registrations."""
    found = (
        Registration.objects.filter(pk=registration_id, user_id=getattr(actor, "pk", None))
        .select_related("event", "organisation", "user")
        .first()
    )
    if found is None:
        raise NotFound(code=EventErrorCode.REGISTRATION_NOT_FOUND)
    return found


def registration_list_for(*, actor, event: Event) -> QuerySet[Registration]:
    """Everyone registered, for the organiser (every state)."""
    require(actor, "events.change_event", event)
    return event.registrations.select_related("user", "organisation").order_by(
        "status", "created_at"
    )


def registration_get_for(*, actor, event: Event, registration_id: int) -> Registration:
    """One registration of an event the actor organises."""
    found = registration_list_for(actor=actor, event=event).filter(pk=registration_id).first()
    if found is None:
        raise NotFound(code=EventErrorCode.REGISTRATION_NOT_FOUND)
    return found


def participant_list(*, actor, event: Event) -> QuerySet[Registration]:
    """The confirmed participants, for other confirmed participants and the organiser."""
    mine = registration_of(actor=actor, event=event)
    confirmed = mine is not None and mine.status == RegistrationStatus.CONFIRMED
    if not confirmed and not actor.has_perm("events.change_event", event):
        return Registration.objects.none()
    return event.registrations.filter(status=RegistrationStatus.CONFIRMED).select_related(
        "user", "organisation"
    )


def meeting_requests_of(*, registration: Registration) -> QuerySet[MeetingRequest]:
    """Requests the participant sent or received, with their meetings."""
    return (
        MeetingRequest.objects.filter(Q(requester=registration) | Q(recipient=registration))
        .select_related(
            "requester__user",
            "requester__organisation",
            "recipient__user",
            "recipient__organisation",
            "meeting__slot",
        )
        .order_by("status", "-created_at")
    )


def meeting_request_get(*, actor, request_id: int) -> MeetingRequest:
    """A request the actor takes part in (a stranger's answers like a missing one)."""
    found = (
        MeetingRequest.objects.filter(pk=request_id)
        .filter(Q(requester__user=actor) | Q(recipient__user=actor))
        .select_related("event", "requester__user", "recipient__user")
        .first()
        if actor.is_authenticated
        else None
    )
    if found is None:
        raise NotFound(code=EventErrorCode.MEETING_REQUEST_NOT_FOUND)
    return found


def meetings_of(*, registration: Registration) -> QuerySet[Meeting]:
    """The participant's published meetings in time order."""
    return Meeting.objects.filter(seats__registration=registration, published=True).select_related(
        "slot",
        "request__requester__user",
        "request__requester__organisation",
        "request__recipient__user",
        "request__recipient__organisation",
    )


def meetings_of_event(*, actor, event: Event) -> QuerySet[Meeting]:
    """Every meeting of the event, for its organiser."""
    require(actor, "events.change_event", event)
    return Meeting.objects.filter(slot__event=event).select_related(
        "slot", "request__requester__organisation", "request__recipient__organisation"
    )


def accepted_without_meeting(*, event: Event) -> int:
    """How many accepted requests still wait for a slot."""
    return MeetingRequest.objects.filter(
        event=event, status=MeetingRequestStatus.ACCEPTED, meeting__isnull=True
    ).count()


def event_meeting_stats(*, event: Event) -> dict:
    """Attendance and meetings for the organiser: registered, checked in, requested, accepted,
    scheduled and held."""
    registrations = event.registrations.filter(status=RegistrationStatus.CONFIRMED)
    requests = MeetingRequest.objects.filter(event=event)
    scheduled = Meeting.objects.filter(slot__event=event)
    return {
        "confirmed": registrations.count(),
        "checked_in": registrations.filter(checked_in_at__isnull=False).count(),
        "requested": requests.count(),
        "from_matches": requests.filter(score__gt=0).count(),
        "accepted": requests.filter(status=MeetingRequestStatus.ACCEPTED).count(),
        "scheduled": scheduled.count(),
        "held": scheduled.filter(outcome="held").count(),
    }
