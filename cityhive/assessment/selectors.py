"""Reads of assessments, scoped to what the actor may see."""

from django.db.models import QuerySet

from cityhive.assessment.errors import AssessmentErrorCode
from cityhive.assessment.measures import measure_of
from cityhive.assessment.models import (
    Assessment,
    AssessmentStatus,
    KpiEvidence,
    KpiTarget,
    KpiValue,
    KpiValueChange,
)
from cityhive.assessment.permissions import ASSESSMENT_VISIBLE
from cityhive.assessment.scorecards import scorecard
from cityhive.core.errors import NotFound
from cityhive.core.permissions import first_visible_to, require
from cityhive.taxonomy.models import Kpi


def assessment_list_visible_to(
    *, actor, city=None, year: int | None = None
) -> QuerySet[Assessment]:
    """Assessments the actor may see, newest year first, optionally of one city or year."""
    assessments = Assessment.objects.filter(ASSESSMENT_VISIBLE.q(actor)).select_related(
        "city", "city__place"
    )
    if city is not None:
        assessments = assessments.filter(city=city)
    if year is not None:
        assessments = assessments.filter(year=year)
    return assessments.order_by("-year", "city__name")


def assessment_get_visible_to(*, actor, city, year: int | None = None) -> Assessment:
    """The city's assessment of a year (the latest the actor may see without one), or NotFound."""
    return first_visible_to(
        assessment_list_visible_to(actor=actor, city=city, year=year)
        if year is None
        else Assessment.objects.select_related("city").filter(city=city, year=year),
        actor=actor,
        permission="assessment.view_assessment",
        code=AssessmentErrorCode.ASSESSMENT_NOT_FOUND,
    )


def assessment_history(*, actor, assessment: Assessment) -> QuerySet[KpiValueChange]:
    """Who changed which value of an assessment, and when (for those who may see it)."""
    first_visible_to(
        Assessment.objects.filter(pk=assessment.pk),
        actor=actor,
        permission="assessment.view_assessment",
        code=AssessmentErrorCode.ASSESSMENT_NOT_FOUND,
    )
    return assessment.changes.select_related("kpi", "changed_by")


def dimension_results(assessment: Assessment) -> dict[str, float | None]:
    """Achievement per dimension name (for comparisons)."""
    return {group.name: group.achievement for group in scorecard(assessment).dimensions}


def previous_years(*, actor, assessment: Assessment) -> list[tuple[int, dict]]:
    """Dimension results of the city's earlier assessments the actor may see, latest first."""
    earlier = assessment_list_visible_to(actor=actor, city=assessment.city).filter(
        year__lt=assessment.year
    )
    return [(a.year, dimension_results(a)) for a in earlier[:5]]


def peer_results(*, actor, assessment: Assessment, limit: int = 8) -> list[tuple[object, dict]]:
    """Dimension results of other cities' submitted assessments of the same year that their
    cities shared with the actor."""
    peers = (
        assessment_list_visible_to(actor=actor, year=assessment.year)
        .filter(status=AssessmentStatus.SUBMITTED)
        .exclude(city=assessment.city)
    )
    return [(a.city, dimension_results(a)) for a in peers[:limit]]


def kpi_target_list() -> QuerySet[KpiTarget]:
    """Every target programme managers set (targets are public: they are the programme's)."""
    return KpiTarget.objects.select_related("kpi")


def kpi_value_get_for_city(*, actor, city, year: int, kpi_id: int) -> KpiValue:
    """One entered value of the city's assessment of a year, for the city's members."""
    require(actor, "assessment.add_assessment_for", city)
    found = (
        KpiValue.objects.select_related("assessment", "kpi")
        .filter(assessment__city=city, assessment__year=year, kpi_id=kpi_id)
        .first()
    )
    if found is None:
        raise NotFound(code=AssessmentErrorCode.ASSESSMENT_NOT_FOUND)
    return found


def kpi_evidence_list(*, actor, assessment: Assessment) -> QuerySet[KpiEvidence]:
    """The evidence files of an assessment, for the city's members (evidence may be internal)."""
    require(actor, "assessment.add_assessment_for", assessment.city)
    return KpiEvidence.objects.filter(kpi_value__assessment=assessment).select_related(
        "kpi_value__kpi"
    )


def kpi_evidence_get(*, actor, city, evidence_id: int) -> KpiEvidence:
    """One evidence file of the city's assessments, for the city's members, or NotFound."""
    require(actor, "assessment.add_assessment_for", city)
    found = (
        KpiEvidence.objects.select_related("kpi_value__kpi")
        .filter(pk=evidence_id, kpi_value__assessment__city=city)
        .first()
    )
    if found is None:
        raise NotFound(code=AssessmentErrorCode.ASSESSMENT_NOT_FOUND)
    return found


def assessment_export_rows(assessment: Assessment | None) -> list[dict]:
    """One row per KPI (core first), blank where no value was entered: a template to fill."""
    values = {} if assessment is None else {v.kpi_id: v for v in assessment.values.all()}
    kpis = Kpi.objects.select_related("sub_dimension__dimension").order_by("kind", "sort_order")
    rows = []
    for kpi in sorted(kpis, key=lambda k: (k.kind != "core", k.sort_order)):
        value = values.get(kpi.pk)
        rows.append(
            {
                "kpi_code": kpi.code,
                "value": value.value if value else None,
                "unit": value.unit if value else measure_of(kpi.code).unit,
                "data_source": value.data_source if value else "",
                "data_quality": value.data_quality if value else None,
                "notes": value.notes if value else "",
                "dimension": kpi.sub_dimension.dimension.name,
                "sub_dimension": kpi.sub_dimension.name,
                "kind": kpi.kind,
                "definition": kpi.definition,
            }
        )
    return rows
