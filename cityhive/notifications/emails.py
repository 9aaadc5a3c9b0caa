"""Sending one email (a notification or a digest) at most once, retrying when the server is down.

A delivery is claimed in a short transaction (attempts + 1, a lease until the next try) and sent
outside it, so no lock is held while the mail server answers; a second run of the same task finds
the lease or `sent_at` and sends nothing. A failed try sets the time of the next one (backoff);
after the last try the delivery is marked failed and shows so on the member's page and in the admin.
"""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityhive.core.links import site_url_of
from cityhive.notifications.kinds import kind_get
from cityhive.notifications.models import Channel, EmailDelivery, EmailStatus, Notification
from cityhive.notifications.selectors import channels_for

# Minutes to wait after the 1st, 2nd, ... failed try; the try after the last delay is the last.
RETRY_DELAYS_MINUTES = (1, 5, 30, 120)
MAX_ATTEMPTS = len(RETRY_DELAYS_MINUTES) + 1
# How long a claimed delivery is left to the worker that claimed it.
LEASE = timedelta(minutes=10)
UNSUBSCRIBE_SALT = "cityhive.notifications.unsubscribe"


def unsubscribe_token(*, user_id: int, kinds: list[str]) -> str:
    """A signed token that turns these kinds off for this member, usable without signing in."""
    return signing.dumps({"u": user_id, "k": sorted(set(kinds))}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_read(token: str) -> tuple[int, list[str]]:
    """The member and kinds of a token; raises signing.BadSignature for a tampered one."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("Malformed unsubscribe token.")
    kinds = data.get("k")
    if not isinstance(kinds, list) or not all(isinstance(kind, str) for kind in kinds):
        raise signing.BadSignature("Malformed unsubscribe token.")
    return data["u"], kinds


def _absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else f"{site_url_of()}{url}"


def _items(delivery: EmailDelivery) -> list[Notification]:
    if delivery.notification_id:
        return [delivery.notification]
    return [item.notification for item in delivery.items.select_related("notification")]


def _subject(delivery: EmailDelivery, items: list[Notification]) -> str:
    prefix = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
    if delivery.notification_id:
        # A subject is one header line: a title's line breaks would make every try fail.
        return prefix + " ".join(items[0].title.split())
    if delivery.digest_key.startswith(Channel.DAILY):
        return prefix + _("Your daily CityHive digest (%(count)d)") % {"count": len(items)}
    return prefix + _("Your weekly CityHive digest (%(count)d)") % {"count": len(items)}


def message_build(delivery: EmailDelivery) -> EmailMultiAlternatives:
    """The email of a delivery, in text and HTML, with a one-click unsubscribe link, in the
    recipient's preferred language (the site's default when they chose none)."""
    language = getattr(delivery.recipient, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        return _message(delivery, language)


def _message(delivery: EmailDelivery, language: str) -> EmailMultiAlternatives:
    items = _items(delivery)
    kinds = sorted({item.kind for item in items})
    token = unsubscribe_token(user_id=delivery.recipient_id, kinds=kinds)
    unsubscribe_url = _absolute(reverse("notification_unsubscribe", args=[token]))
    context = {
        "recipient": delivery.recipient,
        "items": [(item, _absolute(item.url) if item.url else "") for item in items],
        "kind_labels": [str(kind_get(code).label) for code in kinds if kind_get(code)],
        "is_digest": not delivery.notification_id,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": _absolute(reverse("notification_preferences")),
        "language": language,
        "bidi": translation.get_language_bidi(),
    }
    message = EmailMultiAlternatives(
        subject=_subject(delivery, items),
        body=render_to_string("notifications/email/notification.txt", context),
        to=[delivery.recipient.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("notifications/email/notification.html", context), "text/html"
    )
    return message


def _still_wanted(delivery: EmailDelivery) -> bool:
    """A single email whose kind the member turned off since it was queued is not sent."""
    if not delivery.notification_id:
        return True
    kind = kind_get(delivery.notification.kind)
    if kind is None:
        return False
    channel = channels_for(user_ids=[delivery.recipient_id], kind=kind)[delivery.recipient_id]
    return channel == Channel.IMMEDIATE


def delivery_claim(delivery_id: int, *, now=None) -> EmailDelivery | None:
    """Take a due delivery for one try (None when it is sent, failed, leased or not yet due)."""
    now = now or timezone.now()
    with transaction.atomic():
        delivery = (
            EmailDelivery.objects.select_for_update(of=("self",))
            .select_related("recipient", "notification")
            .filter(pk=delivery_id, status__in=[EmailStatus.PENDING, EmailStatus.RETRYING])
            .first()
        )
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > now):
            return None
        if not delivery.recipient.is_active or not _still_wanted(delivery):
            delivery.status = EmailStatus.CANCELLED
            delivery.save(update_fields=["status"])
            return None
        delivery.attempts += 1
        delivery.next_attempt_at = now + LEASE
        delivery.save(update_fields=["attempts", "next_attempt_at"])
    return delivery


def _failed(delivery: EmailDelivery, error: Exception, now) -> None:
    delivery.last_error = f"{type(error).__name__}: {error}"[:500]
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = EmailStatus.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = EmailStatus.RETRYING
        delay = RETRY_DELAYS_MINUTES[delivery.attempts - 1]
        delivery.next_attempt_at = now + timedelta(minutes=delay)
    delivery.save(update_fields=["status", "last_error", "next_attempt_at"])


def delivery_send(delivery_id: int, *, now=None) -> bool:
    """Try to send one delivery; True when this call sent it.

    On failure the delivery waits for its next try (see RETRY_DELAYS_MINUTES), which the
    caller schedules from `next_attempt_at`; after the last try it is failed.
    """
    now = now or timezone.now()
    delivery = delivery_claim(delivery_id, now=now)
    if delivery is None:
        return False
    try:
        message_build(delivery).send()
    except Exception as error:  # any transport failure: the server is down, refused, timed out
        _failed(delivery, error, now)
        return False
    delivery.status = EmailStatus.SENT
    delivery.sent_at = timezone.now()
    delivery.next_attempt_at = None
    delivery.last_error = ""
    delivery.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error"])
    return True


def deliveries_due(*, now=None) -> list[int]:
    """Ids of deliveries whose time has come (new ones, retries, and leases that ran out)."""
    now = now or timezone.now()
    return list(
        EmailDelivery.objects.filter(status__in=[EmailStatus.PENDING, EmailStatus.RETRYING])
        .exclude(next_attempt_at__gt=now)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def mail_destination() -> str:
    """Where this instance's emails go, in words (the demo prints it)."""
    backend = settings.EMAIL_BACKEND
    if backend.endswith("filebased.EmailBackend"):
        return f"Emails are written as files to {settings.EMAIL_FILE_PATH}"
    if backend.endswith("console.EmailBackend"):
        return "Emails are printed in this terminal (console email backend)"
    if backend.endswith("smtp.EmailBackend"):
        return f"Emails are sent through {settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    return f"Emails go to {backend}"
