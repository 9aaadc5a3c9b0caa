"""Writes to the contact and security logs: one row per event, never changed afterwards."""

import json

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder

from cityhive.audit.errors import AuditErrorCode
from cityhive.audit.models import ContactAction, ContactLogEntry, SecurityEvent
from cityhive.core.errors import DomainError
from cityhive.directory.models import Organisation
from cityhive.directory.permissions import organisation_roles


def _text(value, limit: int) -> str:
    """Text a column can hold: no NUL character, cut to the column's length."""
    return str(value or "").replace("\x00", "")[:limit]


def _json_safe(metadata: dict | None) -> dict:
    """The metadata as plain JSON (dates, decimals and ids become strings; no NUL characters)."""
    text = json.dumps(metadata or {}, cls=DjangoJSONEncoder, default=str)
    return json.loads(text.replace("\\u0000", ""))


def _actor_organisation(actor, city: Organisation, company: Organisation) -> Organisation | None:
    """The side the actor acted for: the side they belong to (the city first), if any."""
    if actor is None or not getattr(actor, "is_authenticated", False) or actor.pk is None:
        return None
    roles = organisation_roles(actor)
    for side in (city, company):
        if side is not None and side.pk in roles:
            return side
    return None


def contact_record(
    *,
    actor,
    action: str,
    city: Organisation,
    company: Organisation,
    subject=None,
    summary: str = "",
    metadata: dict | None = None,
) -> ContactLogEntry:
    """Append one city-company contact to the log (call it inside the contact's transaction)."""
    if action not in ContactAction.values:
        raise DomainError(
            f"Unknown contact action: {action!r}.", code=AuditErrorCode.INVALID_ACTION
        )
    user = actor if getattr(actor, "pk", None) and actor.is_authenticated else None
    entry = ContactLogEntry(
        actor=user,
        actor_label=_text(getattr(user, "email", "") if user else str(actor or ""), 254),
        actor_organisation=_actor_organisation(user, city, company),
        action=action,
        city=city,
        city_label=_text(city, 200),
        company=company,
        company_label=_text(company, 200),
        summary=_text(summary, 500),
        metadata=_json_safe(metadata),
    )
    if subject is not None:
        entry.subject_type = ContentType.objects.get_for_model(subject)
        entry.subject_id = _text(subject.pk, 64)
        entry.subject_label = _text(subject, 300)
    entry.save()
    return entry


def security_event_record(
    *,
    event: str,
    user=None,
    email: str = "",
    ip: str | None = None,
    user_agent: str = "",
    path: str = "",
    detail: str = "",
) -> SecurityEvent:
    """Append one authentication event or refused permission to the security log."""
    user = user if getattr(user, "pk", None) and user.is_authenticated else None
    return SecurityEvent.objects.create(
        event=event,
        user=user,
        email=_text(email or getattr(user, "email", ""), 254),
        ip=ip or None,
        user_agent=_text(user_agent, 300),
        path=_text(path, 500),
        detail=_text(detail, 200),
    )
