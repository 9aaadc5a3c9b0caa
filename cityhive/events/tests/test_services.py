"""Events, registrations and meetings through their services: what is allowed, what is refused
(and that a refusal writes nothing)."""

import datetime

import pytest
from django.utils import timezone

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.events import meetings, services
from cityhive.events.models import (
    Event,
    EventStatus,
    EventVisibility,
    Meeting,
    MeetingMode,
    MeetingRequest,
    MeetingRequestStatus,
    Registration,
    RegistrationStatus,
)
from cityhive.events.tests.factories import EventFactory, MeetingSlotFactory

pytestmark = pytest.mark.django_db


def member_of(organisation, role=MembershipRole.MEMBER):
    user = UserFactory()
    MembershipFactory(user=user, organisation=organisation, role=role)
    return user


def fields(**changes):
    start = timezone.now() + datetime.timedelta(days=10)
    return {
        "title": "Water resilience matchmaking",
        "format": "in_person",
        "venue": "Porto Alegre City Hall",
        "time_zone": "America/Sao_Paulo",
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=8),
        "sdg_targets": [],
        **changes,
    }


# --- events -------------------------------------------------------------------------------------


def test_an_organisation_drafts_and_a_manager_publishes():
    organiser = OrganisationFactory()
    member = member_of(organiser)
    event = services.event_create(actor=member, organiser=organiser, fields=fields())
    assert event.status == EventStatus.DRAFT
    services.event_submit(actor=member, event=event)
    assert Event.objects.get(pk=event.pk).status == EventStatus.SUBMITTED
    manager = ProgrammeManagerFactory()
    services.event_approve(actor=manager, event=event)
    stored = Event.objects.get(pk=event.pk)
    assert (stored.status, stored.approved_by) == (EventStatus.PUBLISHED, manager)


def test_a_member_cannot_approve_their_own_event():
    organiser = OrganisationFactory()
    member = member_of(organiser)
    event = EventFactory(organiser=organiser, status=EventStatus.SUBMITTED)
    with pytest.raises(Forbidden):
        services.event_approve(actor=member, event=event)
    assert Event.objects.get(pk=event.pk).status == EventStatus.SUBMITTED


def test_bad_fields_are_refused_by_name_and_nothing_is_written():
    organiser = OrganisationFactory()
    member = member_of(organiser)
    bad = fields(time_zone="Mars/Olympus", format="online", venue="")
    bad["ends_at"] = bad["starts_at"] - datetime.timedelta(hours=1)
    with pytest.raises(ValidationFailed) as caught:
        services.event_create(actor=member, organiser=organiser, fields=bad)
    assert set(caught.value.field_errors) == {"time_zone", "ends_at"}
    assert Event.objects.count() == 0


def test_an_online_event_needs_its_link():
    organiser = OrganisationFactory()
    member = member_of(organiser)
    with pytest.raises(ValidationFailed) as caught:
        services.event_create(
            actor=member, organiser=organiser, fields=fields(format="online", venue="")
        )
    assert caught.value.field_errors == {"meeting_url": ["Give the link participants join online."]}


def test_a_stranger_cannot_create_an_event_for_an_organisation():
    with pytest.raises(Forbidden):
        services.event_create(actor=UserFactory(), organiser=OrganisationFactory(), fields=fields())
    assert Event.objects.count() == 0


def test_a_session_must_fall_inside_the_event():
    event = EventFactory()
    member = member_of(event.organiser)
    with pytest.raises(ValidationFailed):
        services.session_add(
            actor=member,
            event=event,
            title="Opening",
            starts_at=event.starts_at - datetime.timedelta(hours=2),
            ends_at=event.starts_at - datetime.timedelta(hours=1),
        )
    session = services.session_add(
        actor=member,
        event=event,
        title="Opening",
        starts_at=event.starts_at,
        ends_at=event.starts_at + datetime.timedelta(minutes=30),
    )
    assert list(event.sessions.values_list("title", flat=True)) == [session.title]


# --- registrations ------------------------------------------------------------------------------


def register(event, organisation=None):
    organisation = organisation or OrganisationFactory()
    user = member_of(organisation)
    return services.registration_create(actor=user, event=event, organisation=organisation)


def test_a_full_event_puts_people_on_the_waiting_list_and_a_cancellation_frees_the_place():
    event = EventFactory(capacity=2)
    first, second, third = register(event), register(event), register(event)
    assert [r.status for r in (first, second, third)] == ["confirmed", "confirmed", "waitlisted"]
    services.registration_cancel(actor=first.user, registration=first)
    assert Registration.objects.get(pk=third.pk).status == RegistrationStatus.CONFIRMED
    assert Registration.objects.get(pk=first.pk).status == RegistrationStatus.CANCELLED


def test_registrations_awaiting_approval_hold_a_place_until_declined():
    event = EventFactory(capacity=1, requires_approval=True)
    first, second = register(event), register(event)
    assert (first.status, second.status) == ("pending", "waitlisted")
    organiser = member_of(event.organiser)
    services.registration_decide(actor=organiser, registration=first, approve=False)
    assert Registration.objects.get(pk=first.pk).status == RegistrationStatus.DECLINED
    assert Registration.objects.get(pk=second.pk).status == RegistrationStatus.PENDING


def test_registering_twice_is_refused():
    event = EventFactory()
    first = register(event)
    with pytest.raises(Conflict):
        services.registration_create(actor=first.user, event=event, organisation=first.organisation)
    assert Registration.objects.filter(event=event).count() == 1


def test_registering_for_someone_elses_organisation_is_refused():
    event = EventFactory()
    user = UserFactory()
    with pytest.raises(Forbidden):
        services.registration_create(actor=user, event=event, organisation=OrganisationFactory())
    assert Registration.objects.count() == 0


def test_registration_closed_or_event_unpublished_is_refused():
    closed = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    draft = EventFactory(status=EventStatus.DRAFT)
    draft_member = member_of(draft.organiser)
    with pytest.raises(Conflict):
        register(closed)
    with pytest.raises(Conflict):
        services.registration_create(actor=draft_member, event=draft, organisation=draft.organiser)
    assert Registration.objects.count() == 0


def test_a_partners_event_is_hidden_from_a_stranger():
    event = EventFactory(visibility=EventVisibility.PARTNERS)
    with pytest.raises(NotFound):
        register(event)


def test_check_in_is_for_the_organiser_and_happens_once():
    event = EventFactory()
    registration = register(event)
    with pytest.raises(Forbidden):
        services.registration_check_in(actor=registration.user, registration=registration)
    organiser = member_of(event.organiser)
    first = services.registration_check_in(actor=organiser, registration=registration).checked_in_at
    again = services.registration_check_in(actor=organiser, registration=registration).checked_in_at
    assert first is not None and first == again


# --- meetings -----------------------------------------------------------------------------------


def two_participants(event=None, **event_fields):
    event = event or EventFactory(**event_fields)
    return event, register(event, CityFactory()), register(event)


def test_a_request_is_answered_once():
    _event, city, company = two_participants()
    request = meetings.meeting_request_create(actor=company.user, requester=company, recipient=city)
    with pytest.raises(Forbidden):
        meetings.meeting_request_answer(actor=company.user, request=request, accept=True)
    meetings.meeting_request_answer(actor=city.user, request=request, accept=False, reason="Busy")
    with pytest.raises(Conflict):
        meetings.meeting_request_answer(actor=city.user, request=request, accept=True)
    stored = MeetingRequest.objects.get(pk=request.pk)
    assert (stored.status, stored.decline_reason) == ("declined", "Busy")


def test_one_open_request_per_pair():
    _event, city, company = two_participants()
    meetings.meeting_request_create(actor=company.user, requester=company, recipient=city)
    with pytest.raises(Conflict):
        meetings.meeting_request_create(actor=company.user, requester=company, recipient=city)
    assert MeetingRequest.objects.count() == 1


def test_booking_needs_both_free_and_a_free_table():
    event, city, company = two_participants()
    slot = MeetingSlotFactory(event=event)
    request = meetings.meeting_request_create(actor=company.user, requester=company, recipient=city)
    meetings.meeting_request_answer(actor=city.user, request=request, accept=True)
    services.availability_set(actor=company.user, registration=company, slot_ids=[slot.pk])
    with pytest.raises(Conflict):
        meetings.meeting_book(actor=company.user, request=request, slot=slot)
    services.availability_set(actor=city.user, registration=city, slot_ids=[slot.pk])
    meeting = meetings.meeting_book(actor=company.user, request=request, slot=slot)
    assert (meeting.slot, meeting.table) == (slot, 1)
    # a second meeting for the city in that slot is refused
    other = register(event)
    second = meetings.meeting_request_create(actor=other.user, requester=other, recipient=city)
    meetings.meeting_request_answer(actor=city.user, request=second, accept=True)
    services.availability_set(actor=other.user, registration=other, slot_ids=[slot.pk])
    with pytest.raises(Conflict):
        meetings.meeting_book(actor=other.user, request=second, slot=slot)
    assert Meeting.objects.count() == 1


def test_the_batch_run_places_accepted_requests_by_weight():
    event = EventFactory(meeting_mode=MeetingMode.BATCH, meeting_tables=1)
    city = register(event, CityFactory())
    companies = [register(event) for _ in range(3)]
    slots = [
        MeetingSlotFactory(event=event, starts_at=event.starts_at + datetime.timedelta(hours=h))
        for h in (1, 2)
    ]
    for registration in (city, *companies):
        services.availability_set(
            actor=registration.user, registration=registration, slot_ids=[s.pk for s in slots]
        )
    requests = []
    for company, score in zip(companies, (0.2, 0.9, 0.5), strict=True):
        request = meetings.meeting_request_create(
            actor=company.user, requester=company, recipient=city, score=score
        )
        meetings.meeting_request_answer(actor=city.user, request=request, accept=True)
        requests.append(request)
    organiser = member_of(event.organiser)
    placed = meetings.meetings_schedule(actor=organiser, event=event).meetings
    # the city can hold two meetings (two slots, one table): the two best-scored requests
    assert sorted(m.request_id for m in placed) == sorted([requests[1].pk, requests[2].pk])
    assert MeetingRequest.objects.get(pk=requests[0].pk).status == MeetingRequestStatus.ACCEPTED


def test_only_the_organiser_runs_the_batch():
    event, _city, company = two_participants(meeting_mode=MeetingMode.BATCH)
    with pytest.raises(Forbidden):
        meetings.meetings_schedule(actor=company.user, event=event)
    assert Meeting.objects.count() == 0


def test_a_manager_can_organise_any_event():
    event = EventFactory(organiser=OrganisationFactory())
    manager = ProgrammeManagerFactory()
    assert manager.has_perm("events.change_event", event)
    assert not UserFactory().has_perm("events.change_event", event)
    assert member_of(event.organiser, MembershipRole.ADMIN).has_perm("events.change_event", event)


# --- publishing, moving, after the event -----------------------------------------------------


def batch_event_with_accepted_request():
    event = EventFactory(
        meeting_mode=MeetingMode.BATCH,
        starts_at=timezone.now() - datetime.timedelta(hours=3),
        ends_at=timezone.now() + datetime.timedelta(hours=5),
    )
    city, company = register(event, CityFactory()), register(event)
    slots = [
        MeetingSlotFactory(event=event, starts_at=event.starts_at + datetime.timedelta(hours=h))
        for h in (1, 2)
    ]
    for registration in (city, company):
        services.availability_set(
            actor=registration.user, registration=registration, slot_ids=[s.pk for s in slots]
        )
    request = meetings.meeting_request_create(actor=company.user, requester=company, recipient=city)
    meetings.meeting_request_answer(actor=city.user, request=request, accept=True)
    return event, city, company, slots


def test_a_batch_run_waits_unpublished_until_the_organiser_publishes():
    from cityhive.events.selectors import meetings_of
    from cityhive.notifications.models import Notification

    event, city, company, _slots = batch_event_with_accepted_request()
    organiser = member_of(event.organiser)
    run = meetings.meetings_schedule(actor=organiser, event=event)
    assert [m.published for m in run.meetings] == [False]
    assert list(meetings_of(registration=city)) == []
    # a second run replaces the unpublished meeting instead of adding one
    meetings.meetings_schedule(actor=organiser, event=event)
    assert Meeting.objects.filter(slot__event=event).count() == 1
    assert meetings.meetings_publish(actor=organiser, event=event) == 1
    assert [m.request_id for m in meetings_of(registration=city)] == [run.meetings[0].request_id]
    told = Notification.objects.filter(kind="meeting_scheduled")
    assert sorted(told.values_list("recipient_id", flat=True)) == sorted(
        [city.user_id, company.user_id]
    )


def test_a_moved_meeting_is_pinned_and_survives_the_next_run():
    event, _city, _company, slots = batch_event_with_accepted_request()
    organiser = member_of(event.organiser)
    meeting = meetings.meetings_schedule(actor=organiser, event=event).meetings[0]
    other_slot = slots[1] if meeting.slot_id == slots[0].pk else slots[0]
    meetings.meeting_move(actor=organiser, meeting=meeting, slot=other_slot, table=3)
    meetings.meetings_schedule(actor=organiser, event=event)
    kept = Meeting.objects.get(slot__event=event)
    assert (kept.pk, kept.slot_id, kept.table, kept.pinned) == (meeting.pk, other_slot.pk, 3, True)
    assert set(kept.seats.values_list("slot_id", flat=True)) == {other_slot.pk}


def test_a_held_meeting_becomes_an_introduction():
    from cityhive.engagement.models import Introduction

    event, city, company, _slots = batch_event_with_accepted_request()
    organiser = member_of(event.organiser)
    meeting = meetings.meetings_schedule(actor=organiser, event=event).meetings[0]
    with pytest.raises(Conflict):
        meetings.meeting_follow_up(actor=city.user, meeting=meeting)
    meetings.meeting_outcome_set(actor=city.user, meeting=meeting, outcome="held")
    introduction = meetings.meeting_follow_up(actor=city.user, meeting=meeting)
    stored = Introduction.objects.get()
    assert stored.pk == introduction.pk
    assert {stored.first_organisation_id, stored.second_organisation_id} == {
        city.organisation_id,
        company.organisation_id,
    }


def test_cancelling_a_registration_cancels_its_meetings_and_tells_the_other_side():
    from cityhive.notifications.models import Notification

    event, city, company, _slots = batch_event_with_accepted_request()
    organiser = member_of(event.organiser)
    meetings.meetings_schedule(actor=organiser, event=event)
    meetings.meetings_publish(actor=organiser, event=event)
    services.registration_cancel(actor=company.user, registration=company)
    assert Meeting.objects.filter(slot__event=event).count() == 0
    assert MeetingRequest.objects.get().status == MeetingRequestStatus.CANCELLED
    told = Notification.objects.get(kind="meeting_cancelled")
    assert told.recipient_id == city.user_id


def test_meeting_requests_and_answers_go_to_the_contact_log():
    from cityhive.audit.models import ContactLogEntry

    _event, city, _company, _slots = batch_event_with_accepted_request()
    actions = list(ContactLogEntry.objects.order_by("pk").values_list("action", "city_id"))
    assert actions == [
        ("meeting_requested", city.organisation_id),
        ("meeting_accepted", city.organisation_id),
    ]


def test_a_participant_brings_their_organisations_solutions_and_public_challenges():
    from cityhive.challenges.tests.factories import ChallengeFactory
    from cityhive.solutions.tests.factories import SolutionFactory

    event = EventFactory()
    city = CityFactory()
    official = member_of(city)
    open_public = ChallengeFactory(city=city, status="open", visibility="public")
    private = ChallengeFactory(city=city, status="open", visibility="private")
    others = SolutionFactory(status="published")
    with pytest.raises(ValidationFailed) as caught:
        services.registration_create(
            actor=official,
            event=event,
            organisation=city,
            challenge_ids=[open_public.pk, private.pk],
            solution_ids=[others.pk],
        )
    assert set(caught.value.field_errors) == {"challenges", "solutions"}
    assert Registration.objects.count() == 0
    registration = services.registration_create(
        actor=official, event=event, organisation=city, challenge_ids=[open_public.pk]
    )
    assert list(registration.challenges.all()) == [open_public]
