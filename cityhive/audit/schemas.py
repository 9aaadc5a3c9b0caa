"""API shapes of the contact log."""

from datetime import date, datetime

from ninja import Field, Schema

from cityhive.audit.models import ContactAction
from cityhive.core.api import MAX_OFFSET


class ContactLogQuery(Schema):
    organisation: str = Field(
        "", max_length=220, description="Either side's slug (the city or the company)"
    )
    action: ContactAction | None = Field(None, description="One contact action code")
    date_from: date | None = Field(None, description="First day (UTC), inclusive")
    date_to: date | None = Field(None, description="Last day (UTC), inclusive")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(50, ge=1, le=500)


class SideOut(Schema):
    slug: str | None = Field(description="The organisation's slug; null once it was deleted")
    name: str = Field(description="The name as recorded when the contact happened")


class ContactLogEntryOut(Schema):
    id: int
    created_at: datetime
    action: str = Field(description="The action's code")
    action_label: str = Field(description="The action in words")
    city: SideOut
    company: SideOut
    actor: str = Field(description="Who acted (their email as recorded; empty for the system)")
    actor_organisation: str | None = Field(description="The side the actor acted for, by slug")
    subject_type: str | None = Field(
        description='What the contact was about, e.g. "challenges.challenge"'
    )
    subject_id: str
    subject: str = Field(description="What it was about, as recorded")
    summary: str
    metadata: dict


class ContactLogPage(Schema):
    count: int
    results: list[ContactLogEntryOut]
