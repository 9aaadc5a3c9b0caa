"""The solution catalogue and city challenges, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import PASSWORD
from cityhive.challenges.models import Challenge, ChallengeStatus
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.solutions import services
from cityhive.solutions.models import Implementation, Solution, SolutionStatus
from cityhive.taxonomy.services import reference_data_load
from tests.e2e.pickers import pick
from tests.e2e.test_accessibility import check_page

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Your organisations")).to_be_visible()


def test_a_city_official_publishes_a_challenge(page, new_page):
    reference_data_load()
    city = CityFactory(name="Prefeitura do Recife", slug="recife")
    official = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    sign_in(page, official)

    page.get_by_role("link", name="Publish a challenge for Prefeitura do Recife").click()
    page.get_by_label("Title").fill("Protect riverside districts from floods")
    page.get_by_label("Description").fill("Every rainy season **three districts** flood.")
    page.get_by_label("Deadline").fill("2027-03-31")
    page.get_by_label("Budget from").fill("100000")
    page.get_by_label("Budget up to").fill("2500000")
    pick(page, "Currency", "BRL", "BRL · Brazilian real")
    pick(page, "Categories", "adaptation", "Climate adaptation")
    pick(page, "SDG targets", "11.5", "11.5 ·")
    page.get_by_label("Facet, row 1").select_option("hazard")
    pick(page, "Value, row 1", "flood", "Floods")
    page.get_by_label("Importance, row 1").fill("1")
    page.get_by_label("Status").select_option("open")
    page.get_by_role("button", name="Save the challenge").click()

    expect(
        page.get_by_role("heading", name="Protect riverside districts from floods")
    ).to_be_visible()
    expect(page.get_by_text("was created (open)")).to_be_visible()
    challenge = Challenge.objects.get()
    assert (challenge.city, challenge.status, challenge.budget_currency) == (
        city,
        ChallengeStatus.OPEN,
        "BRL",
    )

    visitor = new_page()
    visitor.goto("/challenges/")
    visitor.get_by_label("Climate hazard").select_option("floods")
    expect(visitor.get_by_text("1 challenge", exact=True)).to_be_visible()
    visitor.get_by_role("link", name="Protect riverside districts from floods").click()
    expect(visitor.get_by_text("31 March 2027")).to_be_visible()


def test_a_company_publishes_a_solution_and_the_city_confirms_its_implementation(page, new_page):
    reference_data_load()
    company = OrganisationFactory(name="AquaSense", slug="aquasense", kind="company")
    member = MembershipFactory(organisation=company).user
    city = CityFactory(name="Prefeitura do Recife", slug="recife")
    city_admin = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    sign_in(page, member)

    page.get_by_role("link", name="Add a solution for AquaSense").click()
    page.get_by_label("Title").fill("River flood early warning")
    page.get_by_label("Summary").fill("Sensors and forecasts that warn residents before floods.")
    page.get_by_label("Description").fill("Works with **any** river.")
    pick(page, "Categories", "water", "Water")
    pick(page, "SDG targets", "11.5", "11.5 ·")
    pick(page, "SDG targets", "13.1", "13.1 ·")
    pick(page, "U4SSC KPIs", "EC: I: WS: 1C", "EC: I: WS: 1C ·")
    page.get_by_label("Facet, row 1").select_option("hazard")
    pick(page, "Value, row 1", "flood", "Floods")
    page.get_by_label("Strength, row 1").fill("0.9")
    page.get_by_label("Maturity (TRL)").select_option("8")
    page.get_by_label("Publish now").check()
    page.get_by_role("button", name="Save the solution").click()
    expect(page.get_by_role("heading", name="River flood early warning")).to_be_visible()
    solution = Solution.objects.get()
    assert (solution.provider, solution.status) == (company, SolutionStatus.PUBLISHED)

    page.get_by_role("link", name="Add an implementation").click()
    pick(page, "City", "Recife", "Prefeitura do Recife")
    page.get_by_label("Year").first.fill("2024")
    page.get_by_label("Status").select_option("deployed")
    pick(page, "KPI, row 1", "EC: I: WS: 1C", "EC: I: WS: 1C ·")
    page.get_by_label("Before, row 1").fill("71.5")
    page.get_by_label("After, row 1").fill("93")
    page.get_by_label("Unit, row 1").fill("%")
    page.get_by_role("button", name="Add the implementation").click()
    expect(page.get_by_text("Not yet confirmed by the city")).to_be_visible()
    expect(page.get_by_role("cell", name="71.5")).to_be_visible()

    official = new_page()
    sign_in(official, city_admin)
    official.goto("/organisations/recife/")
    official.get_by_role("button", name=re.compile("^Confirm River flood early warning")).click()
    expect(official.get_by_text("Confirmed by Prefeitura do Recife")).to_be_visible()
    assert Implementation.objects.get().confirmed_by == city_admin


def test_a_visitor_finds_a_solution_by_search_and_facet(page):
    reference_data_load()
    company = OrganisationFactory(name="AquaSense", slug="aquasense")
    member = MembershipFactory(organisation=company).user
    fields = {"summary": "Works in any city.", "categories": ["environment/water"]}
    for title, hazard in [
        ("River flood early warning", "floods"),
        ("Flood-proof street trees", "heatwaves"),
        ("Cool roofs", "heatwaves"),
    ]:
        services.solution_create(
            actor=member,
            provider=company,
            fields={
                **fields,
                "title": title,
                "addresses": [{"facet": "hazard", "value": hazard, "strength": 1}],
            },
            publish=True,
        )
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Solutions").click()
    expect(page.get_by_text("3 solutions")).to_be_visible()
    # The list shows before the page's scripts have wired the live search: typing earlier than
    # that would be lost (seen once under a full run's load).
    page.wait_for_load_state()
    page.get_by_label("Search").fill("flood")
    expect(page.get_by_text("2 solutions")).to_be_visible()
    page.get_by_label("Climate hazard").select_option("floods")
    expect(page.get_by_text("1 solution", exact=True)).to_be_visible()
    assert "hazard=floods" in page.url and "q=flood" in page.url
    page.get_by_role("link", name="River flood early warning").click()
    expect(page.get_by_role("heading", name="River flood early warning")).to_be_visible()
    expect(page.get_by_role("link", name="AquaSense")).to_be_visible()


def test_catalogue_pages_are_accessible(page):
    reference_data_load()
    company = OrganisationFactory(name="AquaSense", slug="aquasense")
    member = MembershipFactory(organisation=company).user
    city = CityFactory(slug="recife")
    MembershipFactory(organisation=city, user=member, role=MembershipRole.ADMIN)
    solution = services.solution_create(
        actor=member,
        provider=company,
        fields={
            "title": "River flood early warning",
            "summary": "Warns residents.",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 0.9}],
        },
        publish=True,
    )
    for path in ["/solutions/", f"/solutions/{solution.pk}/", "/challenges/", "/sdgs/13/"]:
        check_page(page, path)
    sign_in(page, member)
    for path in [
        "/solutions/new/",
        f"/solutions/{solution.pk}/edit/",
        f"/solutions/{solution.pk}/implementations/new/",
        "/challenges/new/",
        "/organisations/recife/needs/",
        "/organisations/recife/",
    ]:
        check_page(page, path)
