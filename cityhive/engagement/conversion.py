"""How matches turn into requests, acceptances and introductions: an organisation's own funnel
(its dashboard) and the programme's months (the programme managers' dashboard)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.engagement.models import Interest, InterestStatus, Introduction

MONTHS = 12


@dataclass(frozen=True)
class Conversion:
    """One organisation's requests sent, how many of them were accepted, and its introductions."""

    sent: int
    accepted: int
    introductions: int

    @property
    def accepted_percent(self) -> int | None:
        """Accepted requests as a whole percentage of those sent (None before the first)."""
        return round(100 * self.accepted / self.sent) if self.sent else None


def conversion_of(*, actor, organisation: Organisation) -> Conversion:
    """The organisation's conversion, for its members and programme managers."""
    require(actor, "engagement.view_conversion", organisation)
    sent = Interest.objects.filter(sender_organisation=organisation).aggregate(
        sent=Count("pk"), accepted=Count("pk", filter=Q(status=InterestStatus.ACCEPTED))
    )
    introductions = Introduction.objects.filter(
        Q(first_organisation=organisation) | Q(second_organisation=organisation)
    ).count()
    return Conversion(sent["sent"], sent["accepted"], introductions)


@dataclass(frozen=True)
class Month:
    """One calendar month of the programme: requests sent, accepted and introductions made."""

    start: date
    sent: int
    accepted: int
    introductions: int


def months_back(today: date, count: int = MONTHS) -> list[date]:
    """The first days of the `count` calendar months ending with today's, oldest first."""
    firsts = []
    year, month = today.year, today.month
    for _ in range(count):
        firsts.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return firsts[::-1]


def _per_month(queryset, field: str, since: datetime) -> dict[date, int]:
    """How many rows of `queryset` fall in each month by `field` (in the current time zone)."""
    rows = (
        queryset.filter(**{f"{field}__gte": since})
        .annotate(month=TruncMonth(field))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    counts: dict[date, int] = {}
    for month, n in rows:
        key = month.date() if isinstance(month, datetime) else month
        counts[key] = counts.get(key, 0) + n
    return counts


def programme_months(*, actor, count: int = MONTHS) -> list[Month]:
    """The last `count` months (this one included) of requests sent, requests accepted (by the
    month of the answer) and introductions made, across the programme (programme managers)."""
    require(actor, "engagement.view_programme_figures")
    firsts = months_back(timezone.localdate(), count)
    since = timezone.make_aware(datetime.combine(firsts[0], datetime.min.time()))
    sent = _per_month(Interest.objects.all(), "created_at", since)
    accepted = _per_month(
        Interest.objects.filter(status=InterestStatus.ACCEPTED), "answered_at", since
    )
    introduced = _per_month(Introduction.objects.all(), "created_at", since)
    return [
        Month(first, sent.get(first, 0), accepted.get(first, 0), introduced.get(first, 0))
        for first in firsts
    ]
