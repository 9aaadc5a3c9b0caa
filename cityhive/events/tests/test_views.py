"""Calendar feeds, badges and check-in over HTTP."""

import pytest

from cityhive.accounts.tests.factories import UserFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.directory.tests.factories import MembershipFactory
from cityhive.events.calendar import badge_token, feed_token
from cityhive.events.models import Registration, RegistrationStatus
from cityhive.events.tests.factories import EventFactory, RegistrationFactory, SessionFactory

pytestmark = pytest.mark.django_db


def test_an_events_calendar_holds_the_event_and_its_sessions(client):
    event = EventFactory(title="Resilience forum")
    SessionFactory(event=event, title="Opening")
    response = client.get(f"/events/{event.pk}/calendar.ics")
    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Resilience forum" in body and "SUMMARY:Opening" in body


def test_a_personal_feed_lists_confirmed_registrations_only(client):
    registration = RegistrationFactory(event__title="Forum A")
    RegistrationFactory(
        user=registration.user, event__title="Forum B", status=RegistrationStatus.CANCELLED
    )
    body = client.get(f"/calendar/{feed_token(registration.user)}.ics").content.decode()
    assert "SUMMARY:Forum A" in body and "Forum B" not in body


def test_a_tampered_feed_token_finds_nothing(client):
    user = UserFactory()
    assert client.get(f"/calendar/{feed_token(user)}x.ics").status_code == 404


def test_the_badge_shows_a_code_and_the_organiser_checks_the_participant_in(client):
    registration = RegistrationFactory()
    sign_in(client, registration.user)
    badge = client.get(f"/registrations/{registration.pk}/badge/").content.decode()
    assert "<svg" in badge
    token = badge_token(registration)
    # the participant cannot check themselves in
    assert client.post(f"/check-in/{token}/").status_code == 404
    organiser = MembershipFactory(organisation=registration.event.organiser).user
    sign_in(client, organiser)
    assert client.post(f"/check-in/{token}/").status_code == 200
    assert Registration.objects.get(pk=registration.pk).checked_in_at is not None


def test_a_forged_badge_code_checks_no_one_in(client):
    registration = RegistrationFactory()
    organiser = MembershipFactory(organisation=registration.event.organiser).user
    sign_in(client, organiser)
    response = client.post(f"/check-in/{badge_token(registration)}tampered/")
    assert response.status_code == 404
    assert Registration.objects.get(pk=registration.pk).checked_in_at is None


def test_the_dashboard_shows_requests_to_answer_next_events_and_events_to_approve(client):
    from cityhive.accounts.tests.factories import ProgrammeManagerFactory
    from cityhive.events.models import EventStatus, MeetingRequest

    registration = RegistrationFactory(event__title="Water forum")
    asking = RegistrationFactory(event=registration.event)
    MeetingRequest.objects.create(
        event=registration.event, requester=asking, recipient=registration
    )
    sign_in(client, registration.user)
    page = client.get("/dashboard/").content.decode()
    assert "1 meeting request at Water forum waits for your answer" in page
    assert "You are registered; it starts on" in page
    EventFactory(title="Heat summit", status=EventStatus.SUBMITTED)
    sign_in(client, ProgrammeManagerFactory())
    page = client.get("/dashboard/").content.decode()
    assert "Events to approve" in page and "Heat summit" in page


def test_the_calendar_reads_a_fixed_number_of_queries_however_many_events(
    client, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        RegistrationFactory(event=EventFactory(capacity=50))
    with CaptureQueriesContext(connection) as few:
        assert client.get("/events/").status_code == 200
    for _ in range(12):
        RegistrationFactory(event=EventFactory(capacity=50))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get("/events/").content.decode()
    assert page.count("1 of 50 places taken") == 15


def test_featured_partners_come_first_among_the_participants_with_a_badge(client):
    from cityhive.partnership.tests.factories import PartnershipFactory, TierFactory

    registration = RegistrationFactory(event__title="Water forum")
    plain = RegistrationFactory(event=registration.event, organisation__name="Aardvark Ltd")
    featured = RegistrationFactory(event=registration.event, organisation__name="Zebra Water")
    PartnershipFactory(
        application__organisation=featured.organisation,
        tier=TierFactory(unlocks=["featured_at_events"]),
    )
    sign_in(client, registration.user)
    response = client.get(f"/events/{registration.event_id}/meetings/")
    names = [p.organisation.name for p in response.context["participants"]]
    assert names == ["Zebra Water", "Aardvark Ltd"]
    assert response.context["featured"] == {featured.organisation_id}
    assert plain.organisation_id not in response.context["featured"]
    assert "Featured partner" in response.content.decode()
