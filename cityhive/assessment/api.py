"""City assessments over the API: scores, values, risks, emissions, targets, derived needs."""

import datetime

from ninja import Field, Schema

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.assessment import needs, selectors, services
from cityhive.assessment.models import Assessment
from cityhive.assessment.scorecards import scorecard
from cityhive.core.api import Router
from cityhive.directory.selectors import organisation_get_visible_to

router = Router(auth=token_auth, tags=["assessments"])


def _this_year() -> int:
    return datetime.date.today().year


class GroupOut(Schema):
    name: str
    achievement: float | None
    band: int | None
    core_entered: int
    core_total: int


class KpiScoreOut(Schema):
    kpi: str
    value: float | None
    unit: str
    target: float | None
    less_is_better: bool
    achievement: float | None
    band: int | None


class AssessmentOut(Schema):
    city: str
    year: int
    status: str
    visibility: str
    dimensions: list[GroupOut]
    sub_dimensions: list[GroupOut]
    categories: list[GroupOut]
    kpis: list[KpiScoreOut]


class KpiValueIn(Schema):
    kpi: str = Field(..., max_length=20, description='U4SSC KPI code, e.g. "EC: I: T: 1C"')
    value: float | str
    unit: str = Field("", max_length=40, description="Empty, or the KPI's unit")
    data_source: str = Field("", max_length=200)
    data_quality: int | None = Field(None, description="1 (rough estimate) to 6 (verified)")
    notes: str = Field("", max_length=2000)


class ValuesIn(Schema):
    year: int = Field(default_factory=_this_year)
    values: list[KpiValueIn] = []


class RiskIn(Schema):
    hazard: str = Field(..., max_length=60)
    key_impact: str = Field(..., max_length=200)
    risk: float


class RisksIn(Schema):
    year: int = Field(default_factory=_this_year)
    risks: list[RiskIn] = []


class EmissionIn(Schema):
    sector: str = Field(..., max_length=60)
    tonnes_co2e: float


class EmissionsIn(Schema):
    year: int = Field(default_factory=_this_year)
    emissions: list[EmissionIn] = []


class TargetIn(Schema):
    kpi: str = Field(..., max_length=20)
    size_class: str = Field("", max_length=10, description="small, medium, large or empty")
    target: float | None = Field(None, description="null removes the target")


class TargetsIn(Schema):
    targets: list[TargetIn] = []


class TargetOut(Schema):
    kpi: str
    size_class: str
    target: float


class DerivedNeedOut(Schema):
    facet: str
    value: str
    weight: float
    source: str
    reason: str


def _out(assessment: Assessment) -> dict:
    card = scorecard(assessment)

    def group(g):
        return {
            "name": g.name,
            "achievement": g.achievement,
            "band": g.band,
            "core_entered": g.core_entered,
            "core_total": g.core_total,
        }

    return {
        "city": assessment.city.slug,
        "year": assessment.year,
        "status": assessment.status,
        "visibility": assessment.visibility,
        "dimensions": [group(g) for g in card.dimensions],
        "sub_dimensions": [group(g) for g in card.sub_dimensions],
        "categories": [group(g) for g in card.categories],
        "kpis": [
            {
                "kpi": s.kpi.code,
                "value": s.value.value if s.value else None,
                "unit": s.unit,
                "target": s.target,
                "less_is_better": s.lower_is_better,
                "achievement": s.achievement,
                "band": s.band,
            }
            for s in card.scores
            if s.value is not None
        ],
    }


@router.get("/assessments/targets", response=list[TargetOut], auth=public_auth)
def kpi_target_list(request):
    """The targets KPIs are scored against (per city-size class where set)"""
    return [
        {"kpi": t.kpi.code, "size_class": t.size_class, "target": t.target}
        for t in selectors.kpi_target_list()
    ]


@router.put("/assessments/targets", response=list[TargetOut])
def kpi_targets_set(request, payload: TargetsIn):
    """Set or remove KPI targets (programme managers)"""
    stored = services.kpi_targets_set(
        actor=request.auth, targets=[t.dict() for t in payload.targets]
    )
    return [{"kpi": t.kpi.code, "size_class": t.size_class, "target": t.target} for t in stored]


@router.get("/assessments/{slug}", response=list[AssessmentOut], auth=public_auth)
def assessment_list(request, slug: str):
    """A city's assessments you may see, latest year first, with scores and bands"""
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    return [_out(a) for a in selectors.assessment_list_visible_to(actor=request.auth, city=city)]


def _written(request, slug: str, year: int, service, **rows) -> dict:
    """Open the city's assessment of the year, run a writing service on it, answer its scores."""
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    assessment = services.year_rows_store(
        actor=request.auth, city=city, year=year, service=service, **rows
    )
    return _out(assessment)


@router.put("/assessments/{slug}/values", response=AssessmentOut)
def assessment_values_set(request, slug: str, payload: ValuesIn):
    """Enter KPI values for a year (the city's members; opens the year as a draft)"""
    values = [v.dict() for v in payload.values]
    return _written(request, slug, payload.year, services.kpi_values_set, values=values)


@router.put("/assessments/{slug}/climate-risks", response=AssessmentOut)
def climate_risks_replace(request, slug: str, payload: RisksIn):
    """Replace a year's climate-risk assessment (the city's members)"""
    risks = [r.dict() for r in payload.risks]
    return _written(request, slug, payload.year, services.climate_risks_replace, risks=risks)


@router.put("/assessments/{slug}/emissions", response=AssessmentOut)
def emissions_replace(request, slug: str, payload: EmissionsIn):
    """Replace a year's greenhouse-gas inventory by GPC sector (the city's members)"""
    emissions = [e.dict() for e in payload.emissions]
    return _written(request, slug, payload.year, services.emissions_replace, emissions=emissions)


@router.get("/assessments/{slug}/derived-needs", response=list[DerivedNeedOut], auth=public_auth)
def derived_need_list(request, slug: str):
    """The needs a city's latest assessment suggests (for those who may see its needs)"""
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    return [
        {
            "facet": d.facet,
            "value": d.value,
            "weight": d.chosen_weight,
            "source": d.source,
            "reason": d.reason,
        }
        for d in needs.derived_need_list(actor=request.auth, city=city)
        if not d.excluded
    ]


@router.post("/assessments/{slug}/derived-needs/apply", response=list[DerivedNeedOut])
def derived_needs_apply(request, slug: str):
    """Make the reviewed suggestions, merged with hand-entered needs, the needs profile"""
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    items = needs.derived_needs_apply(actor=request.auth, city=city)
    return [
        {"facet": i.facet, "value": i.value, "weight": i.weight, "source": i.source, "reason": ""}
        for i in items
    ]


class SubmitIn(Schema):
    year: int
    visibility: str = Field(
        ...,
        max_length=10,
        description="Who sees the submitted assessment: private, partners or public",
    )


@router.post("/assessments/{slug}/submit", response=AssessmentOut)
def assessment_submit(request, slug: str, payload: SubmitIn):
    """Submit a year's draft assessment and choose who sees it (the city's admins)"""
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    assessment = selectors.assessment_get_visible_to(
        actor=request.auth, city=city, year=payload.year
    )
    submitted = services.assessment_submit(
        actor=request.auth, assessment=assessment, visibility=payload.visibility
    )
    return _out(submitted)
