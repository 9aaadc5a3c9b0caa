"""Writes for events, their agenda and registrations; each checks the actor's permission first."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.challenges.models import Challenge, ChallengeStatus, Visibility
from cityhive.content.services import ItemWrites, item_store, item_update
from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.core.markdown import markdown_render
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.directory.permissions import is_programme_manager, organisation_roles
from cityhive.events.errors import EventErrorCode
from cityhive.events.meetings import requests_cancel_for
from cityhive.events.models import (
    HOLDS_A_PLACE,
    Availability,
    Event,
    EventStatus,
    EventTag,
    MeetingSlot,
    Registration,
    RegistrationStatus,
    Session,
)
from cityhive.events.validation import EVENT_FIELDS, event_check, event_create_check, place_check
from cityhive.solutions.selectors import solution_list_published
from cityhive.taxonomy.vocabulary import Vocabulary


@dataclass(frozen=True)
class EventsChanged:
    """Events were created or changed (ids)."""

    ids: tuple[int, ...]


def event_data(event: Event) -> dict:
    """An event's own fields as the services take them."""
    return {field: getattr(event, field) for field in EVENT_FIELDS}


def event_apply(event: Event, data: dict) -> None:
    """Copy checked fields onto the model (and render its description)."""
    for field in EVENT_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    event.description_html = markdown_render(event.description)


def _checked(data: dict) -> dict:
    errors = event_check(data, vocabulary=Vocabulary())
    if not errors:
        probe = Event()
        event_apply(probe, data)
        place_check(probe, errors)
    if errors:
        raise ValidationFailed(errors)
    return data


WRITES = ItemWrites(
    model=Event,
    stale_code=EventErrorCode.STALE_VERSION,
    data=event_data,
    check=_checked,
    apply=event_apply,
    tag_model=EventTag,
    changed=EventsChanged,
)


def event_create(*, actor, organiser: Organisation, fields: dict) -> Event:
    """An organisation drafts an event (published after the programme approves it)."""
    require(actor, "events.add_event_for", organiser)
    defaults = {"description": "", "summary": "", "categories": [], "sdg_targets": [], "kpis": []}
    data = {**defaults, **fields}
    errors = event_create_check(data, vocabulary=Vocabulary())
    if errors:
        raise ValidationFailed(errors)
    _checked(data)
    event = Event(organiser=organiser)
    event_apply(event, data)
    return item_store(event, writes=WRITES)


def event_update(*, actor, event: Event, version: int, fields: dict) -> Event:
    """Change an event; a stale `version` is refused instead of overwriting someone's edit."""
    return item_update(actor=actor, item=event, version=version, fields=fields, writes=WRITES)


def event_submit(*, actor, event: Event) -> Event:
    """Ask the programme to publish a draft; a manager's own event is published at once."""
    require(actor, "events.change_event", event)
    if event.status != EventStatus.DRAFT:
        raise Conflict(_("Only a draft can be submitted."), code=EventErrorCode.WRONG_STATE)
    if is_programme_manager(actor):
        return event_approve(actor=actor, event=event)
    return _set_status(event, EventStatus.SUBMITTED)


def event_approve(*, actor, event: Event) -> Event:
    """A programme manager publishes a submitted (or their own draft) event."""
    require(actor, "events.approve_event", event)
    if event.status not in (EventStatus.DRAFT, EventStatus.SUBMITTED):
        raise Conflict(
            _("This event is not waiting for approval."), code=EventErrorCode.WRONG_STATE
        )
    user = actor if isinstance(actor, get_user_model()) else None  # not the command line's actor
    event.approved_by, event.approved_at = user, timezone.now()
    event.save(update_fields=["approved_by", "approved_at", "updated_at"])
    return _set_status(event, EventStatus.PUBLISHED)


def event_cancel(*, actor, event: Event) -> Event:
    """Cancel an event; registrations stay for the record."""
    require(actor, "events.change_event", event)
    return _set_status(event, EventStatus.CANCELLED)


def _set_status(event: Event, status: str) -> Event:
    event.status = status
    event.save(update_fields=["status", "updated_at"])
    return event


def session_add(
    *, actor, event: Event, title: str, starts_at, ends_at, room: str = "", speakers: str = ""
) -> Session:
    """Add an item to the event's agenda, inside the event's time."""
    require(actor, "events.change_event", event)
    session = Session(
        event=event, title=title, starts_at=starts_at, ends_at=ends_at, room=room, speakers=speakers
    )
    errors = {}
    if not title.strip():
        errors["title"] = [_("This field is required.")]
    if ends_at <= starts_at:
        errors["ends_at"] = [_("A session ends after it starts.")]
    elif starts_at < event.starts_at or ends_at > event.ends_at:
        errors["starts_at"] = [_("A session takes place during the event.")]
    if errors:
        raise ValidationFailed(errors)
    session.save()
    return session


def slots_generate(*, actor, event: Event, first: datetime.datetime, count: int, minutes: int):
    """Add `count` back-to-back meeting slots of `minutes` from `first` (existing ones are kept)."""
    require(actor, "events.change_event", event)
    if not 1 <= count <= 200 or not 5 <= minutes <= 240:
        raise ValidationFailed({"count": [_("Between 1 and 200 slots of 5 to 240 minutes.")]})
    step = datetime.timedelta(minutes=minutes)
    last_end = first + step * count
    if first < event.starts_at or last_end > event.ends_at:
        raise ValidationFailed({"first": [_("Meeting slots take place during the event.")]})
    slots = [
        MeetingSlot(event=event, starts_at=first + step * i, ends_at=first + step * (i + 1))
        for i in range(count)
    ]
    MeetingSlot.objects.bulk_create(slots, ignore_conflicts=True)
    return list(event.meeting_slots.all())


# --- registrations ------------------------------------------------------------------------------


def registration_create(
    *,
    actor,
    event: Event,
    organisation: Organisation,
    offer: str = "",
    seek: str = "",
    solution_ids: list[int] = (),
    challenge_ids: list[int] = (),
) -> Registration:
    """Register the actor for their organisation: confirmed, awaiting approval, or waiting list;
    with what they offer and seek, and the organisation's solutions and challenges they bring."""
    require(actor, "events.view_event", event, hide=True, code=EventErrorCode.EVENT_NOT_FOUND)
    if organisation.pk not in organisation_roles(actor):
        raise Forbidden(_("Register for an organisation you belong to."))
    _registration_open_require(event)
    errors = {}
    for field, value in (("offer", offer), ("seek", seek)):
        if len(value) > 2000:
            errors[field] = [_("At most 2,000 characters.")]
    solutions = list(solution_list_published().filter(provider=organisation, pk__in=solution_ids))
    if len(solutions) != len(set(solution_ids)):
        errors["solutions"] = [_("Choose published solutions of your organisation.")]
    # Only open public challenges: every participant reads what a registration brings.
    challenges = list(
        Challenge.objects.filter(
            city=organisation,
            pk__in=challenge_ids,
            status=ChallengeStatus.OPEN,
            visibility=Visibility.PUBLIC,
        )
    )
    if len(challenges) != len(set(challenge_ids)):
        errors["challenges"] = [_("Choose open public challenges of your city.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if (
            Registration.objects.filter(event=locked, user=actor)
            .exclude(status=RegistrationStatus.CANCELLED)
            .exists()
        ):
            raise Conflict(_("You are already registered."), code=EventErrorCode.ALREADY_REGISTERED)
        status = _new_status(locked)
        registration, _created = Registration.objects.update_or_create(
            event=locked,
            user=actor,
            defaults={"organisation": organisation, "offer": offer, "seek": seek, "status": status},
        )
        registration.solutions.set(solutions)
        registration.challenges.set(challenges)
    return registration


def _registration_open_require(event: Event) -> None:
    now = timezone.now()
    if event.status != EventStatus.PUBLISHED:
        raise Conflict(_("This event is not open for registration."), code=EventErrorCode.CLOSED)
    opens, closes = event.registration_opens_at, event.registration_closes_at or event.ends_at
    if (opens and now < opens) or now > closes:
        raise Conflict(_("Registration is closed."), code=EventErrorCode.CLOSED)


def _places_taken(event: Event) -> int:
    return event.registrations.filter(status__in=HOLDS_A_PLACE).count()


def _new_status(event: Event) -> str:
    if event.capacity is not None and _places_taken(event) >= event.capacity:
        return RegistrationStatus.WAITLISTED
    if event.requires_approval:
        return RegistrationStatus.PENDING
    return RegistrationStatus.CONFIRMED


def registration_cancel(*, actor, registration: Registration) -> Registration:
    """A participant cancels; their meetings are cancelled (the other sides hear of it) and their
    place goes to the first on the waiting list."""
    require(actor, "events.change_registration", registration)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        requests_cancel_for(registration)
        _promote_waiting(event)
    return registration


def _promote_waiting(event: Event) -> None:
    if event.capacity is not None and _places_taken(event) >= event.capacity:
        return
    first = event.registrations.filter(status=RegistrationStatus.WAITLISTED).first()
    if first is not None:
        first.status = (
            RegistrationStatus.PENDING if event.requires_approval else RegistrationStatus.CONFIRMED
        )
        first.save(update_fields=["status", "updated_at"])


def registration_decide(*, actor, registration: Registration, approve: bool) -> Registration:
    """The organiser approves or declines a registration awaiting approval."""
    require(actor, "events.change_event", registration.event)
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        registration.refresh_from_db()
        if registration.status != RegistrationStatus.PENDING:
            raise Conflict(
                _("This registration is not awaiting approval."), code=EventErrorCode.WRONG_STATE
            )
        registration.status = (
            RegistrationStatus.CONFIRMED if approve else RegistrationStatus.DECLINED
        )
        registration.save(update_fields=["status", "updated_at"])
        if not approve:
            _promote_waiting(event)
    return registration


def registration_check_in(*, actor, registration: Registration) -> Registration:
    """The organiser checks a confirmed participant in at the venue (once; repeats are harmless)."""
    require(actor, "events.change_event", registration.event)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Conflict(
            _("Only a confirmed participant can be checked in."), code=EventErrorCode.WRONG_STATE
        )
    if registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


def availability_set(*, actor, registration: Registration, slot_ids: list[int]) -> list[int]:
    """Replace the slots in which the participant is free for meetings."""
    require(actor, "events.change_registration", registration)
    valid = set(
        MeetingSlot.objects.filter(event_id=registration.event_id, pk__in=slot_ids).values_list(
            "pk", flat=True
        )
    )
    if valid != set(slot_ids):
        raise ValidationFailed({"slots": [_("Choose slots of this event.")]})
    with transaction.atomic():
        registration.availability.exclude(slot_id__in=valid).delete()
        Availability.objects.bulk_create(
            [Availability(registration=registration, slot_id=pk) for pk in valid],
            ignore_conflicts=True,
        )
    return sorted(valid)
