"""Events, registrations and 1:1 meetings over the API."""

from datetime import datetime
from typing import Literal

from ninja import Field, Query, Schema, Status

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.content.api import clean_text, organisation_named
from cityhive.core.api import MAX_OFFSET, Router, page_of
from cityhive.core.errors import NotFound
from cityhive.events import meetings, selectors, services
from cityhive.events.errors import EventErrorCode
from cityhive.events.models import MeetingSlot
from cityhive.events.suggestions import meeting_suggestions

router = Router(auth=token_auth, tags=["events"])

FormatName = Literal["in_person", "online", "hybrid"]


class EventQuery(Schema):
    when: Literal["upcoming", "past", "all"] = "upcoming"
    format: Literal["", "in_person", "online", "hybrid"] = ""
    sdg: str = Field("", max_length=2, description="SDG goal number")
    q: str = Field("", max_length=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(20, ge=1, le=100)


class EventFields(Schema):
    summary: str = Field("", max_length=300)
    description: str = Field("", max_length=50_000)
    venue: str = Field("", max_length=200)
    address: str = Field("", max_length=300)
    meeting_url: str = Field("", max_length=500)
    time_zone: str = Field("UTC", max_length=64, description="IANA time zone, e.g. Europe/Madrid")
    registration_opens_at: datetime | None = None
    registration_closes_at: datetime | None = None
    capacity: int | None = Field(None, ge=1, le=1_000_000)
    requires_approval: bool = False
    visibility: Literal["public", "partners", "invited"] = "public"
    meeting_mode: Literal["self_service", "batch"] = "self_service"
    meeting_tables: int = Field(10, ge=1, le=1000)
    categories: list[str] = Field(default_factory=list, max_length=50)
    sdg_targets: list[str] = Field(default_factory=list, max_length=169)
    kpis: list[str] = Field(default_factory=list, max_length=91)


class EventCreateIn(EventFields):
    organiser: str = Field(..., max_length=220, description="The organising organisation's slug")
    title: str = Field(..., max_length=200)
    format: FormatName
    starts_at: datetime
    ends_at: datetime


class EventOut(Schema):
    id: int
    title: str
    summary: str
    organiser: str = Field(..., alias="organiser.slug")
    format: str
    venue: str
    address: str
    time_zone: str
    starts_at: datetime
    ends_at: datetime
    registration_opens_at: datetime | None
    registration_closes_at: datetime | None
    capacity: int | None
    requires_approval: bool
    visibility: str
    status: str
    meeting_mode: str
    categories: list[str]
    sdg_targets: list[str]
    kpis: list[str]
    version: int


class EventPage(Schema):
    count: int
    results: list[EventOut]


class RegistrationIn(Schema):
    organisation: str = Field(..., max_length=220, description="Your organisation's slug")
    offer: str = Field("", max_length=2000)
    seek: str = Field("", max_length=2000)
    solutions: list[int] = Field(
        default_factory=list, max_length=50, description="Your organisation's published solutions"
    )
    challenges: list[int] = Field(
        default_factory=list, max_length=50, description="Your city's open public challenges"
    )


class RegistrationOut(Schema):
    id: int
    event: int = Field(..., alias="event_id")
    organisation: str = Field(..., alias="organisation.slug")
    status: str
    offer: str
    seek: str
    checked_in_at: datetime | None


class SuggestionOut(Schema):
    registration: int
    organisation: str
    score: float
    reasons: list[str]


class MeetingRequestIn(Schema):
    recipient: int = Field(..., description="The other participant's registration id")
    message: str = Field("", max_length=1000)
    priority: bool = False


class MeetingRequestOut(Schema):
    id: int
    requester: int = Field(..., alias="requester_id")
    recipient: int = Field(..., alias="recipient_id")
    message: str
    priority: bool
    status: str
    decline_reason: str


class AnswerIn(Schema):
    accept: bool
    reason: str = Field("", max_length=300)


class BookIn(Schema):
    slot: int


class MeetingOut(Schema):
    id: int
    request: int = Field(..., alias="request_id")
    starts_at: datetime = Field(..., alias="slot.starts_at")
    ends_at: datetime = Field(..., alias="slot.ends_at")
    table: int | None
    online_url: str
    published: bool
    pinned: bool
    outcome: str


@router.get("/events", response=EventPage, auth=public_auth)
def event_list(request, params: Query[EventQuery]):
    """The events you may see (upcoming first)"""
    filters = selectors.EventFilters(
        when=params.when,
        format=params.format,
        sdg_goal=clean_text(params.sdg),
        query=clean_text(params.q),
    )
    events = selectors.event_list_visible_to(actor=request.auth, filters=filters)
    return page_of(events, offset=params.offset, limit=params.limit)


@router.post("/events", response={201: EventOut})
def event_create(request, payload: EventCreateIn):
    """Draft an event for an organisation you belong to"""
    organiser = organisation_named(request, payload.organiser, field="organiser")
    fields = payload.dict(exclude={"organiser"})
    return Status(
        201, services.event_create(actor=request.auth, organiser=organiser, fields=fields)
    )


@router.get("/events/{event_id}", response=EventOut, auth=public_auth)
def event_get(request, event_id: int):
    """One event"""
    return selectors.event_get_visible_to(actor=request.auth, event_id=event_id)


@router.post("/events/{event_id}/submit", response=EventOut)
def event_submit(request, event_id: int):
    """Ask the programme to publish a draft event (the organiser's members)"""
    event = selectors.event_get_visible_to(actor=request.auth, event_id=event_id)
    return services.event_submit(actor=request.auth, event=event)


@router.post("/events/{event_id}/approve", response=EventOut)
def event_approve(request, event_id: int):
    """Publish a submitted event (programme managers)"""
    event = selectors.event_get_visible_to(actor=request.auth, event_id=event_id)
    return services.event_approve(actor=request.auth, event=event)


@router.post("/events/{event_id}/registrations", response={201: RegistrationOut})
def registration_create(request, event_id: int, payload: RegistrationIn):
    """Register for an event for one of your organisations"""
    event = selectors.event_get_visible_to(actor=request.auth, event_id=event_id)
    organisation = organisation_named(request, payload.organisation, field="organisation")
    registration = services.registration_create(
        actor=request.auth,
        event=event,
        organisation=organisation,
        offer=payload.offer,
        seek=payload.seek,
        solution_ids=payload.solutions,
        challenge_ids=payload.challenges,
    )
    return Status(201, registration)


@router.delete("/registrations/{registration_id}", response=RegistrationOut)
def registration_cancel(request, registration_id: int):
    """Cancel your registration (the first on the waiting list takes the place)"""
    registration = selectors.registration_get_own(
        actor=request.auth, registration_id=registration_id
    )
    return services.registration_cancel(actor=request.auth, registration=registration)


@router.get(
    "/registrations/{registration_id}/suggestions",
    response=list[SuggestionOut],
    operation_id="meeting_suggestions",
)
def suggestions(request, registration_id: int):
    """Participants to meet, ranked by the same explained factors as matches"""
    registration = selectors.registration_get_own(
        actor=request.auth, registration_id=registration_id
    )
    return [
        {
            "registration": s.registration.pk,
            "organisation": s.registration.organisation.slug,
            "score": s.score,
            "reasons": s.reasons,
        }
        for s in meeting_suggestions(actor=request.auth, registration=registration)
    ]


@router.post("/registrations/{registration_id}/meeting-requests", response={201: MeetingRequestOut})
def meeting_request_create(request, registration_id: int, payload: MeetingRequestIn):
    """Ask another confirmed participant of the event for a 1:1 meeting"""
    registration = selectors.registration_get_own(
        actor=request.auth, registration_id=registration_id
    )
    recipient = (
        selectors.participant_list(actor=request.auth, event=registration.event)
        .filter(pk=payload.recipient)
        .first()
    )
    if recipient is None:
        raise NotFound(code=EventErrorCode.REGISTRATION_NOT_FOUND)
    scores = {
        s.registration.pk: s.score
        for s in meeting_suggestions(actor=request.auth, registration=registration, top=100)
    }
    created = meetings.meeting_request_create(
        actor=request.auth,
        requester=registration,
        recipient=recipient,
        message=payload.message,
        priority=payload.priority,
        score=scores.get(recipient.pk, 0.0),
    )
    return Status(201, created)


@router.post("/meeting-requests/{request_id}/answer", response=MeetingRequestOut)
def meeting_request_answer(request, request_id: int, payload: AnswerIn):
    """Accept or decline a meeting request sent to you"""
    found = selectors.meeting_request_get(actor=request.auth, request_id=request_id)
    return meetings.meeting_request_answer(
        actor=request.auth, request=found, accept=payload.accept, reason=payload.reason
    )


@router.post("/meeting-requests/{request_id}/book", response={201: MeetingOut})
def meeting_book(request, request_id: int, payload: BookIn):
    """Book a slot you are both free in for an accepted request (self-service events)"""
    found = selectors.meeting_request_get(actor=request.auth, request_id=request_id)
    slot = MeetingSlot.objects.filter(event_id=found.event_id, pk=payload.slot).first()
    if slot is None:
        raise NotFound(code=EventErrorCode.EVENT_NOT_FOUND)
    return Status(201, meetings.meeting_book(actor=request.auth, request=found, slot=slot))


@router.post("/events/{event_id}/schedule", response=list[MeetingOut])
def meetings_schedule(request, event_id: int):
    """Schedule accepted requests into slots and tables, unpublished (the organiser)"""
    event = selectors.event_get_organised_by(actor=request.auth, event_id=event_id)
    return meetings.meetings_schedule(actor=request.auth, event=event).meetings


@router.post("/events/{event_id}/schedule/publish", response=dict)
def meetings_publish(request, event_id: int):
    """Publish the scheduled meetings: participants see them and are told (the organiser)"""
    event = selectors.event_get_organised_by(actor=request.auth, event_id=event_id)
    return {"published": meetings.meetings_publish(actor=request.auth, event=event)}
