"""The solution form's free tags and the catalogue's country filter as searchable pickers, in a
real browser with the content security policy on; and the same forms without JavaScript."""

import pytest
from playwright.sync_api import expect

from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.solutions.models import Solution
from cityhive.solutions.tests.factories import SolutionFactory
from tests.e2e.pickers import named, pick
from tests.e2e.test_forms_journeys import check, sign_in, watched  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def company_member():
    company = OrganisationFactory(name="AquaSense", slug="aquasense", kind="company", country="BR")
    return company, MembershipFactory(organisation=company).user


def fill_required(page, title: str) -> None:
    page.get_by_label("Title").fill(title)
    page.get_by_label("Summary").fill("Sensors and forecasts that warn residents before floods.")


def test_a_company_picks_a_tag_in_use_and_creates_a_new_one(watched):  # noqa: F811
    page = watched
    SolutionFactory(title="Rain gauges", tags=["flood warning", "rainfall"])
    company, member = company_member()
    sign_in(page, member)
    page.goto("/solutions/new/")
    fill_required(page, "River flood early warning")

    pick(page, "Tags", "flood", "flood warning")
    tags = page.get_by_role("combobox", name=named("Tags"))
    tags.click()
    tags.press_sequentially("river sensors")
    expect(page.get_by_role("option", name="Add “river sensors”")).to_be_visible()
    tags.press("Enter")
    tags.press_sequentially("community alerts,")
    page.keyboard.press("Escape")
    check(page)
    page.get_by_role("button", name="Remove river sensors").click()
    page.get_by_role("button", name="Save the solution").click()

    expect(page.get_by_role("heading", name="River flood early warning")).to_be_visible()
    saved = Solution.objects.get(provider=company)
    assert saved.tags == ["flood warning", "community alerts"]
    page.goto(f"/solutions/{saved.pk}/edit/")
    expect(page.get_by_role("button", name="Remove flood warning")).to_be_visible()
    expect(page.get_by_role("button", name="Remove community alerts")).to_be_visible()
    assert page.locator("#id_tags").input_value() == "flood warning,community alerts"


def test_the_catalogue_country_filter_is_a_searchable_picker(watched):  # noqa: F811
    page = watched
    SolutionFactory(title="Porto sensors", provider__country="BR")
    SolutionFactory(title="Berlin heat maps", provider__country="DE")
    page.goto("/solutions/")
    check(page)

    # The filter shows its choice ("Any"): the search box opens when the control is clicked.
    page.locator("#id_country + .ts-wrapper .ts-control").click()
    page.keyboard.type("bra")
    page.get_by_role("option", name="Brazil").click()

    expect(page.get_by_role("link", name="Porto sensors")).to_be_visible()
    expect(page.get_by_role("link", name="Berlin heat maps")).to_have_count(0)
    assert "country=BR" in page.url
    check(page)


def test_without_javascript_tags_are_typed_and_the_country_is_chosen(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    SolutionFactory(title="Berlin heat maps", provider__country="DE")
    company, member = company_member()
    sign_in(page, member)
    page.goto("/solutions/new/")
    fill_required(page, "Heat maps for Recife")
    page.get_by_label("Tags").fill("heat,  street trees , ")
    page.get_by_role("button", name="Save the solution").click()
    expect(page.get_by_role("heading", name="Heat maps for Recife")).to_be_visible()
    assert Solution.objects.get(provider=company).tags == ["heat", "street trees"]

    page.goto("/solutions/")
    page.get_by_label("Country").select_option("DE")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Berlin heat maps")).to_be_visible()
    expect(page.get_by_role("link", name="Heat maps for Recife")).to_have_count(0)
    context.close()
