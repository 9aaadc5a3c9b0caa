"""The life of one email as a state machine: whatever the order of tries, server outages and
passing time, it is sent at most once, never tried early, and failed only after the last try."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from cityhive.accounts.tests.factories import UserFactory
from cityhive.notifications import emails
from cityhive.notifications.kinds import NotificationKind, register
from cityhive.notifications.models import EmailDelivery, EmailStatus
from cityhive.notifications.tests.factories import NotificationFactory
from cityhive.notifications.tests.test_emails import DOWN

pytestmark = pytest.mark.django_db
REPLIES = register(NotificationKind("lifecycle_replies", "Replies", "Someone replied."))
UP = "django.core.mail.backends.locmem.EmailBackend"


class DeliveryLifecycle(RuleBasedStateMachine):
    @initialize()
    def an_email_is_queued(self):
        mail.outbox = []
        self.now = timezone.now()
        notification = NotificationFactory(recipient=UserFactory(), kind=REPLIES.code)
        self.delivery = EmailDelivery.objects.create(
            recipient=notification.recipient, notification=notification
        )
        self.sent_calls = 0
        self.failed_tries = 0

    def _row(self) -> EmailDelivery:
        return EmailDelivery.objects.get(pk=self.delivery.pk)

    @rule(server_up=st.booleans())
    def a_worker_tries(self, server_up):
        before = self._row()
        due = before.status in (EmailStatus.PENDING, EmailStatus.RETRYING) and not (
            before.next_attempt_at and before.next_attempt_at > self.now
        )
        with override_settings(EMAIL_BACKEND=UP if server_up else DOWN):
            sent = emails.delivery_send(self.delivery.pk, now=self.now)
        after = self._row()
        assert sent == (due and server_up)
        assert after.attempts == before.attempts + (1 if due else 0)
        self.sent_calls += sent
        self.failed_tries += due and not server_up

    @rule(minutes=st.integers(min_value=0, max_value=200))
    def time_passes(self, minutes):
        self.now += timedelta(minutes=minutes)

    @invariant()
    def sent_at_most_once_and_failed_only_after_the_last_try(self):
        if not hasattr(self, "delivery"):
            return
        row = self._row()
        assert len(mail.outbox) == self.sent_calls <= 1
        assert row.attempts <= emails.MAX_ATTEMPTS
        assert (row.status == EmailStatus.SENT) == (self.sent_calls == 1)
        assert (row.status == EmailStatus.FAILED) == (self.failed_tries == emails.MAX_ATTEMPTS)
        if row.status == EmailStatus.RETRYING:
            assert row.last_error == "ConnectionRefusedError: Connection refused"


DeliveryLifecycle.TestCase.settings = settings(
    max_examples=20,
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.usefixtures("db")
def test_delivery_lifecycle():
    DeliveryLifecycle.TestCase("runTest").runTest()
