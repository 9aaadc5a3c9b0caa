from datetime import datetime

from ninja import Field, Schema
from pydantic import HttpUrl


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: str
    country: str
    region: str
    website: str
    description: str
    languages: list[str]
    geonames_id: int | None
    population: int | None
    is_verified: bool
    is_demo: bool
    version: int
    has_logo: bool

    @staticmethod
    def resolve_country(obj) -> str:
        return obj.country.code or ""

    @staticmethod
    def resolve_geonames_id(obj) -> int | None:
        return obj.place_id

    @staticmethod
    def resolve_has_logo(obj) -> bool:
        return bool(obj.logo)


class OrganisationPage(Schema):
    count: int
    results: list[OrganisationOut]


class OrganisationCreateIn(Schema):
    kind: str
    name: str = Field(min_length=1, max_length=200)
    country: str = ""
    region: str = ""
    website: HttpUrl | None = None
    description: str = Field("", max_length=10_000)
    languages: list[str] = []
    geonames_id: int | None = None
    population: int | None = Field(None, ge=0)


class OrganisationUpdateIn(Schema):
    version: int
    name: str | None = Field(None, min_length=1, max_length=200)
    country: str | None = None
    region: str | None = None
    website: HttpUrl | None = None
    description: str | None = Field(None, max_length=10_000)
    languages: list[str] | None = None
    geonames_id: int | None = None
    population: int | None = Field(None, ge=0)


class VerifyIn(Schema):
    verified: bool


class MemberOut(Schema):
    id: int
    email: str
    name: str
    role: str

    @staticmethod
    def resolve_email(obj) -> str:
        return obj.user.email

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.user.name


class InvitationIn(Schema):
    email: str
    role: str = "member"


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    expires_at: datetime
