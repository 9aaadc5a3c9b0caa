"""Reads for notifications, always the actor's own."""

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from cityhive.core.errors import NotFound
from cityhive.notifications.errors import NotificationErrorCode
from cityhive.notifications.kinds import NotificationKind, kinds_all
from cityhive.notifications.models import MatchThreshold, Notification, NotificationPreference


def notification_list_of(*, actor) -> QuerySet[Notification]:
    """The actor's notifications, newest first (none for an anonymous visitor)."""
    if not actor.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient=actor).select_related("email")


# Every page's header shows the unread count: it is kept in the cache, so a page costs no query
# for it until a notification is made or read (the services forget it then).
UNREAD_SECONDS = 300


def _unread_key(user) -> str:
    # With the account's creation time: a restored database or a rolled-back test reuses ids.
    joined = getattr(user, "date_joined", None)
    stamp = int(joined.timestamp() * 1_000_000) if joined else 0
    return f"notifications:unread:{user.pk}:{stamp}"


def notification_unread_count(*, actor) -> int:
    """How many of the actor's notifications are unread (from the cache when it knows)."""
    if not actor.is_authenticated:
        return 0
    key = _unread_key(actor)
    count = cache.get(key)
    if count is None:
        count = notification_list_of(actor=actor).filter(read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def unread_count_forget(users) -> None:
    """Forget the cached unread counts of these members, now and once the transaction commits
    (a page read between the two would otherwise keep the count from before it)."""
    keys = [_unread_key(user) for user in users]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def notification_get_of(*, actor, notification_id: int) -> Notification:
    """One of the actor's notifications; another member's answers as a missing one does."""
    found = notification_list_of(actor=actor).filter(pk=notification_id).first()
    if found is None:
        raise NotFound(code=NotificationErrorCode.NOT_FOUND)
    return found


def channels_for(*, user_ids, kind: NotificationKind) -> dict[int, str]:
    """Each user's channel for the kind: their choice, else the kind's default."""
    chosen = dict(
        NotificationPreference.objects.filter(
            user_id__in=list(user_ids), kind=kind.code
        ).values_list("user_id", "channel")
    )
    return {pk: chosen.get(pk, kind.default_channel) for pk in user_ids}


def preference_rows_of(*, actor) -> list[tuple[NotificationKind, str]]:
    """Every kind with the actor's channel for it, in label order."""
    chosen = dict(NotificationPreference.objects.filter(user=actor).values_list("kind", "channel"))
    return [(kind, chosen.get(kind.code, kind.default_channel)) for kind in kinds_all()]


def match_threshold_of(organisation) -> int:
    """The organisation's new-match threshold (the default until an admin sets one)."""
    row = MatchThreshold.objects.filter(organisation=organisation).first()
    return row.threshold if row else MatchThreshold._meta.get_field("threshold").default
