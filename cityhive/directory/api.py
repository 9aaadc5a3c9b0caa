"""Organisations, their members and invitations over the API."""

from ninja import Field, Query, Schema, Status
from ninja.decorators import decorate_view

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.core.api import MAX_OFFSET, Router, page_of
from cityhive.core.links import site_url_of
from cityhive.core.public_cache import public_cache
from cityhive.directory import selectors, services
from cityhive.directory.schemas import (
    InvitationIn,
    InvitationOut,
    MemberOut,
    OrganisationCreateIn,
    OrganisationOut,
    OrganisationPage,
    OrganisationUpdateIn,
    VerifyIn,
)

router = Router(auth=token_auth, tags=["organisations"])
MAX_LIMIT = 100


class DirectoryQuery(Schema):
    q: str = ""
    kind: str = ""
    country: str = ""
    verified: bool | None = None
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    limit: int = Field(20, ge=1, le=MAX_LIMIT)


@router.get("/organisations", response=OrganisationPage, auth=public_auth)
@decorate_view(public_cache)
def organisation_list(request, params: Query[DirectoryQuery]):
    """Search the organisation directory"""
    filters = selectors.OrganisationFilters(
        query=params.q, kind=params.kind, country=params.country, verified=params.verified
    )
    organisations = selectors.organisation_list_visible_to(actor=request.auth, filters=filters)
    return page_of(organisations, offset=params.offset, limit=params.limit)


@router.post("/organisations", response={201: OrganisationOut})
def organisation_create(request, payload: OrganisationCreateIn):
    """Create an organisation (you become its admin)"""
    data = payload.dict()
    data["website"] = str(data["website"]) if data["website"] else ""
    organisation = services.organisation_create(actor=request.auth, **data)
    return Status(201, organisation)


@router.get("/organisations/{slug}", response=OrganisationOut, auth=public_auth)
@decorate_view(public_cache)
def organisation_get(request, slug: str):
    """One organisation profile"""
    return selectors.organisation_get_visible_to(actor=request.auth, slug=slug)


@router.patch("/organisations/{slug}", response=OrganisationOut)
def organisation_update(request, slug: str, payload: OrganisationUpdateIn):
    """Change an organisation profile (its admins)"""
    organisation = selectors.organisation_get_visible_to(actor=request.auth, slug=slug)
    changes = payload.dict(exclude_unset=True)
    if "website" in changes:
        changes["website"] = str(changes["website"]) if changes["website"] else ""
    return services.organisation_update(actor=request.auth, organisation=organisation, **changes)


@router.post("/organisations/{slug}/verify", response=OrganisationOut)
def organisation_verify(request, slug: str, payload: VerifyIn):
    """Set or clear the verified badge (programme managers)"""
    organisation = selectors.organisation_get_visible_to(actor=request.auth, slug=slug)
    return services.organisation_verify(
        actor=request.auth, organisation=organisation, verified=payload.verified
    )


@router.get("/organisations/{slug}/members", response=list[MemberOut])
def membership_list(request, slug: str):
    """Members of an organisation (its members)"""
    organisation = selectors.organisation_get_visible_to(actor=request.auth, slug=slug)
    return list(selectors.membership_list_visible_to(actor=request.auth, organisation=organisation))


@router.get("/organisations/{slug}/invitations", response=list[InvitationOut])
def invitation_list(request, slug: str):
    """Pending invitations (organisation admins)"""
    organisation = selectors.organisation_get_visible_to(actor=request.auth, slug=slug)
    return list(selectors.invitation_list_visible_to(actor=request.auth, organisation=organisation))


@router.post("/organisations/{slug}/invitations", response={201: InvitationOut})
def invitation_create(request, slug: str, payload: InvitationIn):
    """Invite someone by email (organisation admins)"""
    organisation = selectors.organisation_get_visible_to(actor=request.auth, slug=slug)
    sent = services.invitation_create(
        actor=request.auth,
        organisation=organisation,
        email=payload.email,
        role=payload.role,
        site_url=site_url_of(request),
    )
    return Status(201, sent.invitation)
