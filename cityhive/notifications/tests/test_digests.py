from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.management import call_command

from cityhive.accounts.tests.factories import UserFactory
from cityhive.notifications.digests import digests_make, period_key
from cityhive.notifications.models import Channel, DigestItem, EmailDelivery, EmailStatus
from cityhive.notifications.tasks import digests_send
from cityhive.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_period_keys_are_the_utc_day_and_the_iso_week():
    moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)
    assert period_key(Channel.DAILY, moment) == "daily:2026-11-30"
    assert period_key(Channel.WEEKLY, moment) == "weekly:2026-W49"
    with pytest.raises(ValueError):
        period_key("hourly", moment)


def test_a_daily_digest_carries_each_members_unread_daily_items_once():
    # given two members with daily items, one read item and one weekly item
    ana, ben = UserFactory(), UserFactory()
    first = NotificationFactory(recipient=ana, channel=Channel.DAILY, title="First news")
    second = NotificationFactory(recipient=ana, channel=Channel.DAILY, title="Second news")
    NotificationFactory(recipient=ana, channel=Channel.DAILY, read_at=datetime.now(UTC))
    NotificationFactory(recipient=ana, channel=Channel.WEEKLY)
    NotificationFactory(recipient=ben, channel=Channel.DAILY, title="Ben's news")
    # when the daily digest is sent twice in one day
    assert digests_send.call(Channel.DAILY) == 2
    assert digests_send.call(Channel.DAILY) == 0
    # then each member got one email with their items
    assert sorted(message.to[0] for message in mail.outbox) == sorted([ana.email, ben.email])
    to_ana = next(message for message in mail.outbox if message.to == [ana.email])
    assert to_ana.subject == "[CityHive] Your daily CityHive digest (2)"
    assert "First news" in to_ana.body and "Second news" in to_ana.body
    assert set(
        DigestItem.objects.filter(delivery__recipient=ana).values_list("notification", flat=True)
    ) == {
        first.pk,
        second.pk,
    }
    assert EmailDelivery.objects.filter(status=EmailStatus.SENT).count() == 2


def test_items_after_the_periods_digest_wait_for_the_next_period():
    member = UserFactory()
    NotificationFactory(recipient=member, channel=Channel.WEEKLY)
    monday = datetime(2026, 11, 30, 8, tzinfo=UTC)
    assert len(digests_make(period=Channel.WEEKLY, now=monday)) == 1
    late = NotificationFactory(recipient=member, channel=Channel.WEEKLY)
    assert digests_make(period=Channel.WEEKLY, now=monday) == []
    next_week = digests_make(period=Channel.WEEKLY, now=datetime(2026, 12, 7, 8, tzinfo=UTC))
    assert list(
        DigestItem.objects.filter(delivery_id__in=next_week).values_list("notification", flat=True)
    ) == [late.pk]


def test_the_command_sends_the_digest_and_says_how_many(capsys):
    NotificationFactory(channel=Channel.DAILY)
    call_command("notifications", "digest", "--period", "daily")
    assert "1 daily digest email(s) sent." in capsys.readouterr().out
    assert len(mail.outbox) == 1
