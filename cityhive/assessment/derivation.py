"""The needs a city's latest assessment suggests, kept as a proposal the city reviews and applies.

Rules (docs/assessment.md): a KPI in band 1 weighs 1.0, band 2 0.7, band 3 0.35 (band 4 and
unscored KPIs suggest nothing); each hazard weighs its highest normalised risk; each GPC sector
weighs its share of the inventory's total emissions. Suggestions below 0.05 are left out.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from cityhive.assessment.models import Assessment, DerivedNeed
from cityhive.assessment.scorecards import scorecard
from cityhive.challenges.models import NeedSource

BAND_WEIGHTS = {1: 1.0, 2: 0.7, 3: 0.35}
MIN_WEIGHT = 0.05


@dataclass(frozen=True)
class Suggestion:
    facet: str
    value: str
    weight: float
    source: str
    reason: str


def latest_assessment(city) -> Assessment | None:
    """The city's assessment of the latest year."""
    return Assessment.objects.filter(city=city).order_by("-year").first()


def suggestions_for(assessment: Assessment) -> list[Suggestion]:
    """What the assessment's bands, risks and emissions suggest, strongest first."""
    found = [*_from_bands(assessment), *_from_risks(assessment), *_from_emissions(assessment)]
    kept = [s for s in found if s.weight >= MIN_WEIGHT]
    return sorted(kept, key=lambda s: (-s.weight, s.facet, s.value))


def _from_bands(assessment: Assessment) -> list[Suggestion]:
    return [
        Suggestion(
            facet="kpi",
            value=score.kpi.code,
            weight=BAND_WEIGHTS[score.band],
            source=NeedSource.KPI_ASSESSMENT,
            reason=_("Band %(band)s (%(percent)s%% of the target) in %(year)s")
            % {"band": score.band, "percent": f"{score.achievement:g}", "year": assessment.year},
        )
        for score in scorecard(assessment).scores
        if score.band in BAND_WEIGHTS
    ]


def _from_risks(assessment: Assessment) -> list[Suggestion]:
    highest: dict[str, tuple[float, str]] = {}
    for risk in assessment.climate_risks.all():
        if risk.risk > highest.get(risk.hazard, (-1.0, ""))[0]:
            highest[risk.hazard] = (risk.risk, risk.key_impact)
    return [
        Suggestion(
            facet="hazard",
            value=hazard,
            weight=round(risk, 2),
            source=NeedSource.CLIMATE_RISK,
            reason=_("Highest risk %(risk)s: %(impact)s") % {"risk": f"{risk:g}", "impact": impact},
        )
        for hazard, (risk, impact) in highest.items()
    ]


def _from_emissions(assessment: Assessment) -> list[Suggestion]:
    entries = list(assessment.emissions.all())
    total = sum(e.tonnes_co2e for e in entries)
    if total <= 0:
        return []
    return [
        Suggestion(
            facet="emission_sector",
            value=entry.sector,
            weight=round(entry.tonnes_co2e / total, 2),
            source=NeedSource.EMISSIONS_INVENTORY,
            reason=_("%(share)s%% of the city's emissions")
            % {"share": round(100 * entry.tonnes_co2e / total)},
        )
        for entry in entries
    ]


def needs_derive(*, city) -> list[DerivedNeed]:
    """Recompute the city's proposed needs from its latest assessment, keeping the city's
    adjustments of suggestions that remain (called by the assessment services)."""
    assessment = latest_assessment(city)
    suggestions = suggestions_for(assessment) if assessment is not None else []
    with transaction.atomic():
        kept = {(d.facet, d.value): d for d in DerivedNeed.objects.filter(city=city)}
        DerivedNeed.objects.filter(city=city).delete()
        return DerivedNeed.objects.bulk_create(
            _derived(city, s, kept.get((s.facet, s.value))) for s in suggestions
        )


def _derived(city, suggestion: Suggestion, before: DerivedNeed | None) -> DerivedNeed:
    return DerivedNeed(
        city=city,
        facet=suggestion.facet,
        value=suggestion.value,
        weight=suggestion.weight,
        source=suggestion.source,
        reason=suggestion.reason[:300],
        adjusted_weight=before.adjusted_weight if before else None,
        excluded=before.excluded if before else False,
    )
