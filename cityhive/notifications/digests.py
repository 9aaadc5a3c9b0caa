"""Daily and weekly digests: one email per member with their unread, not yet emailed items.

A digest is keyed by its period ("daily:2026-11-30", "weekly:2026-W48"), unique per member, so
running the command or task twice in one period makes one email; items that arrive after a
period's digest wait for the next period's.
"""

from datetime import UTC, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from cityhive.notifications.models import Channel, DigestItem, EmailDelivery, Notification

PERIODS = (Channel.DAILY, Channel.WEEKLY)


def period_key(period: str, when: datetime) -> str:
    """The key of the period `when` falls in (UTC dates; ISO weeks)."""
    day = when.astimezone(UTC).date() if timezone.is_aware(when) else when.date()
    if period == Channel.DAILY:
        return f"daily:{day.isoformat()}"
    if period == Channel.WEEKLY:
        year, week, _ = day.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    raise ValueError(f"Unknown digest period {period!r}: use daily or weekly.")


def _waiting(period: str):
    return Notification.objects.filter(
        channel=period, read_at__isnull=True, digest_item__isnull=True
    )


def _digest_make(user_id: int, key: str, period: str) -> EmailDelivery | None:
    with transaction.atomic():
        if EmailDelivery.objects.filter(recipient_id=user_id, digest_key=key).exists():
            return None
        items = list(_waiting(period).filter(recipient_id=user_id).order_by("created_at", "pk"))
        if not items:
            return None
        try:
            with transaction.atomic():
                delivery = EmailDelivery.objects.create(recipient_id=user_id, digest_key=key)
        except IntegrityError:  # a concurrent run made this period's digest
            return None
        DigestItem.objects.bulk_create(
            DigestItem(delivery=delivery, notification=item) for item in items
        )
    return delivery


def digests_make(*, period: str, now: datetime | None = None) -> list[int]:
    """Make this period's digest for every member with waiting items; the new deliveries' ids."""
    key = period_key(period, now or timezone.now())
    user_ids = _waiting(period).values_list("recipient_id", flat=True).distinct()
    made = [_digest_make(user_id, key, period) for user_id in sorted(set(user_ids))]
    return [delivery.pk for delivery in made if delivery is not None]
