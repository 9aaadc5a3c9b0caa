"""The header's unread count comes from the cache until a notification is made or read."""

import pytest
from django.core.cache import cache

from cityhive.accounts.tests.factories import UserFactory
from cityhive.notifications import services
from cityhive.notifications.selectors import notification_unread_count
from cityhive.notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def test_the_count_is_read_once_then_kept(django_assert_num_queries):
    member = UserFactory()
    NotificationFactory.create_batch(2, recipient=member)

    with django_assert_num_queries(1):
        first = notification_unread_count(actor=member)
    with django_assert_num_queries(0):
        second = notification_unread_count(actor=member)

    assert (first, second) == (2, 2)


def test_a_new_notification_and_reading_one_are_counted_at_once():
    member, other = UserFactory(), UserFactory()
    read = NotificationFactory(recipient=member)
    assert notification_unread_count(actor=member) == 1
    assert notification_unread_count(actor=other) == 0

    services.notification_send(
        kind="new_matches", recipients=[member], title="A", body="", url="/", dedupe_key="k1"
    )
    after_send = notification_unread_count(actor=member)
    services.notification_mark_read(actor=member, notification_id=read.pk)
    after_read = notification_unread_count(actor=member)
    services.notification_mark_all_read(actor=member)
    after_all = notification_unread_count(actor=member)

    assert (after_send, after_read, after_all) == (2, 1, 0)
    assert notification_unread_count(actor=other) == 0


def test_a_visitor_has_no_count(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert notification_unread_count(actor=AnonymousUser()) == 0
