"""The contact log over the API (programme managers, and city admins for their cities)."""

from ninja import Query

from cityhive.accounts.auth import token_auth
from cityhive.audit.models import ContactLogEntry
from cityhive.audit.schemas import ContactLogPage, ContactLogQuery
from cityhive.audit.selectors import LogFilters, contact_log_visible_to
from cityhive.core.api import Router
from cityhive.core.errors import ValidationFailed

router = Router(auth=token_auth, tags=["contact log"])


def _side(organisation, label: str) -> dict:
    return {"slug": organisation.slug if organisation else None, "name": label}


def contact_entry_out(entry: ContactLogEntry) -> dict:
    """An entry in the API's shape."""
    subject_type = entry.subject_type
    return {
        "id": entry.pk,
        "created_at": entry.created_at,
        "action": entry.action,
        "action_label": str(entry.get_action_display()),
        "city": _side(entry.city, entry.city_label),
        "company": _side(entry.company, entry.company_label),
        "actor": entry.actor_label,
        "actor_organisation": entry.actor_organisation.slug if entry.actor_organisation else None,
        "subject_type": f"{subject_type.app_label}.{subject_type.model}" if subject_type else None,
        "subject_id": entry.subject_id,
        "subject": entry.subject_label,
        "summary": entry.summary,
        "metadata": entry.metadata,
    }


@router.get("/audit/contacts", response=ContactLogPage)
def contact_log_list(request, params: Query[ContactLogQuery]):
    """The contact log: every city-company contact, newest first"""
    if params.date_from and params.date_to and params.date_from > params.date_to:
        raise ValidationFailed({"date_from": ["The first day comes after the last day."]})
    filters = LogFilters(
        organisation=params.organisation.strip(),
        action=params.action or "",
        date_from=params.date_from,
        date_to=params.date_to,
    )
    entries = contact_log_visible_to(actor=request.auth, filters=filters).select_related(
        "subject_type"
    )
    window = entries[params.offset : params.offset + params.limit]
    return {"count": entries.count(), "results": [contact_entry_out(entry) for entry in window]}
