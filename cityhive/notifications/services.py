"""Writes for notifications: sending (in-app rows and queued emails), reading, preferences."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhive.core.errors import DomainError, ValidationFailed
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.notifications.emails import unsubscribe_read
from cityhive.notifications.errors import NotificationErrorCode
from cityhive.notifications.kinds import NEW_MATCHES, kind_get
from cityhive.notifications.models import (
    Channel,
    EmailDelivery,
    EmailStatus,
    MatchThreshold,
    Notification,
    NotificationPreference,
)
from cityhive.notifications.selectors import (
    channels_for,
    match_threshold_of,
    notification_get_of,
    unread_count_forget,
)
from cityhive.notifications.tasks import email_delivery_send
from cityhive.notifications.texts import Text, in_language, language_of

TITLE_MAX = 200
BODY_MAX = 4000


def _text(value, limit: int) -> str:
    return str(value or "").replace("\x00", "")[:limit]


def _kind_require(code: str):
    kind = kind_get(code)
    if kind is None:
        raise DomainError(
            f"Unknown notification kind: {code!r}.", code=NotificationErrorCode.UNKNOWN_KIND
        )
    return kind


def _active_users(recipients) -> dict[int, object]:
    return {
        user.pk: user
        for user in recipients
        if user is not None and user.pk is not None and user.is_active
    }


def _email_queue(delivery_ids: list[int]) -> None:
    """Queue one send task per email once the transaction commits."""
    if not delivery_ids:
        return

    def enqueue() -> None:
        for delivery_id in delivery_ids:
            email_delivery_send.enqueue(delivery_id)

    transaction.on_commit(enqueue)


def _rows_create(rows: list[Notification]) -> list[Notification]:
    """Insert the rows; when a concurrent send won a race for some, insert the others one by one."""
    try:
        with transaction.atomic():
            return Notification.objects.bulk_create(rows)
    except IntegrityError:
        created = []
        for row in rows:
            try:
                with transaction.atomic():
                    row.save(force_insert=True)
                created.append(row)
            except IntegrityError:
                continue
        return created


def _worded(users: dict[int, object], title, body) -> dict[int, tuple[str, str]]:
    """(title, body) per recipient id, in each recipient's language (rendered once a language)."""
    by_language: dict[str, tuple[str, str]] = {}
    worded = {}
    for pk, user in users.items():
        language = language_of(user)
        if language not in by_language:
            by_language[language] = (
                _text(in_language(language, title), TITLE_MAX),
                _text(in_language(language, body), BODY_MAX),
            )
        worded[pk] = by_language[language]
    return worded


def notification_send(
    *, kind: str, recipients: Iterable, title, body, url: str, dedupe_key: str
) -> int:
    """Notify each active recipient once per dedupe key; queue their emails after commit.

    `title` and `body` are plain strings or `notifications.texts.Text`s, which each recipient
    reads in their preferred language. Returns how many new notifications were made (a retried
    call makes none).
    """
    known = _kind_require(kind)
    users = _active_users(recipients)
    key = _text(dedupe_key, 200)
    with transaction.atomic():
        done = set(
            Notification.objects.filter(recipient_id__in=users, dedupe_key=key).values_list(
                "recipient_id", flat=True
            )
        )
        fresh = [pk for pk in users if pk not in done]
        channels = channels_for(user_ids=fresh, kind=known)
        worded = _worded({pk: users[pk] for pk in fresh}, title, body)
        rows = [
            Notification(
                recipient_id=pk,
                kind=kind,
                title=worded[pk][0],
                body=worded[pk][1],
                url=_text(url, 500),
                dedupe_key=key,
                channel=channels[pk],
            )
            for pk in fresh
        ]
        created = _rows_create(rows)
        unread_count_forget([users[row.recipient_id] for row in created])
        immediate = [row for row in created if row.channel == Channel.IMMEDIATE]
        deliveries = EmailDelivery.objects.bulk_create(
            EmailDelivery(recipient_id=row.recipient_id, notification=row) for row in immediate
        )
        _email_queue([delivery.pk for delivery in deliveries])
    return len(created)


def _ids_of(exclude) -> set[int]:
    if exclude is None:
        return set()
    items = exclude if isinstance(exclude, Iterable) else [exclude]
    return {getattr(item, "pk", item) for item in items}


def notification_send_to_organisation(
    *,
    kind: str,
    organisation: Organisation,
    title,
    body,
    url: str,
    dedupe_key: str,
    exclude=None,
) -> int:
    """Notify every active member of the organisation (but `exclude`: a user, users or ids)."""
    members = (
        get_user_model()
        .objects.filter(memberships__organisation=organisation, is_active=True)
        .exclude(pk__in=_ids_of(exclude))
        .distinct()
    )
    return notification_send(
        kind=kind, recipients=members, title=title, body=body, url=url, dedupe_key=dedupe_key
    )


def notification_mark_read(*, actor, notification_id: int) -> Notification:
    """Mark one of the actor's notifications read (reading it twice keeps the first time)."""
    with transaction.atomic():
        notification = notification_get_of(actor=actor, notification_id=notification_id)
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
            unread_count_forget([actor])
    return notification


def notification_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; returns how many were unread."""
    if not actor.is_authenticated:
        return 0
    with transaction.atomic():
        marked = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        unread_count_forget([actor])
    return marked


def _channel_require(channel: str) -> None:
    if channel not in Channel.values:
        raise ValidationFailed({"channel": [f"Choose one of: {', '.join(Channel.values)}."]})


def preference_set(*, actor, kind: str, channel: str) -> NotificationPreference:
    """Choose how the actor hears of one kind; pending single emails of a turned-off kind stop."""
    _kind_require(kind)
    _channel_require(channel)
    with transaction.atomic():
        preference, _ = NotificationPreference.objects.update_or_create(
            user=actor, kind=kind, defaults={"channel": channel}
        )
        if channel != Channel.IMMEDIATE:
            _pending_cancel(user_id=actor.pk, kinds=[kind])
    return preference


def preferences_set(*, actor, channels: dict[str, str]) -> None:
    """Set several kinds' channels at once (the preferences form)."""
    with transaction.atomic():
        for kind, channel in channels.items():
            preference_set(actor=actor, kind=kind, channel=channel)


def _pending_cancel(*, user_id: int, kinds: list[str]) -> None:
    EmailDelivery.objects.filter(
        recipient_id=user_id,
        notification__kind__in=kinds,
        status__in=[EmailStatus.PENDING, EmailStatus.RETRYING],
        attempts=0,
    ).update(status=EmailStatus.CANCELLED)


def match_threshold_set(*, actor, organisation: Organisation, threshold: int) -> MatchThreshold:
    """Set the score (0-100) an organisation's new matches must reach to be notified."""
    require(actor, "directory.change_organisation", organisation)
    if not isinstance(threshold, int) or not 0 <= threshold <= 100:
        raise ValidationFailed({"threshold": ["Give a whole number from 0 to 100."]})
    with transaction.atomic():
        row, _ = MatchThreshold.objects.update_or_create(
            organisation=organisation, defaults={"threshold": threshold}
        )
    return row


def unsubscribe_apply(*, token: str) -> tuple[object, list[str]]:
    """Turn off the email of the kinds a signed unsubscribe link names (no sign-in needed).

    Returns the member and the kinds; a tampered or malformed token changes nothing.
    """
    user_id, kinds = unsubscribe_check(token=token)
    user = get_user_model().objects.get(pk=user_id)
    with transaction.atomic():
        for kind in kinds:
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"channel": Channel.OFF}
            )
        _pending_cancel(user_id=user.pk, kinds=kinds)
    return user, kinds


def unsubscribe_check(*, token: str) -> tuple[int, list[str]]:
    """The member id and known kinds of an unsubscribe token; DomainError for a bad one."""
    try:
        user_id, kinds = unsubscribe_read(token)
    except signing.BadSignature:
        raise _bad_link() from None
    known = [kind for kind in kinds if kind_get(kind) is not None]
    if not known or not get_user_model().objects.filter(pk=user_id).exists():
        raise _bad_link()
    return user_id, known


def _bad_link() -> DomainError:
    return DomainError(
        gettext("This unsubscribe link is not valid."),
        code=NotificationErrorCode.BAD_UNSUBSCRIBE_LINK,
    )


@dataclass(frozen=True)
class NewMatch:
    """A match to announce: what was matched, its engine score (0-1), its page and a stable key."""

    label: str
    score: float
    url: str
    key: str  # the same match always has the same key (e.g. "challenge:7:solution:12")


def new_matches_notify(*, organisation: Organisation, matches: Iterable[NewMatch]) -> int:
    """Tell the organisation's members of each match scoring at least its threshold, once per
    match (the kind's default channel is the weekly digest); how many notifications were made."""
    threshold = match_threshold_of(organisation)
    made = 0
    for match in matches:
        if round(match.score * 100, 6) < threshold:
            continue
        made += notification_send_to_organisation(
            kind=NEW_MATCHES.code,
            organisation=organisation,
            title=Text(
                _("New match for %(organisation)s: %(match)s"),
                organisation=organisation.name,
                match=match.label,
            ),
            body=Text(
                _("Score %(score)s (your threshold is %(threshold)s)."),
                score=f"{match.score:.2f}",
                threshold=threshold,
            ),
            url=match.url,
            dedupe_key=f"new_matches:{organisation.pk}:{match.key}",
        )
    return made


def email_deliveries_retry(*, actor, delivery_ids: Iterable[int]) -> int:
    """Give failed emails a fresh set of tries (a programme manager, once the server is back);
    how many were queued again."""
    require(actor, "notifications.retry_emaildelivery")
    with transaction.atomic():
        failed = EmailDelivery.objects.select_for_update().filter(
            pk__in=list(delivery_ids), status=EmailStatus.FAILED
        )
        ids = list(failed.values_list("pk", flat=True))
        EmailDelivery.objects.filter(pk__in=ids).update(
            status=EmailStatus.PENDING, attempts=0, next_attempt_at=None
        )
        _email_queue(ids)
    return len(ids)
