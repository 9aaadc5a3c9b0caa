"""Assessment services: values, CSV imports (errors by line and column, nothing written), history,
submission, derived needs and the gap to a challenge."""

import pytest

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.assessment import csvio, gaps, needs, services
from cityhive.assessment.models import (
    Assessment,
    AssessmentStatus,
    DerivedNeed,
    KpiTarget,
    KpiValue,
    KpiValueChange,
)
from cityhive.assessment.scorecards import scorecard
from cityhive.assessment.tests.factories import KpiTargetFactory
from cityhive.challenges.models import Challenge, ChallengeStatus, NeedItem
from cityhive.challenges.tests.factories import NeedItemFactory
from cityhive.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.taxonomy.models import Kpi

pytestmark = pytest.mark.django_db

WATER_LOSS = "EC: I: WS: 3C"  # %, less is better
INTERNET = "EC: ICT: ICT: 1C"  # %, more is better
LIFE = "SC: EH: H: 1C"  # years


@pytest.fixture
def city():
    return CityFactory(name="Recife", slug="recife", population=1_500_000)


@pytest.fixture
def admin(city):
    return MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user


@pytest.fixture
def member(city):
    return MembershipFactory(organisation=city).user


@pytest.fixture
def assessment(city, member):
    return services.assessment_open(actor=member, city=city, year=2025)


def _target(code: str, target: float, size_class: str = ""):
    KpiTargetFactory(kpi=Kpi.objects.get(code=code), target=target, size_class=size_class)


def test_a_member_enters_values_and_sees_bands_including_less_is_better(assessment, member):
    # given targets: water loss at most 10 %, internet access 80 % (large cities: 90 %)
    _target(WATER_LOSS, 10)
    _target(INTERNET, 80)
    _target(INTERNET, 90, size_class="large")
    # when
    services.kpi_values_set(
        actor=member,
        assessment=assessment,
        values=[
            {"kpi": WATER_LOSS, "value": "40", "unit": "%", "data_quality": 4},
            {"kpi": INTERNET, "value": 72, "data_source": "Census 2022"},
        ],
    )
    # then
    scores = {s.kpi.code: s for s in scorecard(assessment).scores if s.value}
    assert (scores[WATER_LOSS].achievement, scores[WATER_LOSS].band) == (25.0, 1)
    assert (scores[INTERNET].target, scores[INTERNET].achievement) == (90.0, 80.0)
    assert scores[INTERNET].band == 3
    economy = scorecard(assessment).dimensions[0]
    assert (economy.name, economy.achievement, economy.band) == ("Economy", 52.5, 2)


def test_an_unscored_kpi_has_no_band(assessment, member):
    services.kpi_values_set(
        actor=member, assessment=assessment, values=[{"kpi": LIFE, "value": 74, "unit": "years"}]
    )
    [score] = [s for s in scorecard(assessment).scores if s.value]
    assert (score.target, score.achievement, score.band) == (None, None, None)


@pytest.mark.parametrize(
    ("row", "path", "message"),
    [
        ({"kpi": "XX: 1", "value": 1}, "values[0].kpi", "unknown KPI code 'XX: 1'"),
        ({"kpi": INTERNET, "value": "many"}, "values[0].value", "must be a number"),
        ({"kpi": INTERNET, "value": 140}, "values[0].value", "must be between 0 and 100"),
        (
            {"kpi": INTERNET, "value": 10, "unit": "km"},
            "values[0].unit",
            "must be “%” for this KPI",
        ),
        (
            {"kpi": INTERNET, "value": 10, "data_quality": 9},
            "values[0].data_quality",
            "must be a whole number from 1 to 6",
        ),
    ],
)
def test_bad_values_are_refused_and_nothing_is_written(assessment, member, row, path, message):
    good = {"kpi": LIFE, "value": 70}
    with pytest.raises(ValidationFailed) as refused:
        services.kpi_values_set(actor=member, assessment=assessment, values=[row, good])
    assert refused.value.field_errors == {path: [message]}
    assert KpiValue.objects.count() == 0
    assert KpiValueChange.objects.count() == 0


CSV_GOOD = (
    "kpi_code,value,unit,data_source,data_quality,notes\n"
    f"{INTERNET},72,%,Census,5,\n"
    f"{WATER_LOSS},38.5,%,Utility,4,estimated\n"
    f"{LIFE},,years,,,\n"
)


def test_csv_import_enters_each_row(assessment, member):
    services.kpi_values_import(actor=member, assessment=assessment, text=CSV_GOOD)
    stored = dict(assessment.values.values_list("kpi__code", "value"))
    assert stored == {INTERNET: 72.0, WATER_LOSS: 38.5}


def test_csv_errors_name_line_and_column_and_nothing_is_written(assessment, member):
    text = (
        "kpi_code,value,unit,data_quality\n"
        f"{INTERNET},72,%,5\n"
        f"{WATER_LOSS},lots,%,4\n"
        "NOPE,3,%,\n"
        f"{INTERNET},70,km,\n"
    )
    with pytest.raises(ValidationFailed) as refused:
        services.kpi_values_import(actor=member, assessment=assessment, text=text)
    assert refused.value.field_errors == {
        "line 3, column value": ["must be a number"],
        "line 4, column kpi_code": ["unknown KPI code 'NOPE'"],
        "line 5, column unit": ["must be “%” for this KPI"],
        "line 5, column kpi_code": ["repeats the KPI of row 1"],
    }
    assert KpiValue.objects.count() == 0


def test_csv_with_unknown_or_missing_columns_is_refused(assessment, member):
    with pytest.raises(ValidationFailed) as refused:
        services.kpi_values_import(actor=member, assessment=assessment, text="kpi,amount\n")
    assert refused.value.field_errors == {
        "line 1": ["missing column(s): kpi_code, value", "unknown column(s): kpi, amount"]
    }


def test_export_then_import_gives_the_same_values(assessment, member, client):
    from cityhive.assessment.selectors import assessment_export_rows

    services.kpi_values_import(actor=member, assessment=assessment, text=CSV_GOOD)
    before = list(assessment.values.values_list("kpi__code", "value", "data_source", "notes"))
    text = csvio.csv_write(
        assessment_export_rows(assessment),
        (*csvio.KPI_VALUES.columns, *csvio.KPI_VALUES.informative),
    )
    again = services.assessment_open(actor=member, city=assessment.city, year=2026)
    services.kpi_values_import(actor=member, assessment=again, text=text)
    after = list(again.values.values_list("kpi__code", "value", "data_source", "notes"))
    assert sorted(after) == sorted(before)


def test_each_change_is_kept_in_the_history(assessment, member):
    services.kpi_values_set(
        actor=member, assessment=assessment, values=[{"kpi": LIFE, "value": 70}]
    )
    services.kpi_values_set(
        actor=member, assessment=assessment, values=[{"kpi": LIFE, "value": 71}]
    )
    services.kpi_values_set(
        actor=member, assessment=assessment, values=[{"kpi": LIFE, "value": 71}]
    )
    changes = list(assessment.changes.order_by("pk").values_list("before__value", "after__value"))
    assert changes == [(None, 70.0), (70.0, 71.0)]
    assert set(assessment.changes.values_list("changed_by", flat=True)) == {member.pk}


def test_an_outsider_cannot_enter_values_and_nothing_changes(assessment):
    outsider = MembershipFactory(organisation=CityFactory()).user
    with pytest.raises(NotFound):
        services.kpi_values_set(
            actor=outsider, assessment=assessment, values=[{"kpi": LIFE, "value": 70}]
        )
    assert KpiValue.objects.count() == 0


def test_only_admins_submit_and_a_submitted_assessment_is_closed(assessment, member, admin):
    with pytest.raises(Forbidden):
        services.assessment_submit(actor=member, assessment=assessment, visibility="public")
    assert Assessment.objects.get(pk=assessment.pk).status == AssessmentStatus.DRAFT
    services.assessment_submit(actor=admin, assessment=assessment, visibility="partners")
    assessment.refresh_from_db()
    assert (assessment.status, assessment.visibility) == ("submitted", "partners")
    with pytest.raises(Conflict):
        services.kpi_values_set(
            actor=member, assessment=assessment, values=[{"kpi": LIFE, "value": 70}]
        )
    assert KpiValue.objects.count() == 0


def test_risks_and_emissions_by_csv_with_line_errors(assessment, member):
    with pytest.raises(ValidationFailed) as refused:
        services.climate_risks_import(
            actor=member,
            assessment=assessment,
            text="hazard,key_impact,risk\nfloods,Homes flooded,0.9\nmeteors,Craters,1.4\n",
        )
    assert refused.value.field_errors == {
        "line 3, column hazard": ["unknown hazard 'meteors'"],
        "line 3, column risk": ["must be a number from 0 to 1"],
    }
    assert assessment.climate_risks.count() == 0
    services.emissions_import(
        actor=member,
        assessment=assessment,
        text="sector,tonnes_co2e\ntransportation,600\nstationary_energy,400\n",
    )
    assert dict(assessment.emissions.values_list("sector", "tonnes_co2e")) == {
        "transportation": 600.0,
        "stationary_energy": 400.0,
    }


def test_needs_are_derived_from_bands_risks_and_emissions(assessment, member):
    # given a weak less-is-better KPI, two flood lines and an inventory
    _target(WATER_LOSS, 10)
    services.kpi_values_set(
        actor=member, assessment=assessment, values=[{"kpi": WATER_LOSS, "value": 40}]
    )
    services.climate_risks_replace(
        actor=member,
        assessment=assessment,
        risks=[
            {"hazard": "floods", "key_impact": "Homes flooded", "risk": 0.6},
            {"hazard": "floods", "key_impact": "Roads cut", "risk": 0.9},
            {"hazard": "heatwaves", "key_impact": "Heat stress", "risk": 0.02},
        ],
    )
    services.emissions_replace(
        actor=member,
        assessment=assessment,
        emissions=[
            {"sector": "transportation", "tonnes_co2e": 750},
            {"sector": "waste", "tonnes_co2e": 250},
        ],
    )
    derived = {
        (d.facet, d.value): (d.weight, d.source)
        for d in DerivedNeed.objects.filter(city=assessment.city)
    }
    assert derived == {
        ("kpi", WATER_LOSS): (1.0, "kpi_assessment"),
        ("hazard", "floods"): (0.9, "climate_risk"),
        ("emission_sector", "transportation"): (0.75, "emissions_inventory"),
        ("emission_sector", "waste"): (0.25, "emissions_inventory"),
    }


def test_the_city_reviews_and_applies_derived_needs_merged_with_its_own(assessment, member, admin):
    city = assessment.city
    NeedItemFactory(city=city, facet="hazard", value="droughts", weight=0.5, source="manual")
    NeedItemFactory(city=city, facet="hazard", value="floods", weight=0.95, source="manual")
    services.climate_risks_replace(
        actor=member,
        assessment=assessment,
        risks=[{"hazard": "floods", "key_impact": "Roads cut", "risk": 0.7}],
    )
    services.emissions_replace(
        actor=member,
        assessment=assessment,
        emissions=[{"sector": "transportation", "tonnes_co2e": 1}],
    )
    # a member may not apply; the admin leaves transportation at 0.4
    with pytest.raises(Forbidden):
        needs.derived_needs_apply(actor=member, city=city)
    needs.derived_needs_adjust(
        actor=admin,
        city=city,
        adjustments=[{"facet": "emission_sector", "value": "transportation", "weight": 0.4}],
    )
    needs.derived_needs_apply(actor=admin, city=city)
    profile = set(
        NeedItem.objects.filter(city=city).values_list("facet", "value", "weight", "source")
    )
    assert profile == {
        ("hazard", "droughts", 0.5, "manual"),
        ("hazard", "floods", 0.95, "manual"),
        ("emission_sector", "transportation", 0.4, "emissions_inventory"),
    }


def test_an_adjustment_survives_a_recomputation(assessment, member, admin):
    risks = [{"hazard": "floods", "key_impact": "Roads cut", "risk": 0.7}]
    services.climate_risks_replace(actor=member, assessment=assessment, risks=risks)
    needs.derived_needs_adjust(
        actor=admin,
        city=assessment.city,
        adjustments=[{"facet": "hazard", "value": "floods", "weight": None, "excluded": True}],
    )
    services.climate_risks_replace(actor=member, assessment=assessment, risks=risks)
    assert DerivedNeed.objects.get(city=assessment.city).excluded is True


def test_a_gap_becomes_a_draft_challenge_with_kpis_and_sdg_targets(assessment, member):
    _target(WATER_LOSS, 10)
    services.kpi_values_set(
        actor=member, assessment=assessment, values=[{"kpi": WATER_LOSS, "value": 40}]
    )
    [gap] = gaps.gap_list(actor=member, assessment=assessment)
    assert (gap.kind, gap.code) == ("kpi", WATER_LOSS)
    challenge = gaps.gap_challenge_draft(
        actor=member, assessment=assessment, kind="kpi", code=WATER_LOSS
    )
    kpi = Kpi.objects.get(code=WATER_LOSS)
    assert challenge.status == ChallengeStatus.DRAFT
    assert challenge.kpis == [WATER_LOSS]
    assert challenge.sdg_targets == sorted(t.code for t in kpi.sdg_targets.all())
    again = gaps.gap_challenge_draft(
        actor=member, assessment=assessment, kind="kpi", code=WATER_LOSS
    )
    assert again.pk == challenge.pk and Challenge.objects.count() == 1
    assert gaps.gap_list(actor=member, assessment=assessment)[0].challenge == challenge


def test_an_outsider_cannot_draft_a_challenge(assessment):
    outsider = MembershipFactory(organisation=CityFactory()).user
    with pytest.raises(NotFound):
        gaps.gap_challenge_draft(actor=outsider, assessment=assessment, kind="kpi", code=LIFE)
    assert Challenge.objects.count() == 0


def test_new_targets_recompute_the_suggested_needs_after_commit(
    assessment, member, django_capture_on_commit_callbacks
):
    # given a value without a target: no band, so no suggestion
    services.kpi_values_set(
        actor=member, assessment=assessment, values=[{"kpi": WATER_LOSS, "value": 40}]
    )
    assert DerivedNeed.objects.count() == 0
    manager = UserFactory(is_staff=True)
    # when a programme manager sets its target
    with django_capture_on_commit_callbacks(execute=True):
        services.kpi_targets_set(actor=manager, targets=[{"kpi": WATER_LOSS, "target": 10}])
    # then the city's suggestions follow the new band
    assert list(DerivedNeed.objects.values_list("value", "weight")) == [(WATER_LOSS, 1.0)]


def test_a_target_saved_in_the_admin_goes_through_the_service(client, city):
    from cityhive.accounts.tests.sessions import sign_in

    manager = ProgrammeManagerFactory()
    sign_in(client, manager)
    kpi = Kpi.objects.get(code=WATER_LOSS)
    response = client.post(
        "/admin/assessment/kpitarget/add/", {"kpi": kpi.pk, "size_class": "", "target": "12"}
    )
    assert response.status_code in (200, 302)
    assert list(KpiTarget.objects.values_list("kpi__code", "target")) == [(WATER_LOSS, 12.0)]
