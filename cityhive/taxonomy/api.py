"""The reference taxonomies over the API: SDGs, U4SSC KPIs and the facet vocabularies (public)."""

from typing import Literal

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.core.api import Router
from cityhive.taxonomy.schemas import (
    FacetTermOut,
    KpiDetailOut,
    KpiOut,
    KpiRefOut,
    SdgGoalDetailOut,
    SdgGoalOut,
    SdgTargetOut,
    UnLanguage,
)
from cityhive.taxonomy.selectors import (
    facet_terms,
    kpi_get,
    kpi_list,
    sdg_goal_get,
    sdg_goal_list,
    sdg_target_list,
)

router = Router(auth=token_auth, tags=["taxonomy"])


@router.get("/sdgs", response=list[SdgGoalOut], auth=public_auth, operation_id="sdg_list")
def sdg_list_op(request, lang: UnLanguage = "en"):
    """The 17 Sustainable Development Goals, titled in one of the six UN languages"""
    return [SdgGoalOut.build(goal, lang=lang) for goal in sdg_goal_list()]


@router.get("/sdgs/{number}", response=SdgGoalDetailOut, auth=public_auth, operation_id="sdg_get")
def sdg_get_op(request, number: int, lang: UnLanguage = "en"):
    """One SDG with its targets, their indicators and the U4SSC KPIs linked to it"""
    goal = sdg_goal_get(number=number)
    return SdgGoalDetailOut(
        **SdgGoalOut.build(goal, lang=lang).model_dump(),
        targets=[SdgTargetOut.build(t, lang=lang) for t in sdg_target_list(goal=goal)],
        kpis=[KpiRefOut.from_orm(kpi) for kpi in kpi_list(sdg_goal=goal.number)],
    )


@router.get("/kpis", response=list[KpiOut], auth=public_auth, operation_id="kpi_list")
def kpi_list_op(
    request,
    dimension: str | None = None,
    kind: Literal["core", "advanced"] | None = None,
    q: str | None = None,
):
    """The 91 U4SSC KPIs, filtered by dimension slug, kind (core/advanced) and text"""
    kpis = kpi_list(dimension=dimension, kind=kind, query=q)
    return list(kpis.prefetch_related("sdg_goals", "sdg_targets"))


@router.get("/kpis/{slug}", response=KpiDetailOut, auth=public_auth, operation_id="kpi_get")
def kpi_get_op(request, slug: str):
    """One U4SSC KPI with its hierarchy and linked SDG goals, targets and indicators"""
    return kpi_get(slug=slug)


@router.get(
    "/vocabularies/{facet}",
    response=list[FacetTermOut],
    auth=public_auth,
    operation_id="vocabulary_list",
)
def vocabulary_list_op(request, facet: str):
    """The terms of a facet vocabulary: hazard, emission_sector, impact_sector or category"""
    return list(facet_terms(facet=facet))
