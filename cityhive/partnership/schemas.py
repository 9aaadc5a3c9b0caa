"""API shapes of the partnership programme. Input types describe the structure; the services
check ranges and rules, so a bad value gets the same message as in the pages' forms."""

import datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema


class TierOut(Schema):
    id: int
    name: str
    benefits: str
    annual_fee: Decimal
    currency: str
    unlocks: list[str] = Field(
        description="Unlock codes: "
        + ", ".join(["partners_content", "expert_groups", "featured_at_events", "introductions"])
    )
    position: int
    is_active: bool


class TierIn(Schema):
    name: str = Field(max_length=100)
    benefits: str = Field("", max_length=5_000)
    annual_fee: Decimal = Field(ge=0, max_digits=12, decimal_places=2)
    currency: str = Field("EUR", min_length=3, max_length=3)
    unlocks: list[str] = []
    position: int = Field(0, ge=0, le=999)
    is_active: bool = True


class TierUpdateIn(Schema):
    name: str | None = Field(None, max_length=100)
    benefits: str | None = Field(None, max_length=5_000)
    annual_fee: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2)
    currency: str | None = Field(None, min_length=3, max_length=3)
    unlocks: list[str] | None = None
    position: int | None = Field(None, ge=0, le=999)
    is_active: bool | None = None


class ReferenceIn(Schema):
    name: str = Field(max_length=200)
    organisation: str = Field(max_length=200)
    email: str = Field(max_length=254)
    relation: str = Field(max_length=300)


class ReferenceOut(Schema):
    name: str
    organisation: str
    email: str
    relation: str


class ApplicationFieldsIn(Schema):
    references: list[ReferenceIn] = Field([], max_length=5)
    sdgs: list[int] = Field([], max_length=17, description="SDG goal numbers, 1 to 17")
    motivation: str = Field("", max_length=5_000)
    accept_conduct: bool = Field(
        False, description="Sign the current code of conduct on behalf of the company."
    )


class ApplicationCreateIn(ApplicationFieldsIn):
    organisation: str = Field(max_length=220, description="The applying company's slug.")
    tier: int = Field(description="The tier's id.")


class ApplicationUpdateIn(Schema):
    tier: int | None = None
    references: list[ReferenceIn] | None = Field(None, max_length=5)
    sdgs: list[int] | None = Field(None, max_length=17)
    motivation: str | None = Field(None, max_length=5_000)
    accept_conduct: bool | None = None


class OrganisationRef(Schema):
    slug: str
    name: str
    country: str

    @staticmethod
    def resolve_country(organisation) -> str:
        return organisation.country.code or ""


class ConductOut(Schema):
    version: str
    accepted_at: datetime.datetime | None


class PartnershipOut(Schema):
    tier: str
    starts_on: datetime.date
    ends_on: datetime.date

    @staticmethod
    def resolve_tier(partnership) -> str:
        return partnership.tier.name


class ApplicationOut(Schema):
    id: int
    organisation: OrganisationRef
    tier: TierOut
    kind: Literal["new", "renewal"]
    status: Literal["draft", "submitted", "changes_requested", "approved", "rejected"]
    references: list[ReferenceOut]
    sdgs: list[int]
    motivation: str
    conduct: ConductOut
    completeness: int | None = Field(
        description="The organisation profile's completeness (percent) when last submitted."
    )
    submitted_at: datetime.datetime | None
    decided_at: datetime.datetime | None
    decision_reason: str = Field(description="Why changes were asked for, or the rejection.")
    partnership: PartnershipOut | None

    @staticmethod
    def resolve_conduct(application) -> dict:
        return {
            "version": application.conduct_version,
            "accepted_at": application.conduct_accepted_at,
        }

    @staticmethod
    def resolve_partnership(application):
        return getattr(application, "partnership", None)


class ApplicationPage(Schema):
    count: int
    results: list[ApplicationOut]


class DecisionIn(Schema):
    decision: Literal["approve", "changes", "reject"]
    reason: str = Field("", max_length=5_000, description="Required to ask for changes or reject.")
    tier: int | None = Field(
        None, description="Approve into this tier (default: the one applied for)."
    )
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = Field(
        None, description="The last day of the partnership (default: one year from the start)."
    )


class PartnerOut(Schema):
    organisation: OrganisationRef
    tier: str
    starts_on: datetime.date
    ends_on: datetime.date

    @staticmethod
    def resolve_tier(partnership) -> str:
        return partnership.tier.name


class PartnerPage(Schema):
    count: int
    results: list[PartnerOut]
