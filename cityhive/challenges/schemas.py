"""API shapes of challenges and needs profiles, with the exchange format's field names.

Input types describe the structure only; ranges and vocabularies are checked by the services, so a
bad value gets the same message (and field path) as in a form or an imported file.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from cityhive.challenges.services import challenge_data
from cityhive.content.schemas import AddressIn, AddressOut, FacetedItemOut, Text

Amount = Annotated[float, Field(ge=0, le=10**13)]


class BudgetIn(Schema):
    min: Amount | None = None
    max: Amount | None = None
    currency: str = Field(description="ISO 4217 code, e.g. EUR")


class BudgetOut(Schema):
    min: float | None
    max: float | None
    currency: str


class ChallengeFieldsIn(Schema):
    title: str = Field(max_length=200)
    description: str = Field(max_length=50_000)
    categories: list[Text] = []
    sdg_targets: list[Text] = []
    kpis: list[Text] = []
    addresses: list[AddressIn] = Field([], description="Needs; strength = importance, 0 to 1")
    budget: BudgetIn | None = None
    deadline: str | None = Field(None, description="ISO date, YYYY-MM-DD")
    visibility: str = Field("public", description="public, partners or private")
    status: str = Field("draft", description="draft, open or closed")


class ChallengeCreateIn(ChallengeFieldsIn):
    city: str = Field(description="The city organisation's slug.")


class ChallengeUpdateIn(Schema):
    version: int = Field(description="The version you edited; a stale one is a 409 conflict.")
    title: str | None = Field(None, max_length=200)
    description: str | None = Field(None, max_length=50_000)
    categories: list[Text] | None = None
    sdg_targets: list[Text] | None = None
    kpis: list[Text] | None = None
    addresses: list[AddressIn] | None = None
    budget: BudgetIn | None = None
    deadline: str | None = None
    visibility: str | None = None
    status: str | None = None


class ChallengeOut(FacetedItemOut):
    id: int
    city: str
    city_name: str
    title: str
    description: str
    categories: list[str]
    sdg_targets: list[str]
    kpis: list[str]
    addresses: list[AddressOut]
    budget: BudgetOut | None
    deadline: date | None
    visibility: Literal["public", "partners", "private"]
    status: Literal["draft", "open", "closed"]
    is_demo: bool
    version: int
    created_at: datetime

    @staticmethod
    def resolve_city(obj) -> str:
        return obj.city.slug

    @staticmethod
    def resolve_city_name(obj) -> str:
        return obj.city.name

    @staticmethod
    def resolve_budget(obj) -> dict | None:
        return challenge_data(obj)["budget"]


class ChallengePage(Schema):
    count: int
    results: list[ChallengeOut]


class NeedItemIn(Schema):
    facet: str
    value: str
    weight: float
    source: str = Field(description="kpi_assessment, climate_risk, emissions_inventory or manual")


class NeedItemOut(Schema):
    facet: str
    value: str
    weight: float
    source: str


class NeedsIn(Schema):
    items: list[NeedItemIn]
    visibility: str | None = Field(
        None,
        description="Who sees the profile, its recommendations and peers: public, partners "
        "(members of verified organisations) or private (the city's members); "
        "left out: unchanged",
    )


class NeedsOut(Schema):
    city: str
    visibility: Literal["public", "partners", "private"]
    items: list[NeedItemOut]
