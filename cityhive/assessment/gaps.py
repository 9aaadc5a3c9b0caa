"""From a gap to a challenge: the weakest KPIs and highest climate risks of an assessment, a
drafted challenge for each (written through challenges' services), and next to each the
published solutions that address it and the peer cities whose KPI improved after one."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from cityhive.assessment.measures import measure_of
from cityhive.assessment.models import Assessment, GapChallenge, GapKind
from cityhive.assessment.scorecards import scorecard
from cityhive.challenges.models import Visibility
from cityhive.challenges.services import challenge_create
from cityhive.core.errors import NotFound
from cityhive.core.permissions import require
from cityhive.solutions.selectors import (
    SolutionFilters,
    implementation_list_for_solutions,
    solution_list_visible_to,
)
from cityhive.taxonomy.models import Kpi
from cityhive.taxonomy.selectors import facet_labels

WEAKEST_KPIS = 5
HIGHEST_RISKS = 3
RISK_GAP_FROM = 0.5
SHOWN_SOLUTIONS = 3


@dataclass
class Improvement:
    city: object
    solution: object
    before: float
    after: float


@dataclass
class Gap:
    kind: str
    code: str
    label: str
    detail: str
    challenge: object | None = None
    solutions: list = field(default_factory=list)
    improvements: list[Improvement] = field(default_factory=list)


def gap_list(*, actor, assessment: Assessment) -> list[Gap]:
    """The assessment's weakest KPIs and highest risks, each with what answers it."""
    require(actor, "assessment.view_assessment", assessment, hide=True)
    gaps = [*_kpi_gaps(assessment), *_risk_gaps(assessment)]
    drafted = {
        (g.kind, g.code): g.challenge
        for g in GapChallenge.objects.filter(assessment=assessment).select_related("challenge")
    }
    for gap in gaps:
        gap.challenge = drafted.get((gap.kind, gap.code))
        gap.solutions, gap.improvements = _answers(actor, gap)
    return gaps


def _kpi_gaps(assessment: Assessment) -> list[Gap]:
    return [
        Gap(
            kind=GapKind.KPI,
            code=score.kpi.code,
            label=score.kpi.definition,
            detail=_(
                "Band %(band)s: %(percent)s%% of the target (%(value)s %(unit)s, target %(target)s)"
            )
            % {
                "band": score.band,
                "percent": f"{score.achievement:g}",
                "value": f"{score.value.value:g}",
                "unit": score.unit,
                "target": f"{score.target:g} {score.unit}",
            },
        )
        for score in scorecard(assessment).weakest(WEAKEST_KPIS)
    ]


def _risk_gaps(assessment: Assessment) -> list[Gap]:
    highest: dict[str, object] = {}
    for risk in assessment.climate_risks.filter(risk__gte=RISK_GAP_FROM):
        if risk.hazard not in highest or risk.risk > highest[risk.hazard].risk:
            highest[risk.hazard] = risk
    chosen = sorted(highest.values(), key=lambda r: (-r.risk, r.hazard))[:HIGHEST_RISKS]
    labels = facet_labels(("hazard", r.hazard) for r in chosen)
    return [
        Gap(
            kind=GapKind.HAZARD,
            code=risk.hazard,
            label=labels.get(("hazard", risk.hazard), risk.hazard),
            detail=_("Risk %(risk)s: %(impact)s")
            % {"risk": f"{risk.risk:g}", "impact": risk.key_impact},
        )
        for risk in chosen
    ]


def _answers(actor, gap: Gap) -> tuple[list, list[Improvement]]:
    """Solutions tagged with the gap's KPI or hazard, those with confirmed improvements first."""
    filters = SolutionFilters(**{gap.kind: gap.code})
    solutions = list(solution_list_visible_to(actor=actor, filters=filters)[:50])
    improvements = _improvements(gap, solutions) if gap.kind == GapKind.KPI else []
    proven = {i.solution.pk for i in improvements}
    solutions.sort(key=lambda s: (s.pk not in proven, -(s.maturity or 0), s.title))
    return solutions[:SHOWN_SOLUTIONS], improvements


def _improvements(gap: Gap, solutions: list) -> list[Improvement]:
    """Confirmed implementations after which a city's value of the KPI got better."""
    lower = measure_of(gap.code).lower_is_better
    found = []
    implementations = implementation_list_for_solutions(solution_ids=[s.pk for s in solutions])
    by_id = {s.pk: s for s in solutions}
    for implementation in implementations.filter(confirmed_at__isnull=False).select_related("city"):
        for change in implementation.kpi_changes:
            before, after = change.get("before"), change.get("after")
            if change.get("kpi") != gap.code or before is None or after is None:
                continue
            if (after < before) if lower else (after > before):
                found.append(
                    Improvement(
                        implementation.city, by_id[implementation.solution_id], before, after
                    )
                )
    return found


def _gap_fields(assessment: Assessment, kind: str, code: str) -> dict:
    if kind not in GapKind.values:
        raise NotFound(_("Unknown kind of gap."))
    if kind == GapKind.KPI:
        kpi = Kpi.objects.filter(code=code).prefetch_related("sdg_targets").first()
        if kpi is None:
            raise NotFound(_("Unknown KPI."))
        return {
            "title": _("Improve: %(kpi)s") % {"kpi": kpi.definition[:150]},
            "description": _(
                "Our %(year)s U4SSC self-assessment shows a gap on KPI %(code)s "
                "(“%(definition)s”). We look for proven solutions that improve it."
            )
            % {"year": assessment.year, "code": kpi.code, "definition": kpi.definition},
            "kpis": [kpi.code],
            "sdg_targets": sorted(t.code for t in kpi.sdg_targets.all()),
            "addresses": [{"facet": "kpi", "value": kpi.code, "strength": 1.0}],
        }
    label = facet_labels([("hazard", code)]).get(("hazard", code), code)
    risk = assessment.climate_risks.filter(hazard=code).order_by("-risk").first()
    if risk is None:
        raise NotFound(_("Unknown climate risk."))
    return {
        "title": _("Adapt to %(hazard)s") % {"hazard": label.lower()},
        "description": _(
            "Our %(year)s climate-risk assessment rates %(hazard)s at %(risk)s (key impact: "
            "%(impact)s). We look for proven solutions that reduce this risk."
        )
        % {
            "year": assessment.year,
            "hazard": label.lower(),
            "risk": f"{risk.risk:g}",
            "impact": risk.key_impact,
        },
        "addresses": [{"facet": "hazard", "value": code, "strength": round(risk.risk, 2)}],
    }


def gap_challenge_draft(*, actor, assessment: Assessment, kind: str, code: str):
    """Draft a challenge for one gap (city members), or return the one drafted before."""
    require(actor, "assessment.view_assessment", assessment, hide=True)
    existing = GapChallenge.objects.filter(assessment=assessment, kind=kind, code=code).first()
    if existing is not None:
        return existing.challenge
    fields = _gap_fields(assessment, kind, code)
    fields.update({"status": "draft", "visibility": Visibility.PUBLIC})
    with transaction.atomic():
        challenge = challenge_create(actor=actor, city=assessment.city, fields=fields)
        GapChallenge.objects.create(
            assessment=assessment, kind=kind, code=code, challenge=challenge
        )
    return challenge
