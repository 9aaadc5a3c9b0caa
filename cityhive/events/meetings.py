"""Writes for 1:1 meetings: requests and answers, booking a slot, the organiser's batch run."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.core.permissions import require
from cityhive.events import scheduling
from cityhive.events.errors import EventErrorCode
from cityhive.events.models import (
    Event,
    EventFormat,
    Meeting,
    MeetingMode,
    MeetingRequest,
    MeetingRequestStatus,
    MeetingSeat,
    MeetingSlot,
    Registration,
    RegistrationStatus,
)


def _participant_require(registration: Registration, event: Event) -> None:
    if registration.event_id != event.pk or registration.status != RegistrationStatus.CONFIRMED:
        raise ValidationFailed(
            {"recipient": [_("Meetings are between confirmed participants of this event.")]}
        )


def meeting_request_create(
    *,
    actor,
    requester: Registration,
    recipient: Registration,
    message: str = "",
    priority: bool = False,
    score: float = 0.0,
) -> MeetingRequest:
    """A participant asks another participant of the same event for a meeting."""
    require(actor, "events.change_registration", requester)
    event = requester.event
    _participant_require(requester, event)
    _participant_require(recipient, event)
    if requester.pk == recipient.pk:
        raise ValidationFailed({"recipient": [_("Choose another participant.")]})
    if len(message) > 1000:
        raise ValidationFailed({"message": [_("At most 1,000 characters.")]})
    try:
        with transaction.atomic():
            return MeetingRequest.objects.create(
                event=event,
                requester=requester,
                recipient=recipient,
                message=message,
                priority=priority,
                score=max(0.0, min(1.0, score)),
            )
    except IntegrityError:
        raise Conflict(
            _("You have already asked this participant for a meeting."),
            code=EventErrorCode.ALREADY_REQUESTED,
        ) from None


def meeting_request_answer(
    *, actor, request: MeetingRequest, accept: bool, reason: str = ""
) -> MeetingRequest:
    """The recipient accepts or declines (with an optional reason); only a pending request."""
    if request.recipient.user_id != getattr(actor, "pk", None):
        raise Forbidden(_("Only the participant asked can answer."))
    if len(reason) > 300:
        raise ValidationFailed({"reason": [_("At most 300 characters.")]})
    with transaction.atomic():
        current = MeetingRequest.objects.select_for_update().get(pk=request.pk)
        if current.status != MeetingRequestStatus.PENDING:
            raise Conflict(
                _("This request has already been answered or withdrawn."),
                code=EventErrorCode.WRONG_STATE,
            )
        current.status = MeetingRequestStatus.ACCEPTED if accept else MeetingRequestStatus.DECLINED
        current.decline_reason = "" if accept else reason
        current.decided_at = timezone.now()
        current.save(update_fields=["status", "decline_reason", "decided_at", "updated_at"])
    return current


def meeting_request_cancel(*, actor, request: MeetingRequest) -> MeetingRequest:
    """Either participant withdraws a request or cancels the meeting; its slot becomes free."""
    if getattr(actor, "pk", None) not in (request.requester.user_id, request.recipient.user_id):
        raise Forbidden(_("Only the two participants can cancel."))
    with transaction.atomic():
        current = MeetingRequest.objects.select_for_update().get(pk=request.pk)
        if current.status in (MeetingRequestStatus.PENDING, MeetingRequestStatus.ACCEPTED):
            Meeting.objects.filter(request=current).delete()
            current.status = MeetingRequestStatus.CANCELLED
            current.save(update_fields=["status", "updated_at"])
    return current


def meeting_book(*, actor, request: MeetingRequest, slot: MeetingSlot) -> Meeting:
    """Self-service: either participant books a slot both are free in, at the first free table."""
    if getattr(actor, "pk", None) not in (request.requester.user_id, request.recipient.user_id):
        raise Forbidden(_("Only the two participants can book their meeting."))
    event = request.event
    if event.meeting_mode != MeetingMode.SELF_SERVICE:
        raise Conflict(_("The organiser schedules this event's meetings."), code="batch_mode")
    if slot.event_id != event.pk:
        raise ValidationFailed({"slot": [_("Choose a slot of this event.")]})
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)  # one booking at a time per event
        current = MeetingRequest.objects.select_related("event").get(pk=request.pk)
        if (
            current.status != MeetingRequestStatus.ACCEPTED
            or Meeting.objects.filter(request=current).exists()
        ):
            raise Conflict(
                _("Only an accepted request without a meeting can be booked."),
                code=EventErrorCode.WRONG_STATE,
            )
        table = _free_place(current, slot)
        return _meeting_store(current, slot=slot, table=table, batch=False)


def _free_place(request: MeetingRequest, slot: MeetingSlot) -> int | None:
    """The table for this request in this slot (None online), or Conflict saying why not."""
    people = {request.requester_id, request.recipient_id}
    free = set(
        Registration.objects.filter(pk__in=people, availability__slot=slot).values_list(
            "pk", flat=True
        )
    )
    if free != people:
        raise Conflict(_("One of you is not free at that time."), code=EventErrorCode.SLOT_TAKEN)
    if MeetingSeat.objects.filter(slot=slot, registration_id__in=people).exists():
        raise Conflict(
            _("One of you already has a meeting at that time."), code=EventErrorCode.SLOT_TAKEN
        )
    if request.event.format == EventFormat.ONLINE:
        return None
    taken = set(Meeting.objects.filter(slot=slot).values_list("table", flat=True))
    for table in range(1, request.event.meeting_tables + 1):
        if table not in taken:
            return table
    raise Conflict(_("Every table is taken at that time."), code=EventErrorCode.SLOT_TAKEN)


def _meeting_store(request: MeetingRequest, *, slot: MeetingSlot, table, batch: bool) -> Meeting:
    meeting = Meeting.objects.create(
        request=request,
        slot=slot,
        table=table,
        online_url=request.event.meeting_url if table is None else "",
        scheduled_by_batch=batch,
    )
    MeetingSeat.objects.bulk_create(
        [
            MeetingSeat(meeting=meeting, registration_id=reg, slot=slot)
            for reg in (request.requester_id, request.recipient_id)
        ]
    )
    return meeting


def meetings_schedule(*, actor, event: Event, time_limit: float = 20.0) -> list[Meeting]:
    """The organiser's batch run: slots and tables for every accepted request without a meeting,
    maximising the meetings held weighted by match score (priority requests first)."""
    require(actor, "events.change_event", event)
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        problem, requests = _problem(event)
        assignments = scheduling.schedule(problem, time_limit=time_limit)
        slots = {slot.pk: slot for slot in event.meeting_slots.all()}
        online = event.format == EventFormat.ONLINE
        return [
            _meeting_store(
                requests[a.request],
                slot=slots[a.slot],
                table=None if online else a.table,
                batch=True,
            )
            for a in assignments
        ]


def _problem(event: Event) -> tuple[scheduling.Problem, dict[int, MeetingRequest]]:
    requests = {
        r.pk: r
        for r in MeetingRequest.objects.filter(
            event=event, status=MeetingRequestStatus.ACCEPTED, meeting__isnull=True
        )
    }
    available: dict[int, set[int]] = {}
    for reg, slot in Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED
    ).values_list("pk", "availability__slot"):
        if slot is not None:
            available.setdefault(reg, set()).add(slot)
    busy = set(MeetingSeat.objects.filter(slot__event=event).values_list("registration", "slot"))
    tables_used: dict[int, set[int]] = {}
    for slot, table in Meeting.objects.filter(slot__event=event).values_list("slot", "table"):
        tables_used.setdefault(slot, set()).add(table or 0)
    problem = scheduling.Problem(
        requests=[
            scheduling.Request(r.pk, r.requester_id, r.recipient_id, r.score, r.priority)
            for r in requests.values()
        ],
        slots=list(event.meeting_slots.values_list("pk", flat=True)),
        tables=event.meeting_tables,
        available=available,
        busy=busy,
        tables_used=tables_used,
    )
    return problem, requests
