"""API shapes of solutions and implementations, with the exchange format's field names.

Input types describe the structure only; ranges and vocabularies are checked by the services, so a
bad value gets the same message (and field path) as in a form or an imported file.
"""

from datetime import datetime
from typing import Annotated, Literal

from ninja import Field, Schema

from cityhive.content.schemas import AddressIn, AddressOut, FacetedItemOut, Text
from cityhive.solutions.services import solution_data

MAX_POPULATION = 10**10
Population = Annotated[int, Field(ge=0, le=MAX_POPULATION)]


class SolutionFieldsIn(Schema):
    title: str = Field(max_length=200)
    summary: str = Field("", max_length=600)
    description: str = Field("", max_length=50_000)
    categories: list[Text] = []
    sdg_targets: list[Text] = []
    kpis: list[Text] = []
    addresses: list[AddressIn] = []
    cost_level: str = ""
    timeline: str = ""
    cobenefits: dict[Text, int] = {}
    maturity: int | None = None
    regions_served: list[Text] = []
    languages: list[Text] = []
    population_range: list[Population] | None = None
    pricing_model: str = ""
    tags: list[Text] = []
    website: str = ""


class SolutionCreateIn(SolutionFieldsIn):
    provider: str = Field(description="The provider organisation's slug.")
    publish: bool = Field(False, description="Publish at once instead of saving a draft.")


class SolutionUpdateIn(Schema):
    version: int = Field(description="The version you edited; a stale one is a 409 conflict.")
    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=600)
    description: str | None = Field(None, max_length=50_000)
    categories: list[Text] | None = None
    sdg_targets: list[Text] | None = None
    kpis: list[Text] | None = None
    addresses: list[AddressIn] | None = None
    cost_level: str | None = None
    timeline: str | None = None
    cobenefits: dict[Text, int] | None = None
    maturity: int | None = None
    regions_served: list[Text] | None = None
    languages: list[Text] | None = None
    population_range: list[Population] | None = None
    pricing_model: str | None = None
    tags: list[Text] | None = None
    website: str | None = None


class PublishIn(Schema):
    published: bool = True


class SolutionOut(FacetedItemOut):
    id: int
    provider: str
    provider_name: str
    title: str
    summary: str
    description: str
    categories: list[str]
    sdg_targets: list[str]
    kpis: list[str]
    addresses: list[AddressOut]
    cost_level: str
    timeline: str
    cobenefits: dict[str, int]
    maturity: int | None
    regions_served: list[str]
    languages: list[str]
    population_range: list[int] | None
    pricing_model: str
    tags: list[str]
    website: str
    status: Literal["draft", "published"]
    published_at: datetime | None
    is_demo: bool
    version: int

    @staticmethod
    def resolve_provider(obj) -> str:
        return obj.provider.slug

    @staticmethod
    def resolve_provider_name(obj) -> str:
        return obj.provider.name

    @staticmethod
    def resolve_population_range(obj) -> list[int] | None:
        return solution_data(obj)["population_range"]


class SolutionPage(Schema):
    count: int
    results: list[SolutionOut]


class KpiChangeIn(Schema):
    kpi: str
    before: float | None = None
    after: float | None = None
    unit: str = Field("", max_length=40)
    year: int | None = None


class KpiChangeOut(Schema):
    kpi: str
    before: float | None
    after: float | None
    unit: str
    year: int | None


class ImplementationCreateIn(Schema):
    city: str = Field(description="The city organisation's slug.")
    year: int
    status: str = Field(description="pilot, deployed or scaled")
    summary: str = Field("", max_length=5_000)
    kpi_changes: list[KpiChangeIn] = []


class ConfirmIn(Schema):
    confirmed: bool = True


class ImplementationOut(Schema):
    id: int
    solution: int
    city: str
    city_name: str
    year: int
    status: Literal["pilot", "deployed", "scaled"]
    summary: str
    kpi_changes: list[KpiChangeOut]
    confirmed: bool
    confirmed_at: datetime | None
    is_demo: bool

    @staticmethod
    def resolve_solution(obj) -> int:
        return obj.solution_id

    @staticmethod
    def resolve_city(obj) -> str:
        return obj.city.slug

    @staticmethod
    def resolve_city_name(obj) -> str:
        return obj.city.name

    @staticmethod
    def resolve_confirmed(obj) -> bool:
        return obj.is_confirmed

    @staticmethod
    def resolve_kpi_changes(obj) -> list[dict]:
        return [
            {
                "kpi": str(change.get("kpi", "")),
                "before": change.get("before"),
                "after": change.get("after"),
                "unit": str(change.get("unit") or ""),
                "year": change.get("year"),
            }
            for change in obj.kpi_changes
        ]
