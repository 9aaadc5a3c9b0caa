"""Writes for 1:1 meetings: requests and answers, booking a slot, the organiser's batch run."""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.core.permissions import require
from cityhive.engagement.services.introductions import introduction_make
from cityhive.events import notify, scheduling
from cityhive.events.errors import EventErrorCode
from cityhive.events.models import (
    Event,
    EventFormat,
    Meeting,
    MeetingMode,
    MeetingOutcome,
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
            created = MeetingRequest.objects.create(
                event=event,
                requester=requester,
                recipient=recipient,
                message=message,
                priority=priority,
                score=max(0.0, min(1.0, score)),
            )
            notify.request_sent(actor, created)
            return created
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
        notify.request_answered(actor, current)
    return current


def meeting_request_cancel(*, actor, request: MeetingRequest) -> MeetingRequest:
    """Either participant withdraws a request or cancels the meeting; its slot becomes free and
    the other side hears of it."""
    if getattr(actor, "pk", None) not in (request.requester.user_id, request.recipient.user_id):
        raise Forbidden(_("Only the two participants can cancel."))
    mine = request.requester if request.requester.user_id == actor.pk else request.recipient
    with transaction.atomic():
        return _cancel(request, by_registration=mine)


def _cancel(request: MeetingRequest, *, by_registration: Registration) -> MeetingRequest:
    current = MeetingRequest.objects.select_for_update().get(pk=request.pk)
    if current.status in (MeetingRequestStatus.PENDING, MeetingRequestStatus.ACCEPTED):
        Meeting.objects.filter(request=current).delete()
        current.status = MeetingRequestStatus.CANCELLED
        current.save(update_fields=["status", "updated_at"])
        notify.meeting_cancelled(current, by_registration=by_registration)
    return current


def requests_cancel_for(registration: Registration) -> int:
    """Cancel every open request and meeting of a participant who cancelled their registration
    (call inside the registration's transaction); the other sides hear of it."""
    open_requests = MeetingRequest.objects.filter(
        Q(requester=registration) | Q(recipient=registration),
        status__in=[MeetingRequestStatus.PENDING, MeetingRequestStatus.ACCEPTED],
    ).select_related(
        "requester__organisation", "recipient__organisation", "requester__user", "recipient__user"
    )
    count = 0
    for request in open_requests:
        _cancel(request, by_registration=registration)
        count += 1
    return count


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
        meeting = _meeting_store(current, slot=slot, table=table, batch=False)
        notify.meeting_scheduled(meeting)
        return meeting


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
        published=not batch,
    )
    MeetingSeat.objects.bulk_create(
        [
            MeetingSeat(meeting=meeting, registration_id=reg, slot=slot)
            for reg in (request.requester_id, request.recipient_id)
        ]
    )
    return meeting


@dataclass(frozen=True)
class ScheduleRun:
    """What a batch run placed (unpublished until the organiser publishes) and how."""

    meetings: list[Meeting]
    method: str
    optimal: bool


def meetings_schedule(*, actor, event: Event, time_limit: float = 20.0) -> ScheduleRun:
    """The organiser's batch run: slots and tables for every accepted request without a meeting,
    maximising the meetings held weighted by match score (priority requests first).

    The previous run's unpublished meetings are replaced, except the pinned ones; the new ones
    wait unpublished, so a run that is interrupted or not liked changes nothing participants see.
    """
    require(actor, "events.change_event", event)
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        Meeting.objects.filter(
            slot__event=event, published=False, pinned=False, scheduled_by_batch=True
        ).delete()
        problem, requests = _problem(event)
        outcome = scheduling.plan(problem, time_limit=time_limit)
        slots = {slot.pk: slot for slot in event.meeting_slots.all()}
        online = event.format == EventFormat.ONLINE
        placed = [
            _meeting_store(
                requests[a.request],
                slot=slots[a.slot],
                table=None if online else a.table,
                batch=True,
            )
            for a in outcome.assignments
        ]
    return ScheduleRun(placed, outcome.method, outcome.optimal)


def meetings_publish(*, actor, event: Event) -> int:
    """Publish the batch run's meetings: participants see them and are told their times."""
    require(actor, "events.change_event", event)
    with transaction.atomic():
        waiting = list(
            Meeting.objects.filter(slot__event=event, published=False).select_related(
                "slot",
                "request__requester__user",
                "request__requester__organisation",
                "request__recipient__user",
                "request__recipient__organisation",
            )
        )
        Meeting.objects.filter(pk__in=[m.pk for m in waiting]).update(published=True)
        for meeting in waiting:
            notify.meeting_scheduled(meeting)
    return len(waiting)


def meeting_move(*, actor, meeting: Meeting, slot: MeetingSlot, table: int | None) -> Meeting:
    """The organiser places a meeting by hand (pinned: the next batch run keeps it)."""
    event = meeting.slot.event
    require(actor, "events.change_event", event)
    if slot.event_id != event.pk:
        raise ValidationFailed({"slot": [_("Choose a slot of this event.")]})
    if table is not None and not 1 <= table <= event.meeting_tables:
        raise ValidationFailed({"table": [_("Choose one of the event's tables.")]})
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        people = [meeting.request.requester_id, meeting.request.recipient_id]
        if (
            MeetingSeat.objects.filter(slot=slot, registration_id__in=people)
            .exclude(meeting=meeting)
            .exists()
        ):
            raise Conflict(
                _("One of them already has a meeting at that time."),
                code=EventErrorCode.SLOT_TAKEN,
            )
        if (
            table is not None
            and Meeting.objects.filter(slot=slot, table=table).exclude(pk=meeting.pk).exists()
        ):
            raise Conflict(_("That table is taken at that time."), code=EventErrorCode.SLOT_TAKEN)
        meeting.slot, meeting.table, meeting.pinned = slot, table, True
        meeting.save(update_fields=["slot", "table", "pinned"])
        MeetingSeat.objects.filter(meeting=meeting).update(slot=slot)
        if meeting.published:
            notify.meeting_scheduled(meeting)
    return meeting


def meeting_outcome_set(*, actor, meeting: Meeting, outcome: str) -> Meeting:
    """A participant or the organiser records whether a meeting was held (once it has begun)."""
    request = meeting.request
    is_participant = getattr(actor, "pk", None) in (
        request.requester.user_id,
        request.recipient.user_id,
    )
    if not is_participant:
        require(actor, "events.change_event", meeting.slot.event)
    if outcome not in MeetingOutcome.values:
        raise ValidationFailed({"outcome": [_("Choose one of the listed options.")]})
    if meeting.slot.starts_at > timezone.now():
        raise Conflict(_("A meeting's outcome is recorded once it has begun."), code="not_yet")
    meeting.outcome = outcome
    meeting.save(update_fields=["outcome"])
    return meeting


def meeting_follow_up(*, actor, meeting: Meeting):
    """A participant turns a held meeting into an introduction of the two organisations."""
    request = meeting.request
    sides = (request.requester, request.recipient)
    if getattr(actor, "pk", None) not in (side.user_id for side in sides):
        raise Forbidden(_("Only the two participants can follow a meeting up."))
    if meeting.outcome != MeetingOutcome.HELD:
        raise Conflict(_("Only a held meeting becomes an introduction."), code="not_held")
    with transaction.atomic():
        return introduction_make(
            actor=actor,
            sides=(sides[0].organisation, sides[1].organisation),
            contacts=[(side.organisation, side.user) for side in sides],
        )


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
