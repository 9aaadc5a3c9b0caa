"""Reads of the contact and security logs, filtered to what the actor may see."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from cityhive.audit.models import ContactLogEntry, SecurityEvent
from cityhive.audit.permissions import CONTACT_VISIBLE
from cityhive.core.permissions import require


@dataclass(frozen=True)
class LogFilters:
    """What a log page or the API narrows the log to (empty: no narrowing)."""

    organisation: str = ""  # an organisation's slug (either side) or, for security, an email
    action: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _dated(queryset: QuerySet, filters: LogFilters) -> QuerySet:
    if filters.date_from:
        queryset = queryset.filter(created_at__date__gte=filters.date_from)
    if filters.date_to:
        queryset = queryset.filter(created_at__date__lte=filters.date_to)
    return queryset


def contact_log_visible_to(*, actor, filters: LogFilters) -> QuerySet[ContactLogEntry]:
    """The contact-log entries the actor may read, newest first, narrowed by the filters."""
    require(actor, "audit.view_contact_log")
    entries = ContactLogEntry.objects.filter(CONTACT_VISIBLE.q(actor)).select_related(
        "actor", "actor_organisation", "city", "company"
    )
    if filters.organisation:
        entries = entries.filter(
            Q(city__slug=filters.organisation) | Q(company__slug=filters.organisation)
        )
    if filters.action:
        entries = entries.filter(action=filters.action)
    return _dated(entries, filters)


def security_events_visible_to(*, actor, filters: LogFilters) -> QuerySet[SecurityEvent]:
    """The security log (programme managers only), newest first, narrowed by the filters."""
    require(actor, "audit.view_security_log")
    events = SecurityEvent.objects.select_related("user")
    if filters.organisation:
        events = events.filter(
            Q(email__iexact=filters.organisation) | Q(user__email__iexact=filters.organisation)
        )
    if filters.action:
        events = events.filter(event=filters.action)
    return _dated(events, filters)
