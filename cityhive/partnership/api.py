"""The partnership programme over the API: tiers, applications, decisions and partners."""

from ninja import Field, Query, Schema, Status

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.core.api import MAX_ID, Router, page_of
from cityhive.core.errors import NotFound, ValidationFailed
from cityhive.directory.selectors import organisation_get_visible_to
from cityhive.partnership import selectors, services
from cityhive.partnership.models import ApplicationStatus
from cityhive.partnership.schemas import (
    ApplicationCreateIn,
    ApplicationOut,
    ApplicationPage,
    ApplicationUpdateIn,
    DecisionIn,
    PartnerPage,
    TierIn,
    TierOut,
    TierUpdateIn,
)

router = Router(auth=token_auth, tags=["partnership"])
MAX_OFFSET = 100_000


def _fields(payload: Schema, *, exclude: set[str]) -> dict:
    data = payload.dict(exclude_unset=True, exclude=exclude)
    if data.get("references") is not None:
        data["references"] = [dict(reference) for reference in data["references"]]
    return {key: value for key, value in data.items() if value is not None}


def _tier_named(request, tier_id: int | None, *, field: str = "tier"):
    if tier_id is None:
        return None
    try:
        return selectors.tier_get_visible_to(actor=request.auth, tier_id=tier_id)
    except NotFound:
        raise ValidationFailed({field: [f"unknown tier {tier_id}"]}) from None


# --- tiers ----------------------------------------------------------------------------------


@router.get("/partnership/tiers", response=list[TierOut], auth=public_auth)
def tier_list(request):
    """The partnership tiers (programme managers also see retired ones)"""
    return list(selectors.tier_list_visible_to(actor=request.auth))


@router.post("/partnership/tiers", response={201: TierOut})
def tier_create(request, payload: TierIn):
    """Define a tier (programme managers)"""
    return Status(201, services.tier_create(actor=request.auth, fields=payload.dict()))


@router.patch("/partnership/tiers/{tier_id}", response=TierOut)
def tier_update(request, tier_id: int, payload: TierUpdateIn):
    """Change a tier (programme managers)"""
    tier = selectors.tier_get_managed_by(actor=request.auth, tier_id=tier_id)
    return services.tier_update(
        actor=request.auth, tier=tier, fields=_fields(payload, exclude=set())
    )


# --- applications ---------------------------------------------------------------------------


class ApplicationQuery(Schema):
    status: ApplicationStatus | None = Field(None, description="Only applications in this status")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(20, ge=1, le=100)


@router.get("/partnership/applications", response=ApplicationPage)
def application_list(request, params: Query[ApplicationQuery]):
    """Your organisations' applications; for programme managers, the review queue"""
    applications = selectors.application_list_visible_to(
        actor=request.auth, status=params.status or ""
    ).select_related("partnership", "partnership__tier")
    return page_of(applications, offset=params.offset, limit=params.limit)


@router.post("/partnership/applications", response={201: ApplicationOut})
def application_create(request, payload: ApplicationCreateIn):
    """Start a draft application for a company you administer (a renewal for a partner)"""
    try:
        organisation = organisation_get_visible_to(actor=request.auth, slug=payload.organisation)
    except NotFound:
        raise ValidationFailed({"organisation": ["unknown organisation"]}) from None
    application = services.application_create(
        actor=request.auth,
        organisation=organisation,
        tier=_tier_named(request, payload.tier),
        fields=_fields(payload, exclude={"organisation", "tier"}),
    )
    return Status(201, application)


def _application(request, application_id: int):
    return selectors.application_get_visible_to(actor=request.auth, application_id=application_id)


@router.get("/partnership/applications/{application_id}", response=ApplicationOut)
def application_get(request, application_id: int):
    """One application (the company's members and programme managers)"""
    return _application(request, application_id)


@router.patch("/partnership/applications/{application_id}", response=ApplicationOut)
def application_update(request, application_id: int, payload: ApplicationUpdateIn):
    """Change a draft, or an application whose reviewer asked for changes (its admins)"""
    return services.application_update(
        actor=request.auth,
        application=_application(request, application_id),
        tier=_tier_named(request, payload.tier),
        fields=_fields(payload, exclude={"tier"}),
    )


@router.post("/partnership/applications/{application_id}/submit", response=ApplicationOut)
def application_submit(request, application_id: int):
    """Submit the application to the programme managers (its admins)"""
    return services.application_submit(
        actor=request.auth, application=_application(request, application_id)
    )


@router.post("/partnership/applications/{application_id}/decision", response=ApplicationOut)
def application_decide(request, application_id: int, payload: DecisionIn):
    """Approve, ask for changes or reject (programme managers)"""
    application = _application(request, application_id)
    if payload.decision == "approve":
        services.application_approve(
            actor=request.auth,
            application=application,
            tier=_tier_named(request, payload.tier),
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
        )
    elif payload.decision == "changes":
        services.application_ask_for_changes(
            actor=request.auth, application=application, reason=payload.reason
        )
    else:
        services.application_reject(
            actor=request.auth, application=application, reason=payload.reason
        )
    return _application(request, application_id)


# --- the partner directory ------------------------------------------------------------------


class PartnerQuery(Schema):
    tier: int | None = Field(
        None, ge=1, le=MAX_ID, description="Only partners in this tier (its id)"
    )
    country: str = Field("", max_length=2, description="Only partners from this country")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(20, ge=1, le=100)


@router.get("/partnership/partners", response=PartnerPage, auth=public_auth)
def partner_list(request, params: Query[PartnerQuery]):
    """Partner companies that have joined, with their tier"""
    filters = selectors.PartnerFilters(tier_id=params.tier, country=params.country)
    return page_of(
        selectors.partner_list(filters=filters), offset=params.offset, limit=params.limit
    )
