"""A project from a challenge to financial close, in a real browser: the city builds its
consortium with a proposed company, opens an investment opportunity, a matched financier expresses
interest, the plan reaches financial close, and the project's OCDS export validates."""

import pytest
from playwright.sync_api import expect

from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.projects.models import Project
from cityhive.projects.ocds_schema import extended_package_errors, package_errors
from cityhive.projects.tests.factories import FinancierFactory, MandateFactory
from cityhive.solutions.tests.factories import SolutionFactory
from tests.e2e import test_events_journeys

pytestmark = pytest.mark.django_db(transaction=True)
person = test_events_journeys.person  # a browser signed in as each person of the journey


def _admin_of(organisation):
    return MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN).user


def _schema_errors(package: dict) -> list[str]:
    """Against the official schema and the release schema merged with the extensions."""
    return package_errors(package) + extended_package_errors(package)


def _no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_project_from_challenge_to_financial_close(person):
    city = CityFactory(name="Riverton", slug="riverton")
    city_admin = _admin_of(city)
    ChallengeFactory(city=city, title="Riverside floods", categories=["environment/water"])
    company = OrganisationFactory(name="Dyke Works", slug="dyke-works")
    company_admin = _admin_of(company)
    SolutionFactory(provider=company, status="published", categories=["environment/water"])
    OrganisationFactory(name="Parking Co")  # covers nothing the project needs
    bank = FinancierFactory(name="Green Bank", slug="green-bank")
    MandateFactory(financier=bank, sectors=["environment"])
    banker = MembershipFactory(organisation=bank).user

    # The city turns its challenge into a project.
    city_page = person(city_admin)
    city_page.goto("/projects/new/")
    city_page.get_by_label("From the challenge").select_option(label="Riverside floods")
    city_page.get_by_label("Estimated capital cost").fill("900000")
    city_page.get_by_label("Estimated operating cost").fill("100000")
    city_page.get_by_role("button", name="Create the project").click()
    expect(city_page.get_by_role("heading", level=1)).to_have_text("Riverside floods")
    project = Project.objects.get()
    _no_sideways_scroll(city_page)

    # The builder proposes the company that covers the water need, with its reasons.
    proposals = city_page.locator(".card", has_text="Dyke Works")
    expect(proposals.get_by_text("Covers what no member covers yet")).to_be_visible()
    expect(city_page.locator(".card", has_text="Parking Co")).to_have_count(0)
    proposals.get_by_role("button", name="Invite Dyke Works").click()
    expect(city_page.get_by_text("Invitation sent to Dyke Works.")).to_be_visible()

    # The company accepts.
    company_page = person(company_admin)
    company_page.goto(f"/projects/{project.pk}/")
    company_page.get_by_role("button", name="Join the consortium").click()
    expect(company_page.get_by_text("You joined the consortium.")).to_be_visible()

    # The city opens an investment opportunity.
    city_page.goto(f"/projects/{project.pk}/")
    city_page.get_by_role("link", name="Open to financiers").click()
    city_page.get_by_label("Summary").fill("A flood barrier paid by availability payments.")
    city_page.get_by_label("Smallest ticket").fill("100000")
    city_page.get_by_label("Largest ticket").fill("500000")
    city_page.get_by_label("Concessional loan").check()
    city_page.get_by_role("button", name="Open the opportunity").click()
    expect(city_page.get_by_text("The project is open to verified financiers.")).to_be_visible()

    # The matched financier sees why and expresses interest.
    bank_page = person(banker)
    bank_page.goto("/opportunities/")
    matched = bank_page.locator(".card", has_text="Riverside floods")
    expect(matched.get_by_text("Funds the project's sectors")).to_be_visible()
    matched.get_by_role("link", name="Riverside floods").click()
    bank_page.get_by_label("Note to the city").fill("We lend for flood defence.")
    bank_page.get_by_role("button", name="Express interest").click()
    expect(bank_page.get_by_text("The city knows you are interested.")).to_be_visible()

    # The plan must add up: a short plan is refused with the sums, a full one is saved.
    city_page.goto(f"/projects/{project.pk}/plan/")
    source = city_page.get_by_role("group", name="Source 1")
    source.get_by_label("Source:", exact=True).fill("Green Bank loan")
    source.get_by_label("Financier (optional)").fill("green-bank")
    source.get_by_label("Instrument").select_option(label="Concessional loan")
    source.get_by_label("Amount").fill("400000")
    source.get_by_label("Currency").fill("EUR")
    source.get_by_label("Status").select_option(label="Committed")
    city_page.get_by_role("button", name="Save the plan").click()
    expect(
        city_page.get_by_text(
            "The plan adds up to 400000.00 EUR but the project costs 1000000.00 EUR."
        ).first
    ).to_be_visible()
    second = city_page.get_by_role("group", name="Source 2")
    second.get_by_label("Source:", exact=True).fill("City budget")
    second.get_by_label("Instrument").select_option(label="City budget")
    second.get_by_label("Amount").fill("600000")
    second.get_by_label("Currency").fill("EUR")
    second.get_by_label("Status").select_option(label="Committed")
    city_page.get_by_role("button", name="Save the plan").click()
    expect(city_page.get_by_text("Financing plan saved")).to_be_visible()
    city_page.get_by_role("button", name="Record financial close").click()
    expect(city_page.get_by_text("Financial close recorded.")).to_be_visible()

    # The OCDS export validates and names the financier as a funder.
    response = city_page.request.get(f"/projects/{project.pk}/ocds.json")
    package = response.json()
    assert _schema_errors(package) == []
    parties = {p["name"]: p["roles"] for r in package["releases"] for p in r["parties"]}
    assert parties["Green Bank"] == ["funder"]
    assert [r["tag"] for r in package["releases"]] == [["planning"], ["tender"], ["award"]]
