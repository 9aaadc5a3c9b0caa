"""Demo seeds: targets for a few KPIs and one demo city's assessments of two years, with climate
risks and an emissions inventory (invented figures, clearly demo data; idempotent)."""

import datetime

from cityhive.assessment import services
from cityhive.assessment.models import Assessment, AssessmentStatus, KpiTarget
from cityhive.directory.models import Membership, MembershipRole, Organisation, OrganisationKind
from cityhive.taxonomy.models import Kpi

# KPI code -> (demo target, last year's value, this year's value). Demo figures, not U4SSC's.
DEMO_KPIS = {
    "EC: I: ES: 3C": (100, 96, 97),
    "EC: I: T: 1C": (100, 40, 46),
    "EC: I: WA: 1C": (100, 88, 90),
    "EC: I: WS: 1C": (100, 92, 93),
    "EC: I: WS: 3C": (15, 41, 38),
    "EC: I: WS: 4C": (95, 55, 58),
    "EC: ICT: ICT: 1C": (90, 70, 76),
    "EC: P: EM: 1C": (5, 13, 12),
    "EN: E: E: 1C": (50, 18, 21),
    "EN: EN: AQ: 2C": (2, 3.1, 2.9),
    "EN: EN: WS: 4C": (95, 48, 52),
    "SC: EH: ED: 2C": (98, 95, 96),
    "SC: EH: H: 3C": (300, 180, 185),
    "SC: SH: HO: 1C": (5, 24, 22),
    "SC: SH: SA: 1C": (0.1, 0.6, 0.5),
}
DEMO_RISKS = [
    {"hazard": "floods", "key_impact": "Riverside districts and roads flooded", "risk": 0.82},
    {"hazard": "heatwaves", "key_impact": "Heat stress in dense neighbourhoods", "risk": 0.64},
    {"hazard": "sea-level-rise", "key_impact": "Coastal erosion and storm surges", "risk": 0.55},
    {"hazard": "droughts", "key_impact": "Water supply shortfalls", "risk": 0.31},
]
DEMO_EMISSIONS = [
    {"sector": "stationary_energy", "tonnes_co2e": 2_150_000},
    {"sector": "transportation", "tonnes_co2e": 1_720_000},
    {"sector": "waste", "tonnes_co2e": 610_000},
    {"sector": "ippu", "tonnes_co2e": 120_000},
]


def _demo_city() -> tuple[Organisation, object] | None:
    city = (
        Organisation.objects.filter(
            kind=OrganisationKind.CITY, is_demo=True, external_id__startswith="demo:city:"
        )
        .order_by("pk")
        .first()
    )
    if city is None:
        return None
    admin = Membership.objects.filter(organisation=city, role=MembershipRole.ADMIN).first()
    return (city, admin.user) if admin else None


def _targets() -> None:
    kpis = Kpi.objects.in_bulk(list(DEMO_KPIS), field_name="code")
    for code, (target, _before, _now) in DEMO_KPIS.items():
        if code in kpis:
            KpiTarget.objects.get_or_create(
                kpi=kpis[code], size_class="", defaults={"target": target}
            )


def _values(position: int) -> list[dict]:
    return [{"kpi": code, "value": figures[position]} for code, figures in DEMO_KPIS.items()]


def assessment_demo_seed() -> str | None:
    """Seed the demo city's assessments (last year submitted and public, this year a draft)."""
    found = _demo_city()
    if found is None:
        return None
    city, official = found
    _targets()
    this_year = datetime.date.today().year
    last = services.assessment_open(actor=official, city=city, year=this_year - 1)
    if last.status == AssessmentStatus.DRAFT:
        services.kpi_values_set(actor=official, assessment=last, values=_values(1))
        services.assessment_submit(actor=official, assessment=last, visibility="public")
    current = services.assessment_open(actor=official, city=city, year=this_year)
    if current.status == AssessmentStatus.DRAFT:
        services.kpi_values_set(actor=official, assessment=current, values=_values(2))
        services.climate_risks_replace(actor=official, assessment=current, risks=DEMO_RISKS)
        services.emissions_replace(actor=official, assessment=current, emissions=DEMO_EMISSIONS)
    return f"{city.name}: {Assessment.objects.filter(city=city).count()} assessments"
