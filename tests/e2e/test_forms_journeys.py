"""The item forms in a real browser, with the content security policy on: searchable pickers, rows
added and removed, co-benefits, money and ranges; a keyboard-only edit of a challenge; the same
form at phone width. Every page here fails on a console error (a blocked script or style shows as
one) and on a serious or critical axe-core violation."""

import pytest
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import PASSWORD
from cityhive.challenges import services as challenge_services
from cityhive.challenges.models import Challenge, NeedItem
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.solutions.models import Solution
from cityhive.taxonomy.services import reference_data_load
from tests.e2e.pickers import named, pick
from tests.e2e.test_keyboard import FOCUSED_NAME, skip_to_content
from tests.e2e.test_screens import AXE, AXE_RUN, OVERFLOW

pytestmark = pytest.mark.django_db(transaction=True)

CHALLENGE = {
    "title": "Protect riverside districts from floods",
    "description": "Every rainy season **three districts** flood.",
    "categories": ["environment/climate_adaptation"],
    "sdg_targets": [],
    "kpis": [],
    "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
    "budget": {"min": 100_000, "max": 2_500_000, "currency": "BRL"},
    "deadline": "2027-03-31",
    "visibility": "public",
    "status": "open",
}


@pytest.fixture
def watched(page):
    """The page, failing the test on any console error (CSP refusals show there) or page error;
    the reference vocabularies loaded (a browser test's database starts empty)."""
    reference_data_load()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    # A refused form answers 400 with the form and its errors, by design; Chromium logs that.
    refused = "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.add_init_script(path=str(AXE))
    yield page
    assert [problem for problem in problems if problem != refused] == []


def focused(page) -> str:
    """The focused control's name as a person reads it (its label, without a trailing colon)."""
    return page.evaluate(FOCUSED_NAME).rstrip(":")


def tab_to(page, name: str, presses: int = 40) -> None:
    """Press Tab until the focused control is called `name` (fails if it is never reached)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if focused(page) == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def check(page) -> None:
    """No serious or critical axe violation, and no sideways scrolling."""
    assert page.evaluate(AXE_RUN) == []
    assert page.evaluate(OVERFLOW) is None


def sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def chosen(page, selector: str) -> list[str]:
    """The values a picker's select holds for the form (in the order they were picked)."""
    return page.locator(selector).evaluate("s => [...s.selectedOptions].map(o => o.value)")


def official_and_challenge():
    city = CityFactory(name="Prefeitura do Recife", slug="recife")
    official = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    challenge = challenge_services.challenge_create(actor=official, city=city, fields=CHALLENGE)
    return official, challenge


# --- the keyboard-only edit of a challenge ----------------------------------------------------


def test_a_city_official_edits_a_challenge_with_the_keyboard_only(watched):
    page = watched
    official, challenge = official_and_challenge()
    page.goto("/accounts/login/")
    skip_to_content(page)
    tab_to(page, "Email")
    page.keyboard.type(official.email)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"/challenges/{challenge.pk}/")
    skip_to_content(page)
    tab_to(page, "Edit")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"Edit {CHALLENGE['title']}")).to_be_visible()
    check(page)

    skip_to_content(page)
    tab_to(page, "SDG targets", presses=80)
    page.keyboard.type("11.5")
    expect(page.get_by_role("option", name="11.5 ·")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    page.keyboard.type("13.1")
    expect(page.get_by_role("option", name="13.1 ·")).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    tab_to(page, "U4SSC KPIs", presses=20)
    page.keyboard.type("EC: I: WS: 1C")
    # Enter picks the highlighted option: wait for the search to have highlighted it (before
    # that, Enter would reach the form and send it).
    kpi = page.get_by_role("option", name="EC: I: WS: 1C ·")
    expect(kpi).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")
    assert focused(page) == "U4SSC KPIs"
    tab_to(page, "Add a need", presses=40)
    page.keyboard.press("Enter")
    assert focused(page) == "Facet, row 3"
    page.keyboard.type("Emission")
    page.keyboard.press("Tab")
    assert focused(page) == "Value, row 3"
    page.keyboard.type("transport")
    expect(page.get_by_role("option", name="Transportation", exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    tab_to(page, "Importance, row 3", presses=5)
    page.keyboard.type("0.6")
    tab_to(page, "Save", presses=30)
    page.keyboard.press("Enter")

    expect(page.get_by_text("was saved (open)")).to_be_visible()
    challenge = Challenge.objects.get()
    assert (challenge.sdg_targets, challenge.kpis) == (["11.5", "13.1"], ["EC: I: WS: 1C"])
    assert challenge.addresses == [
        {"facet": "hazard", "value": "floods", "strength": 1.0},
        {"facet": "emission_sector", "value": "transportation", "strength": 0.6},
    ]
    assert challenge.version == 2


def test_the_challenge_form_fits_a_phone_and_keeps_everything_on_an_error(watched):
    page = watched
    official, challenge = official_and_challenge()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, official)
    page.goto(f"/challenges/{challenge.pk}/edit/")
    check(page)
    expect(page.get_by_label("Budget from")).to_have_value("100,000")
    expect(page.get_by_label("Deadline")).to_have_value("2027-03-31")

    pick(page, "SDG targets", "11.5", "11.5 ·")
    pick(page, "Categories", "water", "Water")
    page.get_by_label("Budget from").fill("3 000 000")
    page.get_by_role("button", name="Add a need").click()
    page.get_by_label("Facet, row 2", exact=True).select_option("hazard")
    pick(page, "Value, row 2", "heat", "Heatwaves")
    page.get_by_label("Importance, row 2", exact=True).fill("0.7")
    check(page)
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_text("“Budget up to” must not be below “Budget from”.")).to_be_visible()
    check(page)
    expect(page.get_by_label("Budget from")).to_have_value("3 000 000")
    expect(page.get_by_role("combobox", name=named("Value, row 2"))).to_be_visible()
    expect(page.locator("#id_sdg_targets")).to_have_values(["11.5"])
    assert sorted(chosen(page, "#id_categories")) == [
        "environment/climate_adaptation",
        "environment/water",
    ]
    assert page.locator('select[name="addresses-1-value"]').input_value() == "heatwaves"
    assert Challenge.objects.get().version == 1

    page.get_by_label("Budget from").fill("1,000,000")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was saved (open)")).to_be_visible()
    challenge = Challenge.objects.get()
    assert (challenge.budget_min, challenge.sdg_targets) == (1_000_000, ["11.5"])
    assert challenge.addresses[1] == {"facet": "hazard", "value": "heatwaves", "strength": 0.7}


# --- the solution form --------------------------------------------------------------------------


def test_a_company_fills_in_a_solution_with_pickers_and_cobenefit_rows(watched):
    page = watched
    company = OrganisationFactory(name="AquaSense", slug="aquasense", kind="company")
    member = MembershipFactory(organisation=company).user
    sign_in(page, member)
    page.goto("/solutions/new/")
    check(page)

    page.get_by_label("Title").fill("River flood early warning")
    page.get_by_label("Summary").fill("Sensors and forecasts that warn residents before floods.")
    pick(page, "Categories", "water", "Water")
    pick(page, "SDG targets", "11.5", "11.5 ·")
    pick(page, "U4SSC KPIs", "EC: I: WS: 1C", "EC: I: WS: 1C ·")
    pick(page, "Languages", "portug", "Portuguese")
    pick(page, "Regions served", "brazil", "Brazil")
    pick(page, "Regions served", "worldwide", "Worldwide")
    page.get_by_label("Facet, row 1", exact=True).select_option("hazard")
    pick(page, "Value, row 1", "flood", "Floods")
    page.get_by_label("Strength, row 1", exact=True).fill("0.9")
    page.get_by_label("Cities from (population)").fill("100000")
    page.get_by_label("Cities up to (population)").fill("5000000")

    page.get_by_label("Co-benefit, row 1", exact=True).select_option(label="Air quality")
    page.get_by_label("Effect, row 1", exact=True).select_option("2")
    page.get_by_role("button", name="Add a co-benefit").click()
    page.get_by_label("Co-benefit, row 2", exact=True).select_option(label="Housing")
    page.get_by_label("Effect, row 2", exact=True).select_option("-1")
    page.get_by_role("button", name="Add a co-benefit").click()
    page.get_by_label("Co-benefit, row 3", exact=True).select_option(label="Mobility")
    page.get_by_role("button", name="Remove row 2").click()
    expect(page.get_by_label("Co-benefit, row 2", exact=True)).to_have_value("mobility")
    page.get_by_label("Effect, row 2", exact=True).select_option("1")
    check(page)
    page.get_by_role("button", name="Save the solution").click()

    expect(page.get_by_role("heading", name="River flood early warning")).to_be_visible()
    solution = Solution.objects.get()
    assert solution.cobenefits == {"air_quality": 2, "mobility": 1}
    assert (solution.categories, solution.sdg_targets, solution.kpis) == (
        ["environment/water"],
        ["11.5"],
        ["EC: I: WS: 1C"],
    )
    assert (solution.languages, sorted(solution.regions_served)) == (["pt"], ["BR", "global"])
    assert solution.addresses == [{"facet": "hazard", "value": "floods", "strength": 0.9}]
    assert (solution.population_min, solution.population_max) == (100_000, 5_000_000)


def test_a_chosen_tag_is_removed_from_its_picker_and_the_choice_is_saved(watched):
    page = watched
    company = OrganisationFactory(name="AquaSense", slug="aquasense", kind="company")
    member = MembershipFactory(organisation=company).user
    sign_in(page, member)
    page.goto("/solutions/new/")
    page.get_by_label("Title").fill("Heat maps")
    page.get_by_label("Summary").fill("Street-level heat maps.")
    pick(page, "SDG targets", "11.5", "11.5 ·")
    pick(page, "SDG targets", "13.1", "13.1 ·")
    page.get_by_role("button", name="Remove 11.5 ·").click()
    expect(page.locator("#id_sdg_targets")).to_have_values(["13.1"])
    page.get_by_role("button", name="Save the solution").click()
    expect(page.get_by_role("heading", name="Heat maps")).to_be_visible()
    assert Solution.objects.get().sdg_targets == ["13.1"]


# --- the needs editor ------------------------------------------------------------------------


def test_the_needs_editor_adds_and_removes_rows_and_keeps_them_on_an_error(watched):
    page = watched
    city = CityFactory(name="Prefeitura do Recife", slug="recife")
    official = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    challenge_services.needs_replace(
        actor=official,
        city=city,
        items=[{"facet": "hazard", "value": "droughts", "weight": 0.2, "source": "manual"}],
        visibility="public",
    )
    sign_in(page, official)
    page.goto("/organisations/recife/needs/")
    check(page)
    expect(page.get_by_role("combobox", name=named("Value, row 1"))).to_be_visible()
    assert page.locator('select[name="items-0-value"]').input_value() == "droughts"
    assert page.locator("[data-row-list] > [data-row]").count() == 2

    page.get_by_label("Facet, row 2", exact=True).select_option("hazard")
    pick(page, "Value, row 2", "flood", "Floods")
    page.get_by_label("Weight, row 2", exact=True).fill("0.9")
    expect(page.locator('output[for="id_items-1-weight"]')).to_have_text("pressing")
    page.get_by_label("Weight, row 2", exact=True).fill("0.3")
    expect(page.locator('output[for="id_items-1-weight"]')).to_have_text("moderate")
    page.get_by_label("Weight, row 2", exact=True).fill("0.9")
    page.get_by_role("button", name="Add a need").click()
    page.get_by_label("Facet, row 3", exact=True).select_option("emission_sector")
    pick(page, "Value, row 3", "transport", "Transportation")
    page.get_by_label("Weight, row 3", exact=True).fill("1.5")
    page.get_by_role("button", name="Remove row 1").click()
    expect(page.get_by_role("status").filter(has_text="Row removed.")).to_have_count(1)
    page.get_by_role("button", name="Save the needs profile").click()

    expect(page.get_by_text("Weight must be between 0 and 1.")).to_be_visible()
    check(page)
    assert page.locator("[data-row-list] > [data-row]").count() == 2
    assert page.locator('select[name="items-0-value"]').input_value() == "floods"
    assert page.locator('select[name="items-1-value"]').input_value() == "transportation"
    expect(page.get_by_label("Weight, row 2", exact=True)).to_have_value("1.5")
    assert list(NeedItem.objects.values_list("value", flat=True)) == ["droughts"]

    page.get_by_label("Weight, row 2", exact=True).fill("0.5")
    page.get_by_role("button", name="Save the needs profile").click()
    expect(page.get_by_text("Needs profile saved.")).to_be_visible()
    saved = NeedItem.objects.filter(city=city).order_by("-weight")
    assert list(saved.values_list("facet", "value", "weight")) == [
        ("hazard", "floods", 0.9),
        ("emission_sector", "transportation", 0.5),
    ]


def test_changing_a_rows_facet_offers_that_facets_values(watched):
    page = watched
    city = CityFactory(name="Prefeitura do Recife", slug="recife")
    official = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    sign_in(page, official)
    page.goto("/organisations/recife/needs/")
    page.get_by_label("Facet, row 1", exact=True).select_option("hazard")
    page.get_by_role("combobox", name=named("Value, row 1")).click()
    expect(page.get_by_role("option", name="Floods")).to_be_visible()
    expect(page.get_by_role("option", name="Transportation")).to_have_count(0)
    page.keyboard.press("Escape")
    page.get_by_label("Facet, row 1", exact=True).select_option("emission_sector")
    page.get_by_role("combobox", name=named("Value, row 1")).click()
    expect(page.get_by_role("option", name="Transportation")).to_be_visible()
    expect(page.get_by_role("option", name="Floods")).to_have_count(0)
