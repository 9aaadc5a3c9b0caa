"""City challenges and needs profiles over the API."""

from typing import Literal

from ninja import Field, Query, Status
from ninja.decorators import decorate_view

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.challenges import schemas, selectors, services
from cityhive.content.api import (
    FacetQuery,
    clean_text,
    item_page,
    organisation_named,
    versioned_change,
)
from cityhive.core.api import MAX_OFFSET, Router
from cityhive.core.public_cache import public_cache
from cityhive.directory.selectors import organisation_get_visible_to

router = Router(auth=token_auth, tags=["challenges"])


class ChallengeQuery(FacetQuery):
    owner_field = "city"

    country: str = Field("", max_length=2, description="The city's country (alpha-2)")
    status: Literal["", "draft", "open", "closed"] = ""
    city: str = Field("", max_length=220, description="The city organisation's slug")
    sort: Literal["newest", "deadline", "title"] = "newest"
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(20, ge=1, le=100)

    def filters(self, owner_id: int | None) -> selectors.ChallengeFilters:
        return selectors.ChallengeFilters(
            **self.facet_filters(),
            country=clean_text(self.country),
            status=self.status,
            city_id=owner_id,
            sort=self.sort,
        )


@router.get("/challenges", response=schemas.ChallengePage, auth=public_auth)
@decorate_view(public_cache)
def challenge_list(request, params: Query[ChallengeQuery]):
    """Search the challenges you may see by text and facets"""
    return item_page(request, params, selectors.challenge_list_visible_to)


@router.post("/challenges", response={201: schemas.ChallengeOut})
def challenge_create(request, payload: schemas.ChallengeCreateIn):
    """Publish (or draft) a challenge for a city you belong to"""
    city = organisation_named(request, payload.city, field="city")
    fields = payload.dict(exclude={"city"})
    return Status(201, services.challenge_create(actor=request.auth, city=city, fields=fields))


@router.get("/challenges/{challenge_id}", response=schemas.ChallengeOut, auth=public_auth)
@decorate_view(public_cache)
def challenge_get(request, challenge_id: int):
    """One challenge (partner and private ones only for those who may see them)"""
    return selectors.challenge_get_visible_to(actor=request.auth, challenge_id=challenge_id)


@router.patch("/challenges/{challenge_id}", response=schemas.ChallengeOut)
def challenge_update(request, challenge_id: int, payload: schemas.ChallengeUpdateIn):
    """Change a challenge (the city's members); send the version you edited"""
    challenge = selectors.challenge_get_visible_to(actor=request.auth, challenge_id=challenge_id)
    return services.challenge_update(
        actor=request.auth, challenge=challenge, **versioned_change(payload)
    )


def _needs(request, city, items) -> dict:
    visibility = selectors.needs_visibility_get(actor=request.auth, city=city)
    return {"city": city.slug, "visibility": visibility, "items": list(items)}


@router.get("/organisations/{slug}/needs", response=schemas.NeedsOut, auth=public_auth)
def needs_get(request, slug: str):
    """A city's needs profile, strongest first (for those its visibility lets see it)"""
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    return _needs(request, city, selectors.needs_list_visible_to(actor=request.auth, city=city))


@router.put("/organisations/{slug}/needs", response=schemas.NeedsOut)
def needs_replace(request, slug: str, payload: schemas.NeedsIn):
    """Replace a city's needs profile and, if given, its visibility (the city's admins)"""
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    items = services.needs_replace(
        actor=request.auth,
        city=city,
        items=[item.dict() for item in payload.items],
        visibility=payload.visibility,
    )
    return _needs(request, city, items)
