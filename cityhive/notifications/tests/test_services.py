import pytest
from django.core import mail
from django.db import transaction

from cityhive.accounts.tests.factories import UserFactory
from cityhive.core.errors import DomainError, Forbidden, NotFound, ValidationFailed
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.notifications.kinds import NotificationKind, register
from cityhive.notifications.models import Channel, EmailDelivery, MatchThreshold, Notification
from cityhive.notifications.services import (
    NewMatch,
    _rows_create,
    match_threshold_set,
    new_matches_notify,
    notification_mark_all_read,
    notification_mark_read,
    notification_send,
    notification_send_to_organisation,
    preference_set,
)
from cityhive.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

register(NotificationKind("test_replies", "Replies", "Someone replied.", Channel.IMMEDIATE))
register(NotificationKind("test_digest", "Digest things", "Daily things.", Channel.DAILY))


def _send(recipients, key="reply:1", kind="test_replies"):
    return notification_send(
        kind=kind,
        recipients=recipients,
        title="A reply",
        body="Acme replied to you.",
        url="/inbox/1/",
        dedupe_key=key,
    )


def test_send_makes_one_row_per_recipient_with_its_channel_and_an_email_for_immediate_ones():
    # given one member with the default (immediate) and one who chose weekly digests
    default, weekly = UserFactory(), UserFactory()
    preference_set(actor=weekly, kind="test_replies", channel=Channel.WEEKLY)
    # when
    made = _send([default, weekly])
    # then
    assert made == 2
    rows = {n.recipient: n for n in Notification.objects.all()}
    assert (rows[default].channel, rows[weekly].channel) == (Channel.IMMEDIATE, Channel.WEEKLY)
    assert (rows[default].title, rows[default].body, rows[default].url) == (
        "A reply",
        "Acme replied to you.",
        "/inbox/1/",
    )
    assert list(EmailDelivery.objects.values_list("notification__recipient", flat=True)) == [
        default.pk
    ]


def test_a_retried_send_sends_nothing_twice():
    member = UserFactory()
    assert _send([member, member]) == 1
    assert _send([member]) == 0
    assert (Notification.objects.count(), EmailDelivery.objects.count()) == (1, 1)


def test_inactive_members_get_nothing_and_an_unknown_kind_is_refused():
    inactive = UserFactory(is_active=False)
    assert _send([inactive]) == 0
    with pytest.raises(DomainError) as refused:
        _send([UserFactory()], kind="no_such_kind")
    assert refused.value.code == "notification_unknown_kind"
    assert Notification.objects.count() == 0


def test_send_to_organisation_reaches_every_active_member_but_the_excluded():
    organisation = OrganisationFactory()
    sender, colleague = (MembershipFactory(organisation=organisation).user for _ in range(2))
    MembershipFactory(organisation=organisation, user=UserFactory(is_active=False))
    MembershipFactory()  # another organisation's member
    made = notification_send_to_organisation(
        kind="test_digest",
        organisation=organisation,
        title="New interest",
        body="",
        url="/inbox/",
        dedupe_key="interest:9",
        exclude=sender,
    )
    assert made == 1
    assert list(Notification.objects.values_list("recipient", "channel")) == [
        (colleague.pk, Channel.DAILY)
    ]
    assert EmailDelivery.objects.count() == 0


def test_mark_read_keeps_the_first_time_and_another_members_notification_is_not_found():
    notification = NotificationFactory()
    first = notification_mark_read(actor=notification.recipient, notification_id=notification.pk)
    again = notification_mark_read(actor=notification.recipient, notification_id=notification.pk)
    assert first.read_at is not None and again.read_at == first.read_at
    other = NotificationFactory()
    with pytest.raises(NotFound):
        notification_mark_read(actor=notification.recipient, notification_id=other.pk)
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_mark_all_read_touches_only_the_actors_unread_ones():
    member = UserFactory()
    NotificationFactory.create_batch(2, recipient=member)
    someone_else = NotificationFactory()
    assert notification_mark_all_read(actor=member) == 2
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 0
    assert Notification.objects.get(pk=someone_else.pk).read_at is None


def test_an_unknown_channel_is_refused_and_nothing_is_stored():
    member = UserFactory()
    with pytest.raises(DomainError):
        preference_set(actor=member, kind="test_replies", channel="pigeon")
    assert member.notification_preferences.count() == 0


def test_new_matches_reach_members_only_from_the_threshold_and_once_per_match():
    # given an organisation whose threshold is 70 and a member on the default weekly channel
    organisation = OrganisationFactory(name="AquaSense")
    admin = MembershipFactory(organisation=organisation, role="admin").user
    match_threshold_set(actor=admin, organisation=organisation, threshold=70)
    matches = [
        NewMatch(label="Cooler streets", score=0.7, url="/challenges/3/", key="challenge:3"),
        NewMatch(label="Flood sensors", score=0.69, url="/challenges/4/", key="challenge:4"),
    ]
    # when the same matches are announced twice
    assert new_matches_notify(organisation=organisation, matches=matches) == 1
    assert new_matches_notify(organisation=organisation, matches=matches) == 0
    # then only the match at the threshold was announced, in the weekly digest
    notification = Notification.objects.get()
    assert (notification.recipient, notification.kind, notification.channel) == (
        admin,
        "new_matches",
        Channel.WEEKLY,
    )
    assert notification.title == "New match for AquaSense: Cooler streets"
    assert notification.body == "Score 0.70 (your threshold is 70)."
    assert EmailDelivery.objects.count() == 0


def test_only_an_admin_sets_the_threshold_and_it_stays_within_0_to_100():
    organisation = OrganisationFactory()
    member = MembershipFactory(organisation=organisation).user
    admin = MembershipFactory(organisation=organisation, role="admin").user
    with pytest.raises(Forbidden):
        match_threshold_set(actor=member, organisation=organisation, threshold=50)
    with pytest.raises(ValidationFailed):
        match_threshold_set(actor=admin, organisation=organisation, threshold=101)
    assert not MatchThreshold.objects.exists()
    assert match_threshold_set(actor=admin, organisation=organisation, threshold=0).threshold == 0


def test_a_row_a_concurrent_send_already_made_is_skipped_and_the_others_are_made():
    # given a notification another worker stored between our check and our insert
    taken = NotificationFactory(dedupe_key="race:1")
    other = UserFactory()
    rows = [
        Notification(
            recipient=taken.recipient, kind="test_replies", title="t", dedupe_key="race:1"
        ),
        Notification(recipient=other, kind="test_replies", title="t", dedupe_key="race:1"),
    ]
    # when
    created = _rows_create(rows)
    # then
    assert [row.recipient for row in created] == [other]
    assert Notification.objects.filter(dedupe_key="race:1").count() == 2


def test_nothing_is_emailed_when_the_producers_transaction_rolls_back(
    django_capture_on_commit_callbacks,
):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True) as queued:
        try:
            with transaction.atomic():
                _send([member])
                raise RuntimeError("the producer failed after notifying")
        except RuntimeError:
            pass
    assert queued == []
    assert Notification.objects.count() == 0
    assert len(mail.outbox) == 0
