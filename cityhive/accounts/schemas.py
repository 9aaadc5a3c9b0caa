from datetime import datetime

from ninja import Schema


class MeOut(Schema):
    id: int
    email: str
    name: str
    is_programme_manager: bool


class ApiTokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None
