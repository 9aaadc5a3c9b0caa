"""The solution catalogue and implementations over the API."""

from typing import Literal

from ninja import Field, Query, Status
from ninja.decorators import decorate_view

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.content.api import (
    FacetQuery,
    clean_text,
    item_page,
    organisation_named,
    versioned_change,
)
from cityhive.core.api import MAX_OFFSET, Router
from cityhive.core.public_cache import public_cache
from cityhive.solutions import schemas, selectors, services

router = Router(auth=token_auth, tags=["solutions"])


class SolutionQuery(FacetQuery):
    owner_field = "provider"

    q: str = Field("", max_length=200, description="Words to find in title, summary, description")
    emission_sector: str = Field("", max_length=60)
    country: str = Field("", max_length=2, description="The provider's country (alpha-2)")
    maturity_min: int | None = Field(None, ge=1, le=9, description="Lowest TRL")
    cost_level: str = Field("", max_length=10)
    provider: str = Field("", max_length=220, description="The provider organisation's slug")
    sort: Literal["newest", "title", "maturity"] = "newest"
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(20, ge=1, le=100)

    def filters(self, owner_id: int | None) -> selectors.SolutionFilters:
        return selectors.SolutionFilters(
            **self.facet_filters(),
            emission_sector=clean_text(self.emission_sector),
            country=clean_text(self.country),
            maturity_min=self.maturity_min,
            cost_level=clean_text(self.cost_level),
            provider_id=owner_id,
            sort=self.sort,
        )


@router.get("/solutions", response=schemas.SolutionPage, auth=public_auth)
@decorate_view(public_cache)
def solution_list(request, params: Query[SolutionQuery]):
    """Search the solution catalogue by text and facets"""
    return item_page(request, params, selectors.solution_list_visible_to)


@router.post("/solutions", response={201: schemas.SolutionOut})
def solution_create(request, payload: schemas.SolutionCreateIn):
    """Create a solution for a provider you belong to (a draft unless publish is true)"""
    provider = organisation_named(request, payload.provider, field="provider")
    fields = payload.dict(exclude={"provider", "publish"})
    solution = services.solution_create(
        actor=request.auth, provider=provider, fields=fields, publish=payload.publish
    )
    return Status(201, solution)


@router.get("/solutions/{solution_id}", response=schemas.SolutionOut, auth=public_auth)
@decorate_view(public_cache)
def solution_get(request, solution_id: int):
    """One solution (drafts only for the provider's members)"""
    return selectors.solution_get_visible_to(actor=request.auth, solution_id=solution_id)


@router.patch("/solutions/{solution_id}", response=schemas.SolutionOut)
def solution_update(request, solution_id: int, payload: schemas.SolutionUpdateIn):
    """Change a solution's fields (the provider's members); send the version you edited"""
    solution = selectors.solution_get_visible_to(actor=request.auth, solution_id=solution_id)
    return services.solution_update(
        actor=request.auth, solution=solution, **versioned_change(payload)
    )


@router.post("/solutions/{solution_id}/publish", response=schemas.SolutionOut)
def solution_publish(request, solution_id: int, payload: schemas.PublishIn):
    """Publish a solution, or take it back to draft (the provider's members)"""
    solution = selectors.solution_get_visible_to(actor=request.auth, solution_id=solution_id)
    return services.solution_publish(
        actor=request.auth, solution=solution, published=payload.published
    )


@router.get(
    "/solutions/{solution_id}/implementations",
    response=list[schemas.ImplementationOut],
    auth=public_auth,
)
def implementation_list(request, solution_id: int):
    """Where a solution was implemented, confirmed ones first"""
    solution = selectors.solution_get_visible_to(actor=request.auth, solution_id=solution_id)
    return list(selectors.implementation_list_for_solution(actor=request.auth, solution=solution))


@router.post("/solutions/{solution_id}/implementations", response={201: schemas.ImplementationOut})
def implementation_create(request, solution_id: int, payload: schemas.ImplementationCreateIn):
    """Record an implementation of a solution in a city (the provider's members)"""
    solution = selectors.solution_get_visible_to(actor=request.auth, solution_id=solution_id)
    city = organisation_named(request, payload.city, field="city")
    implementation = services.implementation_create(
        actor=request.auth, solution=solution, city=city, fields=payload.dict(exclude={"city"})
    )
    return Status(201, implementation)


@router.post("/implementations/{implementation_id}/confirm", response=schemas.ImplementationOut)
def implementation_confirm(request, implementation_id: int, payload: schemas.ConfirmIn):
    """Confirm an implementation in your city, or withdraw the confirmation (its admins)"""
    implementation = selectors.implementation_get_visible_to(
        actor=request.auth, implementation_id=implementation_id
    )
    return services.implementation_confirm(
        actor=request.auth, implementation=implementation, confirmed=payload.confirmed
    )
