"""The programme managers' dashboard in a real browser, wide and at phone width: the charts are
drawn, each with its figures as a table, and nothing scrolls sideways."""

import re

import pytest
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.engagement.models import InterestStatus
from cityhive.engagement.tests.factories import InterestFactory, IntroductionFactory
from cityhive.partnership.models import ApplicationStatus
from cityhive.partnership.tests.factories import (
    ApplicationFactory,
    PartnershipFactory,
    TierFactory,
)
from tests.e2e.test_accessibility import check_page
from tests.e2e.test_catalogue_journeys import sign_in
from tests.e2e.test_partnership_journeys import sign_in_with_second_factor

pytestmark = pytest.mark.django_db(transaction=True)
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


def _programme():
    ApplicationFactory(status=ApplicationStatus.SUBMITTED, organisation__name="Waiting Co")
    PartnershipFactory(
        application__organisation__country="NL",
        application__sdgs=[11, 13],
        tier=TierFactory(name="Premium partner"),
    )
    city = CityFactory()
    InterestFactory(sender_organisation=OrganisationFactory(), recipient_organisation=city)
    InterestFactory(
        sender_organisation=OrganisationFactory(),
        recipient_organisation=city,
        status=InterestStatus.ACCEPTED,
        answered_at="2026-01-01T00:00:00Z",
    )
    IntroductionFactory()


@pytest.mark.parametrize("width", [1366, 390])
def test_a_manager_reads_the_programme_in_charts_and_tables(page, width):
    _programme()
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_second_factor(page, ProgrammeManagerFactory())

    page.get_by_role("link", name="The programme in figures").first.click()

    expect(page.get_by_role("heading", name="The programme in figures")).to_be_visible()
    conversion = page.get_by_role("img", name="Requests sent, accepted and introductions per month")
    expect(conversion).to_be_visible()
    expect(page.get_by_role("img", name="Partners by tier")).to_be_visible()
    expect(page.get_by_role("img", name="Partners by country")).to_be_visible()
    expect(page.get_by_role("img", name="SDGs partners commit to")).to_be_visible()
    tiers = page.get_by_role("region", name="Partners by tier")
    # at phone width each row becomes a card that names its columns too
    expect(
        tiers.get_by_role("row", name=re.compile(r"Premium partner (Number )?1$"))
    ).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"Netherlands (Number )?1$"))).to_be_visible()
    box = conversion.bounding_box()
    assert box["width"] <= width
    assert not page.evaluate(SCROLLS_SIDEWAYS)
    if width == 1366:  # at phone width the main navigation folds behind its menu button
        check_page(page, "/programme/")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_company_member_reads_its_conversion_on_the_dashboard(page, width):
    company = OrganisationFactory(kind="company", name="Floodsense")
    member = MembershipFactory(organisation=company).user
    InterestFactory(sender_organisation=company)
    InterestFactory(sender_organisation=company, status=InterestStatus.ACCEPTED)
    IntroductionFactory(second_organisation=company)
    page.set_viewport_size({"width": width, "height": 900})

    sign_in(page, member)

    panel = page.get_by_role("region", name="Requests and introductions, Floodsense")
    expect(panel).to_contain_text("Open requests, waiting for an answer")
    expect(panel).to_contain_text("1 (50%)")
    expect(
        page.get_by_role("region", name="New matches at or above 70%, Floodsense")
    ).to_be_visible()
    assert not page.evaluate(SCROLLS_SIDEWAYS)
