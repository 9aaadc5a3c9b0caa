"""A visitor finds a city's shared assessment from its organisation page, opens the printable
snapshot and downloads it as a PDF; a private draft stays with the city's members."""

import re

import pytest
from playwright.sync_api import expect

from cityhive.assessment import services
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.taxonomy.services import reference_data_load
from tests.e2e.test_accessibility import UNLABELLED_CONTROLS
from tests.e2e.test_catalogue_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

LIFE = "SC: EH: H: 1C"
NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _recife(*, visibility: str | None):
    """Recife's 2025 assessment: submitted with that visibility, or a draft (None)."""
    reference_data_load()
    recife = CityFactory(name="Prefeitura do Recife", slug="recife")
    official = MembershipFactory(organisation=recife, role=MembershipRole.ADMIN).user
    assessment = services.assessment_open(actor=official, city=recife, year=2025)
    services.kpi_values_set(
        actor=official, assessment=assessment, values=[{"kpi": LIFE, "value": 74.5}]
    )
    if visibility is not None:
        services.assessment_submit(actor=official, assessment=assessment, visibility=visibility)
    return official


def test_a_visitor_goes_from_the_city_to_its_snapshot_and_downloads_the_pdf(page):
    _recife(visibility="public")
    page.goto("/organisations/recife/")
    section = page.get_by_role("region", name="U4SSC self-assessment")
    section.get_by_role("link", name="Prefeitura do Recife's assessment 2025").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prefeitura do Recife")
    page.get_by_role("link", name="Printable snapshot").click()
    expect(page.get_by_role("heading", name="Prefeitura do Recife: U4SSC snapshot")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the 2025 snapshot as PDF").click()
    download = download_info.value
    assert download.suggested_filename == "recife-snapshot-2025.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


def test_a_private_draft_is_linked_for_the_citys_members_only(page):
    official = _recife(visibility=None)
    page.goto("/organisations/recife/")
    expect(page.get_by_role("region", name="U4SSC self-assessment")).to_have_count(0)
    sign_in(page, official)
    page.goto("/organisations/recife/")
    section = page.get_by_role("region", name="U4SSC self-assessment")
    expect(section.get_by_text("Draft")).to_be_visible()
    section.get_by_role("link", name="Enter the assessment's values").click()
    expect(page).to_have_url(re.compile(r"/organisations/recife/assessment/edit/$"))


def test_the_organisation_page_and_snapshot_fit_a_phone(page):
    official = _recife(visibility="public")
    sign_in(page, official)
    page.set_viewport_size({"width": 390, "height": 844})
    for path in ("/organisations/recife/", "/organisations/recife/assessment/snapshot/"):
        page.goto(path)
        assert page.locator("main").count() == 1, path
        assert page.evaluate(UNLABELLED_CONTROLS) == [], path
        assert page.evaluate(NO_SIDEWAYS_SCROLL), path
