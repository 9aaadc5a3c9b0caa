from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks import default_task_backend

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.core.errors import Forbidden
from cityhive.notifications import emails
from cityhive.notifications.kinds import NotificationKind, register
from cityhive.notifications.models import (
    Channel,
    EmailDelivery,
    EmailStatus,
    NotificationPreference,
)
from cityhive.notifications.services import (
    email_deliveries_retry,
    notification_send,
    preference_set,
)
from cityhive.notifications.tasks import email_delivery_send, emails_due_send

pytestmark = pytest.mark.django_db

register(NotificationKind("test_replies", "Replies", "Someone replied.", Channel.IMMEDIATE))


class DownBackend:
    """An email backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("Connection refused")

    def open(self):
        pass

    def close(self):
        pass


DOWN = "cityhive.notifications.tests.test_emails.DownBackend"


def _send(member, key="reply:1"):
    notification_send(
        kind="test_replies",
        recipients=[member],
        title="Acme replied",
        body="We can start in March.",
        url="/conversations/7/",
        dedupe_key=key,
    )
    return EmailDelivery.objects.get(notification__dedupe_key=key, recipient=member)


def test_the_email_is_sent_after_commit_in_text_and_html_with_an_unsubscribe_link(
    django_capture_on_commit_callbacks, settings
):
    # given
    settings.SITE_URL = "https://cityhive.example"
    member = UserFactory(name="Ana")
    # when the producer's transaction commits
    with django_capture_on_commit_callbacks(execute=True):
        delivery = _send(member)
    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.email]
    assert message.subject == "[CityHive] Acme replied"
    assert "We can start in March." in message.body
    assert "https://cityhive.example/conversations/7/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://cityhive.example/conversations/7/"' in html
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    prefix = "https://cityhive.example/notifications/unsubscribe/"
    assert link.startswith(prefix)
    assert emails.unsubscribe_read(link.removeprefix(prefix).rstrip("/")) == (
        member.pk,
        ["test_replies"],
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (EmailStatus.SENT, 1, "")
    assert delivery.sent_at is not None


def test_a_task_run_twice_sends_one_email():
    delivery = _send(UserFactory())
    assert email_delivery_send.call(delivery.pk) is True
    assert email_delivery_send.call(delivery.pk) is False
    assert len(mail.outbox) == 1


def test_a_leased_delivery_is_not_sent_by_a_second_worker():
    delivery = _send(UserFactory())
    assert emails.delivery_claim(delivery.pk) is not None
    assert emails.delivery_send(delivery.pk) is False
    assert len(mail.outbox) == 0


def test_a_server_that_is_down_delays_the_email_with_backoff_then_marks_it_failed(settings):
    # given a mail server that is down
    delivery = _send(UserFactory())
    settings.EMAIL_BACKEND = DOWN
    start = timezone.now()
    # when the first try fails
    assert emails.delivery_send(delivery.pk, now=start) is False
    delivery.refresh_from_db()
    # then it waits a minute for its next try, and is not tried before then
    assert (delivery.status, delivery.attempts) == (EmailStatus.RETRYING, 1)
    assert delivery.last_error == "ConnectionRefusedError: Connection refused"
    assert delivery.next_attempt_at == start + timedelta(minutes=1)
    assert emails.deliveries_due(now=start + timedelta(seconds=59)) == []
    # when every later try fails too
    moment = start
    for delay in emails.RETRY_DELAYS_MINUTES:
        moment += timedelta(minutes=delay)
        assert emails.deliveries_due(now=moment) == [delivery.pk]
        assert emails.delivery_send(delivery.pk, now=moment) is False
    # then after the last try it is failed and no longer due
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (EmailStatus.FAILED, emails.MAX_ATTEMPTS)
    assert delivery.next_attempt_at is None
    assert emails.deliveries_due(now=moment + timedelta(days=1)) == []
    assert len(mail.outbox) == 0


def test_mail_delayed_while_the_server_was_down_goes_out_when_it_is_back(settings):
    delivery = _send(UserFactory())
    settings.EMAIL_BACKEND = DOWN
    assert emails.delivery_send(delivery.pk) is False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    EmailDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now())
    assert emails_due_send.call() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (EmailStatus.SENT, 2, "")
    assert len(mail.outbox) == 1


def test_a_kind_turned_off_before_sending_cancels_its_queued_email():
    member = UserFactory()
    delivery = _send(member)
    preference_set(actor=member, kind="test_replies", channel=Channel.OFF)
    assert email_delivery_send.call(delivery.pk) is False
    delivery.refresh_from_db()
    assert delivery.status == EmailStatus.CANCELLED
    assert len(mail.outbox) == 0
    assert NotificationPreference.objects.get(user=member).channel == Channel.OFF


def test_a_tampered_unsubscribe_token_is_refused():
    token = emails.unsubscribe_token(user_id=1, kinds=["test_replies"])
    with pytest.raises(emails.signing.BadSignature):
        emails.unsubscribe_read(token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1])
    assert emails.unsubscribe_read(token) == (1, ["test_replies"])


@pytest.mark.parametrize(
    ("backend", "said"),
    [
        (
            "django.core.mail.backends.filebased.EmailBackend",
            "Emails are written as files to /srv/cityhive/mail",
        ),
        (
            "django.core.mail.backends.console.EmailBackend",
            "Emails are printed in this terminal (console email backend)",
        ),
        (
            "django.core.mail.backends.smtp.EmailBackend",
            "Emails are sent through mail.example:2525",
        ),
    ],
)
def test_the_demo_says_where_mail_lands(settings, backend, said):
    settings.EMAIL_BACKEND, settings.EMAIL_FILE_PATH = backend, "/srv/cityhive/mail"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "mail.example", 2525
    assert emails.mail_destination() == said


def test_a_backend_that_can_wait_gets_the_retry_queued_for_its_time(settings):
    # given a task backend that can run a task later, and a mail server that is down
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    delivery = _send(UserFactory())
    settings.EMAIL_BACKEND = DOWN
    # when the send task fails
    assert email_delivery_send.call(delivery.pk) is False
    # then the next try is queued for the time the backoff says
    delivery.refresh_from_db()
    queued = default_task_backend.results
    assert [(result.args, result.task.run_after) for result in queued] == [
        ([delivery.pk], delivery.next_attempt_at)
    ]


def test_a_manager_gives_a_failed_email_a_fresh_set_of_tries_and_a_member_cannot(
    settings, django_capture_on_commit_callbacks
):
    # given an email that failed its last try
    delivery = _send(UserFactory())
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=EmailStatus.FAILED, attempts=emails.MAX_ATTEMPTS, last_error="down"
    )
    # when a member tries, nothing changes
    with pytest.raises(Forbidden):
        email_deliveries_retry(actor=UserFactory(), delivery_ids=[delivery.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (EmailStatus.FAILED, emails.MAX_ATTEMPTS)
    # when a programme manager retries it with the server back
    with django_capture_on_commit_callbacks(execute=True):
        queued = email_deliveries_retry(actor=ProgrammeManagerFactory(), delivery_ids=[delivery.pk])
    # then it is sent
    assert queued == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (EmailStatus.SENT, 1)
    assert len(mail.outbox) == 1


def test_the_email_speaks_the_recipients_preferred_language():
    member = UserFactory(preferred_language="ar")
    delivery = _send(member)
    html, _mimetype = emails.message_build(delivery).alternatives[0]
    assert '<html lang="ar" dir="rtl">' in html
    english = emails.message_build(_send(UserFactory(), key="reply:2")).alternatives[0][0]
    assert '<html lang="en" dir="ltr">' in english


def test_a_title_with_line_breaks_still_makes_a_one_line_subject():
    member = UserFactory()
    notification_send(
        kind="test_replies",
        recipients=[member],
        title="Acme replied:\r\n  see the thread",
        body="",
        url="",
        dedupe_key="reply:lines",
    )
    delivery = EmailDelivery.objects.get(recipient=member)
    assert emails.delivery_send(delivery.pk) is True
    assert mail.outbox[0].subject == "[CityHive] Acme replied: see the thread"
