"""Interests: sending, answering, mutual interest, expiry and the weekly limit."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cityhive.audit.models import ContactLogEntry
from cityhive.core.errors import Conflict, Forbidden, NotFound
from cityhive.core.events import WorkerStarted
from cityhive.engagement import selectors, services
from cityhive.engagement.apps import expiry_queue
from cityhive.engagement.models import (
    Conversation,
    Interest,
    InterestStatus,
    Introduction,
    Participant,
    ProgrammeSettings,
)
from cityhive.engagement.tests.factories import InterestFactory
from cityhive.matching.models import MatchFeedback
from cityhive.notifications.models import Notification


def _send(pair, message="We have sensors for your rivers."):
    subject, candidate = pair.items()
    return services.interest_create(
        actor=pair.company_member, subject=subject, candidate=candidate, message=message
    )


def _actions():
    return list(ContactLogEntry.objects.order_by("pk").values_list("action", flat=True))


def test_a_company_expresses_interest_in_a_challenge_match(pair):
    before = timezone.now()

    interest = _send(pair)

    assert (interest.sender_organisation, interest.recipient_organisation) == (
        pair.company,
        pair.city,
    )
    assert interest.status == InterestStatus.PENDING
    assert interest.match_key == f"challenge:{pair.challenge.pk}|solution:{pair.solution.pk}"
    assert before + timedelta(days=14) <= interest.expires_at <= timezone.now() + timedelta(days=14)
    assert _actions() == ["interest_sent"]
    notified = Notification.objects.filter(kind="interest_received")
    assert sorted(n.recipient_id for n in notified) == sorted(
        [pair.city_admin.pk, pair.city_member.pk]
    )
    feedback = MatchFeedback.objects.get()
    assert (feedback.organisation, feedback.signal, feedback.subject_id) == (
        pair.company,
        "interest",
        pair.solution.pk,
    )


def test_accepting_introduces_the_two_organisations_once(pair):
    interest = _send(pair)

    services.interest_accept(actor=pair.city_member, interest=interest)
    services.interest_accept(actor=pair.city_admin, interest=interest)  # a colleague, later

    interest.refresh_from_db()
    introduction = Introduction.objects.get()
    assert interest.status == InterestStatus.ACCEPTED
    assert interest.answered_by == pair.city_member
    assert interest.introduction == introduction
    assert Conversation.objects.filter(introduction=introduction).count() == 1
    contacts = selectors.introduction_contacts(introduction)
    assert contacts == {pair.city.pk: [pair.city_member], pair.company.pk: [pair.company_member]}
    assert sorted(Participant.objects.values_list("user_id", flat=True)) == sorted(
        [pair.city_member.pk, pair.company_member.pk]
    )
    assert _actions() == ["interest_sent", "introduction_made", "interest_accepted"]
    assert (
        Notification.objects.filter(kind="interest_answered", recipient=pair.company_member).count()
        == 2
    )  # accepted, and introduced


def test_interest_from_both_sides_is_mutual_and_makes_one_introduction(pair):
    company_side = _send(pair)
    subject, candidate = pair.city_items()

    city_side = services.interest_create(
        actor=pair.city_admin, subject=subject, candidate=candidate, message="Yes, let's talk."
    )

    company_side.refresh_from_db()
    assert company_side.status == InterestStatus.ACCEPTED
    assert city_side.status == InterestStatus.ACCEPTED
    assert Introduction.objects.count() == 1
    assert company_side.introduction_id == city_side.introduction_id
    assert company_side.match_key == city_side.match_key


def test_a_second_click_sends_one_request(pair):
    _send(pair)

    with pytest.raises(Conflict) as error:
        _send(pair)

    assert error.value.code == "duplicate_interest"
    assert Interest.objects.count() == 1


def test_declining_as_not_relevant_feeds_matching_and_cannot_then_be_accepted(pair):
    interest = _send(pair)

    services.interest_decline(
        actor=pair.city_member, interest=interest, reason="not_relevant", note="Not this year."
    )
    with pytest.raises(Conflict) as error:
        services.interest_accept(actor=pair.city_admin, interest=interest)

    interest.refresh_from_db()
    assert error.value.code == "interest_answered"
    assert (interest.status, interest.decline_reason, interest.decline_note) == (
        "declined",
        "not_relevant",
        "Not this year.",
    )
    assert Introduction.objects.count() == 0
    city_feedback = MatchFeedback.objects.get(organisation=pair.city)
    assert (city_feedback.signal, city_feedback.subject_id, city_feedback.candidate_id) == (
        "not_relevant",
        pair.challenge.pk,
        pair.solution.pk,
    )
    assert _actions() == ["interest_sent", "interest_declined"]


def test_an_expired_request_cannot_be_accepted_and_nothing_is_written(pair):
    interest = InterestFactory(
        sender_organisation=pair.company,
        recipient_organisation=pair.city,
        expires_at=timezone.now() - timedelta(minutes=1),
    )

    with pytest.raises(Conflict) as error:
        services.interest_accept(actor=pair.city_member, interest=interest)

    interest.refresh_from_db()
    assert error.value.code == "interest_expired"
    assert interest.status == InterestStatus.PENDING  # the expiry run will mark it
    assert interest.effective_status == InterestStatus.EXPIRED
    assert Introduction.objects.count() == 0
    assert ContactLogEntry.objects.count() == 0


def test_expiry_marks_each_due_request_once(pair):
    due = InterestFactory(
        sender_organisation=pair.company,
        recipient_organisation=pair.city,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    waiting = InterestFactory(recipient_organisation=pair.city)

    call_command("engagement", "expire")
    again = services.interests_expire()

    due.refresh_from_db()
    waiting.refresh_from_db()
    assert (due.status, waiting.status, again) == ("expired", "pending", 0)
    assert _actions() == ["interest_expired"]
    told = Notification.objects.filter(dedupe_key=f"interest:{due.pk}:expired")
    members = pair.company.memberships.values_list("user_id", flat=True)
    assert sorted(n.recipient_id for n in told) == sorted(members)


def test_the_weekly_limit_counts_waiting_and_answered_requests_but_not_expired_ones(pair):
    ProgrammeSettings.objects.create(pk=1, weekly_request_limit=2)
    cities = [InterestFactory(sender=pair.company_member) for _ in range(2)]

    with pytest.raises(Conflict) as error:
        _send(pair)
    assert error.value.code == "quota_exceeded"
    assert Interest.objects.count() == 2

    Interest.objects.filter(pk=cities[0].pk).update(expires_at=timezone.now())
    interest = _send(pair)

    assert interest.status == InterestStatus.PENDING
    assert services.quota_used(sender=pair.company_member) == 2


def test_a_withdrawn_request_frees_its_place_and_only_the_sender_side_may_withdraw(pair):
    interest = _send(pair)

    with pytest.raises(Forbidden):
        services.interest_withdraw(actor=pair.city_member, interest=interest)
    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING

    services.interest_withdraw(actor=pair.company_admin, interest=interest)

    interest.refresh_from_db()
    assert interest.status == InterestStatus.WITHDRAWN
    assert services.quota_used(sender=pair.company_member) == 0
    assert _actions() == ["interest_sent", "interest_withdrawn"]
    told = Notification.objects.filter(dedupe_key=f"interest:{interest.pk}:withdrawn")
    assert sorted(n.recipient_id for n in told) == sorted([pair.city_admin.pk, pair.city_member.pk])


def test_the_sender_side_cannot_accept_its_own_request(pair):
    interest = _send(pair)

    with pytest.raises(Forbidden):
        services.interest_accept(actor=pair.company_admin, interest=interest)

    interest.refresh_from_db()
    assert interest.status == InterestStatus.PENDING
    assert Introduction.objects.count() == 0


def test_only_the_two_organisations_see_a_request(pair):
    interest = _send(pair)

    with pytest.raises(NotFound):
        selectors.interest_get_visible_to(actor=pair.outsider, interest_id=interest.pk)
    assert list(selectors.interest_list_visible_to(actor=pair.outsider)) == []
    assert list(selectors.interest_list_visible_to(actor=pair.city_member)) == [interest]
    assert list(selectors.interest_list_visible_to(actor=pair.company_admin, box="sent")) == [
        interest
    ]
    assert list(selectors.interest_list_visible_to(actor=pair.company_admin)) == []


def test_a_member_of_neither_side_cannot_express_interest(pair):
    subject, candidate = pair.items()

    with pytest.raises(Forbidden):
        services.interest_create(actor=pair.outsider, subject=subject, candidate=candidate)

    assert Interest.objects.count() == 0


def test_not_relevant_on_a_match_is_feedback_for_the_viewers_organisation(pair):
    subject, candidate = pair.city_items()

    services.match_not_relevant(actor=pair.city_member, subject=subject, candidate=candidate)

    feedback = MatchFeedback.objects.get()
    assert (feedback.organisation, feedback.signal) == (pair.city, "not_relevant")
    assert Interest.objects.count() == 0


def test_a_starting_worker_queues_the_expiry(pair):
    due = InterestFactory(
        sender_organisation=pair.company,
        recipient_organisation=pair.city,
        expires_at=timezone.now() - timedelta(minutes=1),
    )

    expiry_queue(WorkerStarted(worker_id="w1"))  # the test settings run tasks at once

    due.refresh_from_db()
    assert due.status == InterestStatus.EXPIRED
