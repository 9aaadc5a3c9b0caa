"""City challenges and needs profiles over the API."""

from typing import Literal

from ninja import Field, Query, Schema, Status
from ninja.decorators import decorate_view

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.challenges import selectors, services
from cityhive.challenges.schemas import (
    ChallengeCreateIn,
    ChallengeOut,
    ChallengePage,
    ChallengeUpdateIn,
    NeedsIn,
    NeedsOut,
)
from cityhive.content.api import (
    MAX_OFFSET,
    clean_text,
    item_page,
    organisation_id_of,
    organisation_named,
    versioned_change,
)
from cityhive.core.api import Router
from cityhive.core.public_cache import public_cache
from cityhive.directory.selectors import organisation_get_visible_to

router = Router(auth=token_auth, tags=["challenges"])


class ChallengeQuery(Schema):
    q: str = Field("", max_length=200, description="Words to find in title and description")
    category: str = Field("", max_length=60)
    sdg: str = Field("", max_length=2, description="SDG goal number")
    kpi: str = Field("", max_length=60, description='U4SSC KPI code, e.g. "EC: I: T: 1C"')
    hazard: str = Field("", max_length=60)
    country: str = Field("", max_length=2, description="The city's country (alpha-2)")
    status: Literal["", "draft", "open", "closed"] = ""
    city: str = Field("", max_length=220, description="The city organisation's slug")
    sort: Literal["newest", "deadline", "title"] = "newest"
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(20, ge=1, le=100)


def _filters(request, params: ChallengeQuery) -> selectors.ChallengeFilters:
    return selectors.ChallengeFilters(
        query=clean_text(params.q),
        category=clean_text(params.category),
        sdg=clean_text(params.sdg),
        kpi=clean_text(params.kpi),
        hazard=clean_text(params.hazard),
        country=clean_text(params.country),
        status=params.status,
        city_id=organisation_id_of(request, params.city),
        sort=params.sort,
    )


@router.get("/challenges", response=ChallengePage, auth=public_auth)
@decorate_view(public_cache)
def challenge_list(request, params: Query[ChallengeQuery]):
    """Search the challenges you may see by text and facets"""
    filters = _filters(request, params)
    return item_page(
        request,
        params,
        filters=filters,
        owner_id=filters.city_id,
        list_visible=selectors.challenge_list_visible_to,
    )


@router.post("/challenges", response={201: ChallengeOut})
def challenge_create(request, payload: ChallengeCreateIn):
    """Publish (or draft) a challenge for a city you belong to"""
    city = organisation_named(request, payload.city, field="city")
    fields = payload.dict(exclude={"city"})
    return Status(201, services.challenge_create(actor=request.auth, city=city, fields=fields))


@router.get("/challenges/{challenge_id}", response=ChallengeOut, auth=public_auth)
@decorate_view(public_cache)
def challenge_get(request, challenge_id: int):
    """One challenge (partner and private ones only for those who may see them)"""
    return selectors.challenge_get_visible_to(actor=request.auth, challenge_id=challenge_id)


@router.patch("/challenges/{challenge_id}", response=ChallengeOut)
def challenge_update(request, challenge_id: int, payload: ChallengeUpdateIn):
    """Change a challenge (the city's members); send the version you edited"""
    challenge = selectors.challenge_get_visible_to(actor=request.auth, challenge_id=challenge_id)
    return services.challenge_update(
        actor=request.auth, challenge=challenge, **versioned_change(payload)
    )


def _needs(request, city, items) -> dict:
    visibility = selectors.needs_visibility_get(actor=request.auth, city=city)
    return {"city": city.slug, "visibility": visibility, "items": list(items)}


@router.get("/organisations/{slug}/needs", response=NeedsOut, auth=public_auth)
def needs_get(request, slug: str):
    """A city's needs profile, strongest first (for those its visibility lets see it)"""
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    return _needs(request, city, selectors.needs_list_visible_to(actor=request.auth, city=city))


@router.put("/organisations/{slug}/needs", response=NeedsOut)
def needs_replace(request, slug: str, payload: NeedsIn):
    """Replace a city's needs profile and, if given, its visibility (the city's admins)"""
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    items = services.needs_replace(
        actor=request.auth,
        city=city,
        items=[item.dict() for item in payload.items],
        visibility=payload.visibility,
    )
    return _needs(request, city, items)
