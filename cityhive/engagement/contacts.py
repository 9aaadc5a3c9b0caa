"""Every contact between two organisations goes to the contact log (cityhive.audit) and, where
the brief says so, to the other side's notifications, inside the contact's own transaction."""

from cityhive.audit.services import contact_record
from cityhive.directory.models import Organisation, OrganisationKind


def _slots(first: Organisation, second: Organisation) -> dict:
    """The city and company slots of the log: the city first when one side is a city."""
    if second.kind == OrganisationKind.CITY and first.kind != OrganisationKind.CITY:
        return {"city": second, "company": first}
    return {"city": first, "company": second}


def contact_log(
    *,
    actor,
    action: str,
    sides: tuple[Organisation, Organisation],
    subject=None,
    summary: str = "",
    metadata: dict | None = None,
) -> None:
    """Record one contact between the two sides (never a message's text)."""
    contact_record(
        actor=actor,
        action=action,
        subject=subject,
        summary=summary,
        metadata=metadata,
        **_slots(*sides),
    )
