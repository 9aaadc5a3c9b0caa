"""The shapes of the groups API."""

from datetime import datetime
from typing import Literal

from ninja import Field, Schema

from cityhive.core.api import MAX_OFFSET

KindName = Literal["expert_group", "working_group", "standard_team"]
VisibilityName = Literal["public", "members"]


class GroupQuery(Schema):
    kind: Literal["", "expert_group", "working_group", "standard_team"] = ""
    sdg: str = Field("", max_length=2, description="SDG goal number")
    q: str = Field("", max_length=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(20, ge=1, le=100)


class GroupFields(Schema):
    purpose: str = Field("", max_length=20_000, description="Markdown")
    visibility: VisibilityName = "public"
    categories: list[str] = Field(default_factory=list, max_length=50)
    sdg_targets: list[str] = Field(default_factory=list, max_length=169)
    kpis: list[str] = Field(default_factory=list, max_length=91)


class GroupCreateIn(GroupFields):
    kind: KindName
    title: str = Field(..., max_length=200)
    conveners: list[str] = Field(
        default_factory=list, max_length=20, description="Email addresses of members to appoint"
    )


class GroupUpdateIn(Schema):
    version: int
    title: str | None = Field(None, max_length=200)
    kind: KindName | None = None
    purpose: str | None = Field(None, max_length=20_000)
    visibility: VisibilityName | None = None
    categories: list[str] | None = Field(None, max_length=50)
    sdg_targets: list[str] | None = Field(None, max_length=169)
    kpis: list[str] | None = Field(None, max_length=91)


class GroupDetailOut(Schema):
    id: int
    kind: str
    title: str
    purpose: str
    visibility: str
    categories: list[str]
    sdg_targets: list[str]
    kpis: list[str]
    version: int


class GroupListItemOut(GroupDetailOut):
    member_count: int


class GroupListPage(Schema):
    count: int
    results: list[GroupListItemOut]


class GroupJoinIn(Schema):
    organisation: str = Field(
        "", max_length=220, description="The slug of your organisation you join for (optional)"
    )
    note: str = Field("", max_length=500)


class GroupMembershipOut(Schema):
    id: int
    group: int = Field(..., alias="group_id")
    name: str = Field(..., alias="user.name")
    organisation: str | None = Field(None, alias="organisation.name")
    role: str
    status: str
    note: str
    requested_at: datetime | None
    decided_at: datetime | None


class GroupDecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=300)


class GroupPostIn(Schema):
    body: str = Field(..., max_length=10_000, description="Markdown")


class GroupPostOut(Schema):
    id: int
    group: int = Field(..., alias="group_id")
    author: str | None = Field(None, alias="author.name")
    organisation: str | None = Field(None, alias="organisation.name")
    body: str
    body_html: str
    created_at: datetime
