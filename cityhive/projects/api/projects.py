"""Projects, consortia, financing plans, investment opportunities, mandates and the SDG reports
over the API."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext
from ninja import Field, Schema, Status

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.content.api import clean_text, organisation_named
from cityhive.core.api import Router
from cityhive.core.errors import Forbidden
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.directory.selectors import organisation_get_visible_to
from cityhive.projects import consortium, financing, ocds, selectors, services
from cityhive.projects.impact import contribution_table, programme_contribution, sdg_contribution
from cityhive.projects.models import (
    ConsortiumRole,
    Instrument,
    PppModel,
    ProjectPath,
    ProjectStage,
    ProjectVisibility,
    SourceStatus,
)
from cityhive.projects.permissions import verified_financier_ids

router = Router(auth=token_auth, tags=["projects"])

Currency = Field(..., min_length=3, max_length=3, pattern="^[A-Z]{3}$", description="ISO 4217")
Money = Field(..., ge=0, max_digits=16, decimal_places=2)
InstrumentName = Literal[tuple(Instrument.values)]  # type: ignore[valid-type]


class ProjectIn(Schema):
    city: str = Field(..., max_length=220, description="The city's slug")
    challenge: int | None = Field(None, ge=1, le=2**31 - 1)
    title: str = Field("", max_length=200, description="Empty: the challenge's title")
    objectives: str = Field("", max_length=10_000)
    scope: str = Field("", max_length=10_000)
    location: str = Field("", max_length=200)
    path: Literal[tuple(ProjectPath.values)] = "ppp"  # type: ignore[valid-type]
    visibility: Literal[tuple(ProjectVisibility.values)] = "consortium"  # type: ignore[valid-type]
    capital_cost: Decimal = Money
    operating_cost: Decimal = Field(Decimal(0), ge=0, max_digits=16, decimal_places=2)
    currency: str = Currency
    starts_on: date | None = None
    ends_on: date | None = None
    categories: list[str] = Field(default_factory=list, max_length=50)
    sdg_targets: list[str] = Field(default_factory=list, max_length=169)
    kpis: list[str] = Field(default_factory=list, max_length=91)


class ProjectPatch(Schema):
    """The fields to change; the stage is not one of them (it moves only through a gate)."""

    title: str | None = Field(None, max_length=200)
    objectives: str | None = Field(None, max_length=10_000)
    scope: str | None = Field(None, max_length=10_000)
    location: str | None = Field(None, max_length=200)
    visibility: Literal[tuple(ProjectVisibility.values)] | None = None  # type: ignore[valid-type]
    capital_cost: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    operating_cost: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    currency: str | None = Field(None, min_length=3, max_length=3, pattern="^[A-Z]{3}$")
    starts_on: date | None = None
    ends_on: date | None = None
    categories: list[str] | None = Field(None, max_length=50)
    sdg_targets: list[str] | None = Field(None, max_length=169)
    kpis: list[str] | None = Field(None, max_length=91)
    version: int | None = Field(
        None, ge=1, description="The version you edited; a stale one is a 409 conflict."
    )


class MemberOut(Schema):
    id: int
    organisation: str = Field(..., alias="organisation.slug")
    role: str
    status: str


class ProjectOut(Schema):
    id: int
    title: str
    city: str = Field(..., alias="city.slug")
    challenge: int | None = Field(None, alias="challenge_id")
    objectives: str
    scope: str
    location: str
    path: str
    stage: str
    visibility: str
    capital_cost: Decimal
    operating_cost: Decimal
    currency: str
    starts_on: date | None
    ends_on: date | None
    financial_close_at: datetime | None
    categories: list[str]
    sdg_targets: list[str]
    kpis: list[str]
    version: int


class AdvanceIn(Schema):
    from_stage: Literal[tuple(ProjectStage.values)]  # type: ignore[valid-type]
    checklist: dict[str, str] = Field(default_factory=dict, description="Item code -> note")


class InviteIn(Schema):
    organisation: str = Field(..., max_length=220)
    role: Literal[tuple(v for v in ConsortiumRole.values if v != "lead_city")]  # type: ignore[valid-type]


class AnswerIn(Schema):
    accept: bool


class SourceIn(Schema):
    label: str = Field(..., max_length=200)
    financier: str = Field("", max_length=220, description="A financier's slug (optional)")
    instrument: InstrumentName
    ppp_model: Literal[("", *PppModel.values)] = ""  # type: ignore[valid-type]
    amount: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    currency: str = Currency
    status: Literal[tuple(SourceStatus.values)] = "indicative"  # type: ignore[valid-type]


class PlanIn(Schema):
    sources: list[SourceIn] = Field(..., max_length=100)
    rates: dict[str, Decimal] = Field(
        default_factory=dict, description="Currency -> one unit's value in the project's currency"
    )


class SourceOut(Schema):
    label: str
    financier: str | None = Field(None, alias="financier.slug")
    instrument: str
    ppp_model: str
    amount: Decimal
    currency: str
    status: str


class PlanOut(Schema):
    currency: str
    cost: Decimal
    rates: dict[str, str]
    financial_close_at: datetime | None
    sources: list[SourceOut]


class OpportunityIn(Schema):
    summary: str = Field(..., max_length=500)
    ticket_min: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    ticket_max: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    instruments: list[InstrumentName] = Field(..., min_length=1, max_length=9)
    risk_notes: str = Field("", max_length=5000)


class OpportunityOut(Schema):
    id: int
    project: int = Field(..., alias="project_id")
    title: str = Field(..., alias="project.title")
    city: str = Field(..., alias="project.city.slug")
    summary: str
    ticket_min: Decimal
    ticket_max: Decimal
    currency: str = Field(..., alias="project.currency")
    instruments: list[str]
    risk_notes: str
    status: str


class InterestIn(Schema):
    financier: str = Field(
        "", max_length=220, description="Your financier's slug (empty: the one you belong to)"
    )
    note: str = Field("", max_length=2000)


class InterestOut(Schema):
    id: int
    opportunity: int = Field(..., alias="opportunity_id")
    financier: str = Field(..., alias="financier.slug")
    note: str


class MandateIn(Schema):
    sectors: list[str] = Field(default_factory=list, max_length=50)
    countries: list[str] = Field(default_factory=list, max_length=250)
    instruments: list[InstrumentName] = Field(default_factory=list, max_length=9)
    sdgs: list[int] = Field(default_factory=list, max_length=17)
    ticket_min: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    ticket_max: Decimal = Field(..., gt=0, max_digits=16, decimal_places=2)
    currency: str = Currency


class MandateOut(Schema):
    financier: str = Field(..., alias="financier.slug")
    sectors: list[str]
    countries: list[str]
    instruments: list[str]
    sdgs: list[int]
    ticket_min: Decimal
    ticket_max: Decimal
    currency: str


class FactorOut(Schema):
    name: str
    contribution: float
    text: str


class ProposalOut(Schema):
    organisation: str
    name: str
    score: float
    factors: list[FactorOut]


def _own_financier(request, slug: str) -> Organisation:
    own = verified_financier_ids(request.auth)
    if not own:
        raise Forbidden(gettext("Only members of verified financiers express interest."))
    if not slug:
        return Organisation.objects.filter(pk__in=own).order_by("pk").first()
    return organisation_named(request, slug, field="financier")


def _proposals(pairs) -> list[dict]:
    return [
        {"organisation": o.slug, "name": o.name, "score": f.score, "factors": f.factors}
        for o, f in pairs
    ]


@router.get("/projects", response=list[ProjectOut], auth=public_auth)
def project_list(request):
    """Projects you may see (public ones, and your consortia's)"""
    return list(selectors.project_list_visible_to(actor=request.auth)[:500])


@router.post("/projects", response={201: ProjectOut})
def project_create(request, payload: ProjectIn):
    """Start a project for your city, optionally from one of its challenges"""
    city = organisation_named(request, payload.city, field="city")
    data = payload.dict(exclude={"city", "challenge"})
    challenge = None
    if payload.challenge is not None:
        from cityhive.challenges.selectors import challenge_get_visible_to

        challenge = challenge_get_visible_to(actor=request.auth, challenge_id=payload.challenge)
    project = services.project_create(
        actor=request.auth, city=city, challenge=challenge, fields=data
    )
    return Status(201, project)


@router.get("/projects/{project_id}", response=ProjectOut, auth=public_auth)
def project_get(request, project_id: int):
    """One project"""
    return selectors.project_get_visible_to(actor=request.auth, project_id=project_id)


@router.patch("/projects/{project_id}", response=ProjectOut)
def project_update(request, project_id: int, payload: ProjectPatch):
    """Change a project's fields (its city's members); the stage moves only through gates"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    fields = payload.dict(exclude_unset=True, exclude={"version"})
    return services.project_update(
        actor=request.auth, project=project, fields=fields, version=payload.version
    )


@router.post("/projects/{project_id}/advance", response=ProjectOut)
def project_advance(request, project_id: int, payload: AdvanceIn):
    """Pass the gate out of the current stage (the city's admins; every item confirmed)"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    checklist = {clean_text(k): v for k, v in payload.checklist.items()}
    return services.project_advance(
        actor=request.auth, project=project, from_stage=payload.from_stage, checklist=checklist
    )


@router.get(
    "/projects/{project_id}/members",
    response=list[MemberOut],
    auth=public_auth,
    operation_id="project_member_list",
)
def member_list(request, project_id: int):
    """The consortium (active and invited members)"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    return list(
        project.members.filter(status__in=("invited", "active")).select_related("organisation")
    )


@router.post(
    "/projects/{project_id}/members",
    response={201: MemberOut},
    operation_id="project_member_invite",
)
def member_invite(request, project_id: int, payload: InviteIn):
    """Invite an organisation into the consortium"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    organisation = organisation_named(request, payload.organisation, field="organisation")
    member = consortium.member_invite(
        actor=request.auth, project=project, organisation=organisation, role=payload.role
    )
    return Status(201, member)


@router.post(
    "/project-members/{member_id}/answer", response=MemberOut, operation_id="project_member_answer"
)
def member_answer(request, member_id: int, payload: AnswerIn):
    """Accept or decline an invitation (the invited organisation's admins)"""
    member = selectors.member_get(actor=request.auth, member_id=member_id)
    return consortium.member_answer(actor=request.auth, member=member, accept=payload.accept)


@router.post(
    "/project-members/{member_id}/withdraw",
    response=MemberOut,
    operation_id="project_member_withdraw",
)
def member_withdraw(request, member_id: int):
    """Remove a member (the city) or leave (the member's admins); access ends at once"""
    member = selectors.member_get(actor=request.auth, member_id=member_id)
    return consortium.member_withdraw(actor=request.auth, member=member)


@router.get(
    "/projects/{project_id}/proposals", response=list[ProposalOut], operation_id="project_proposals"
)
def proposals(request, project_id: int):
    """Companies and financiers that would complete the consortium, with the reasons"""
    project = selectors.project_get_run_by(actor=request.auth, project_id=project_id)
    return _proposals(selectors.consortium_proposals_for(actor=request.auth, project=project))


def _plan(project) -> dict:
    return {
        "currency": project.currency,
        "cost": project.total_cost,
        "rates": project.exchange_rates,
        "financial_close_at": project.financial_close_at,
        "sources": list(project.sources.select_related("financier")),
    }


def _member_project(request, project_id: int):
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    require(request.auth, "projects.view_project_confidential", project)
    return project


@router.get("/projects/{project_id}/plan", response=PlanOut, operation_id="financing_plan_get")
def plan_get(request, project_id: int):
    """The financing plan (the consortium only)"""
    return _plan(_member_project(request, project_id))


@router.put("/projects/{project_id}/plan", response=PlanOut, operation_id="financing_plan_replace")
def plan_replace(request, project_id: int, payload: PlanIn):
    """Replace the financing plan; it must add up to the cost in one currency (or rates)"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    sources = [source.dict() for source in payload.sources]
    rates = {code: str(rate) for code, rate in payload.rates.items()}
    financing.plan_replace(actor=request.auth, project=project, sources=sources, rates=rates)
    project.refresh_from_db()
    return _plan(project)


@router.post("/projects/{project_id}/financial-close", response=PlanOut)
def financial_close(request, project_id: int):
    """Record financial close (the city's admins; every source committed)"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    return _plan(financing.financial_close(actor=request.auth, project=project))


@router.get("/projects/{project_id}/ocds", auth=public_auth)
def project_ocds(request, project_id: int):
    """The project's public information as an OCDS 1.1 release package"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    return ocds.release_package(project, uri=request.build_absolute_uri())


@router.post("/projects/{project_id}/opportunity", response={201: OpportunityOut})
def opportunity_open(request, project_id: int, payload: OpportunityIn):
    """Open the project to verified financiers"""
    project = selectors.project_get_visible_to(actor=request.auth, project_id=project_id)
    opportunity = financing.opportunity_open(
        actor=request.auth, project=project, fields=payload.dict()
    )
    return Status(201, opportunity)


@router.get("/opportunities", response=list[OpportunityOut])
def opportunity_list(request):
    """Investment opportunities you may see (verified financiers; the consortia)"""
    return list(selectors.opportunity_list_visible_to(actor=request.auth)[:500])


@router.get("/opportunities/{opportunity_id}", response=OpportunityOut)
def opportunity_get(request, opportunity_id: int):
    """One investment opportunity"""
    return selectors.opportunity_get_visible_to(actor=request.auth, opportunity_id=opportunity_id)


@router.get("/opportunities/{opportunity_id}/financiers", response=list[ProposalOut])
def opportunity_financiers(request, opportunity_id: int):
    """Financiers whose mandate fits (the consortium), with the reasons"""
    opportunity = selectors.opportunity_get_visible_to(
        actor=request.auth, opportunity_id=opportunity_id
    )
    require(request.auth, "projects.view_project_confidential", opportunity.project)
    pairs = selectors.financiers_for_opportunity(actor=request.auth, opportunity=opportunity)
    return _proposals(pairs)


@router.post("/opportunities/{opportunity_id}/interest", response={201: InterestOut})
def opportunity_interest(request, opportunity_id: int, payload: InterestIn):
    """Tell the city your financier is interested"""
    opportunity = selectors.opportunity_get_visible_to(
        actor=request.auth, opportunity_id=opportunity_id
    )
    financier = _own_financier(request, payload.financier)
    interest = financing.interest_express(
        actor=request.auth, opportunity=opportunity, financier=financier, note=payload.note
    )
    return Status(201, interest)


class MatchedOut(Schema):
    financier: str
    opportunities: list[ProposalOut]


@router.get("/opportunity-matches", response=list[MatchedOut])
def opportunity_matches(request):
    """Per verified financier you belong to: the open opportunities its mandate fits"""
    answer = []
    for financier in Organisation.objects.filter(pk__in=verified_financier_ids(request.auth)):
        pairs = selectors.opportunities_for_financier(actor=request.auth, financier=financier)
        fits = [
            {
                "organisation": str(o.pk),
                "name": o.project.title,
                "score": f.score,
                "factors": f.factors,
            }
            for o, f in pairs
        ]
        answer.append({"financier": financier.slug, "opportunities": fits})
    return answer


@router.put("/financiers/{slug}/mandate", response=MandateOut)
def mandate_set(request, slug: str, payload: MandateIn):
    """State what your financier funds (its admins)"""
    financier = organisation_named(request, slug, field="slug")
    return financing.mandate_set(actor=request.auth, financier=financier, fields=payload.dict())


class KpiChangeOut(Schema):
    project: str
    kpi: str
    baseline: Decimal
    target: Decimal
    after: Decimal | None


class GoalOut(Schema):
    goal: int
    solutions: int
    implementations: int
    challenges: int
    projects: int
    targets: list[str]
    kpi_changes: list[KpiChangeOut]


@router.get("/organisations/{slug}/sdg-contribution", response=list[GoalOut], auth=public_auth)
def sdg_contribution_get(request, slug: str):
    """An organisation's SDG contribution per goal, with evidence (what you may see)"""
    organisation = organisation_get_visible_to(actor=request.auth, slug=clean_text(slug))
    rows = sdg_contribution(actor=request.auth, organisation=organisation)
    return contribution_table(rows)


class ProgrammeRowOut(Schema):
    country: str
    year: int
    goal: int
    projects: int
    confirmed_kpi_changes: int


@router.get("/programme/sdg-report", response=list[ProgrammeRowOut], auth=public_auth)
def programme_sdg_report(request):
    """The programme's projects by country, year and SDG (the projects you may see)"""
    return programme_contribution(actor=request.auth)
