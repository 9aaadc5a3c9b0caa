"""A city official imports a CSV assessment, sees bands and charts, reviews the derived needs,
drafts a challenge from a gap, publishes it and sees solutions recommended for it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cityhive.assessment.models import KpiTarget
from cityhive.challenges.models import Challenge, NeedItem
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.solutions import services as solution_services
from cityhive.solutions.tests.factories import ImplementationFactory
from cityhive.taxonomy.models import Kpi
from cityhive.taxonomy.services import reference_data_load
from tests.e2e.test_accessibility import UNLABELLED_CONTROLS
from tests.e2e.test_catalogue_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WATER_LOSS = "EC: I: WS: 3C"  # percentage of water lost in the network: less is better
INTERNET = "EC: ICT: ICT: 1C"
YEAR = datetime.date.today().year
VALUES_CSV = (
    "kpi_code,value,unit,data_source,data_quality,notes\n"
    f"{WATER_LOSS},40,%,Water utility report,4,\n"
    f"{INTERNET},97,%,National census,6,\n"
)
RISKS_CSV = "hazard,key_impact,risk\nfloods,Riverside districts flooded,0.8\n"


def _scene():
    """Recife assesses itself; a leak-detection solution cut water loss in Olinda."""
    reference_data_load()
    recife = CityFactory(name="Prefeitura do Recife", slug="recife", population=1_500_000)
    olinda = CityFactory(name="Prefeitura de Olinda", slug="olinda")
    official = MembershipFactory(organisation=recife, role=MembershipRole.ADMIN).user
    company = OrganisationFactory(name="AquaSense", slug="aquasense")
    provider = MembershipFactory(organisation=company).user
    for code, target in ((WATER_LOSS, 10), (INTERNET, 95)):
        KpiTarget.objects.create(kpi=Kpi.objects.get(code=code), target=target)
    solution = solution_services.solution_create(
        actor=provider,
        provider=company,
        fields={
            "title": "Acoustic leak detection",
            "summary": "Sensors that find leaks in water mains before they burst.",
            "kpis": [WATER_LOSS],
            "addresses": [{"facet": "kpi", "value": WATER_LOSS, "strength": 1.0}],
        },
        publish=True,
    )
    ImplementationFactory(
        solution=solution,
        city=olinda,
        confirmed_at=timezone.now(),
        kpi_changes=[{"kpi": WATER_LOSS, "before": 45, "after": 30, "unit": "%", "year": 2024}],
    )
    return recife, official


def _import(page, what: str, name: str, text: str) -> None:
    page.goto("/organisations/recife/assessment/import/")
    page.get_by_label("What the file holds").select_option(label=what)
    page.get_by_label("Year").fill(str(YEAR))
    page.get_by_label("CSV file (UTF-8)").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": text.encode()}]
    )
    page.get_by_role("button", name="Import").click()


def test_from_a_csv_assessment_to_a_published_challenge(page):
    recife, official = _scene()
    sign_in(page, official)

    # A bad file is refused by line and column, and nothing is written.
    _import(page, "KPI values (one row per KPI)", "bad.csv", VALUES_CSV + "NOPE,1,%,,,\n")
    expect(page.get_by_role("alert")).to_contain_text("line 4, column kpi_code")
    assert not recife.assessments.exists()

    # The official imports the values and the climate risks, and sees the bands and the chart.
    _import(page, "KPI values (one row per KPI)", "values.csv", VALUES_CSV)
    expect(page.get_by_text("KPI values imported.")).to_be_visible()
    _import(page, "Climate risks (hazard, key impact, risk from 0 to 1)", "risks.csv", RISKS_CSV)
    expect(page.get_by_role("heading", name=f"Bands in {YEAR}")).to_be_visible()
    expect(page.get_by_role("img", name="Achievement by dimension")).to_be_visible()
    economy = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Economy"))
    expect(economy).to_contain_text("62.5 %")
    expect(economy).to_contain_text("Band 2")
    expect(page.get_by_text("Riverside districts flooded")).to_be_visible()

    # In the values form, the less-is-better KPI is in band 1 (a quarter of its target).
    page.get_by_role("link", name="Enter KPI values").click()
    row = page.get_by_role("row").filter(has_text=WATER_LOSS)
    expect(row).to_contain_text("Band 1")
    expect(row).to_contain_text("25.0 %")
    expect(row).to_contain_text("less is better")
    assert page.evaluate(UNLABELLED_CONTROLS) == []

    # The derived needs show where they come from; the official applies them.
    page.goto("/organisations/recife/assessment/needs/")
    why = page.get_by_role("cell").filter(has_text="Band 1 (25% of the target)")
    expect(why).to_have_text(f"KPI assessment: Band 1 (25% of the target) in {YEAR}")
    why = page.get_by_role("cell").filter(has_text="Highest risk")
    expect(why).to_have_text("Climate risk: Highest risk 0.8: Riverside districts flooded")
    page.get_by_role("button", name="Apply to my needs profile").click()
    expect(page.get_by_text("Your needs profile was updated.")).to_be_visible()
    assert set(NeedItem.objects.filter(city=recife).values_list("facet", "value", "source")) == {
        ("kpi", WATER_LOSS, "kpi_assessment"),
        ("hazard", "floods", "climate_risk"),
    }

    # From the water-loss gap to a draft challenge, next to the solution that proved itself.
    page.goto(f"/organisations/recife/assessment/gaps/?year={YEAR}")
    gap = page.locator("section.card").filter(has_text="water loss")
    expect(gap.get_by_role("link", name="Acoustic leak detection")).to_be_visible()
    expect(gap.get_by_text("Prefeitura de Olinda: 45 → 30")).to_be_visible()
    gap.get_by_role("button", name="Draft a challenge for this gap").click()
    expect(page.get_by_text("A draft challenge was written")).to_be_visible()
    challenge = Challenge.objects.get(city=recife)
    assert (challenge.status, challenge.kpis) == ("draft", [WATER_LOSS])
    gap = page.locator("section.card").filter(has_text="water loss")
    gap.get_by_role("button", name=re.compile("^Publish")).click()

    # The published challenge, and the solutions recommended for it with their reasons.
    expect(page.get_by_role("heading", name=challenge.title)).to_be_visible()
    challenge.refresh_from_db()
    assert challenge.status == "open"
    page.get_by_role("link", name="Solutions matched to this challenge").click()
    best = page.locator("ol.matches > li").first
    expect(best.get_by_role("link", name="Acoustic leak detection")).to_be_visible()
    expect(best.get_by_role("table", name="Why this match")).to_contain_text(
        "addresses Percentage of water loss in the water distribution system"
    )


def test_the_snapshot_of_a_private_assessment_is_not_shown_to_visitors(page):
    _recife, official = _scene()
    sign_in(page, official)
    _import(page, "KPI values (one row per KPI)", "values.csv", VALUES_CSV)
    page.goto("/organisations/recife/assessment/snapshot/")
    expect(page.get_by_role("img", name="Achievement by dimension")).to_be_visible()
    page.context.clear_cookies()
    page.goto("/organisations/recife/assessment/snapshot/")
    expect(page.get_by_text("No assessment of this city is shared with you.")).to_be_visible()


NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def test_the_assessment_pages_fit_a_phone_and_label_every_control(page):
    _recife, official = _scene()
    sign_in(page, official)
    _import(page, "KPI values (one row per KPI)", "values.csv", VALUES_CSV)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in (
        "/organisations/recife/assessment/",
        f"/organisations/recife/assessment/edit/?year={YEAR}",
        "/organisations/recife/assessment/import/",
        "/organisations/recife/assessment/needs/",
        f"/organisations/recife/assessment/gaps/?year={YEAR}",
        "/organisations/recife/assessment/snapshot/",
    ):
        page.goto(path)
        assert page.locator("main").count() == 1, path
        assert page.evaluate(UNLABELLED_CONTROLS) == [], path
        assert page.evaluate(NO_SIDEWAYS_SCROLL), path
