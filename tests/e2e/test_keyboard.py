"""Keyboard-only journeys: signing in and searching, with no mouse, at desktop and phone widths.

Every step moves focus with Tab (or types into the focused field) and acts with Enter, so a control
that cannot be reached or used from the keyboard fails the journey.
"""

import re

import pytest
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import PASSWORD, UserFactory
from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db(transaction=True)

FOCUSED_NAME = """() => {
  const el = document.activeElement;
  if (!el) return '';
  if (el.labels && el.labels.length) return el.labels[0].textContent.trim().replace(/:$/, '');
  return (el.getAttribute('aria-label') || el.textContent || el.value || '').trim();
}"""


def tab_to(page, name: str, presses: int = 40) -> None:
    """Press Tab until the focused control is called `name` (fails if it is never reached)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_NAME) == name:
            return
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def skip_to_content(page) -> None:
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED_NAME) == "Skip to content"
    page.keyboard.press("Enter")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_member_signs_in_with_the_keyboard_only(page, width):
    user = UserFactory(name="Ana Lima")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/accounts/login/")

    skip_to_content(page)
    tab_to(page, "Email")
    page.keyboard.type(user.email)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Welcome, Ana Lima")).to_be_visible()
    assert page.url.endswith("/dashboard/")


def test_a_visitor_searches_the_solutions_and_opens_one_with_the_keyboard_only(page):
    provider = OrganisationFactory(name="AquaSense")
    SolutionFactory(provider=provider, title="River flood early warning")
    SolutionFactory(provider=provider, title="Cool roofs", summary="Roofs that reflect the sun.")
    page.goto("/solutions/")

    skip_to_content(page)
    tab_to(page, "Search")
    page.keyboard.type("flood")
    page.keyboard.press("Enter")

    expect(page.get_by_text("1 solution", exact=True)).to_be_visible()
    tab_to(page, "River flood early warning")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="River flood early warning")).to_be_visible()


def test_at_phone_width_the_menu_opens_from_the_keyboard(page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto("/")
    challenges = page.get_by_role("navigation", name="Main").get_by_role("link", name="Challenges")
    expect(challenges).to_be_hidden()

    tab_to(page, "Menu")
    page.keyboard.press("Enter")

    expect(page.get_by_role("button", name="Menu")).to_have_attribute("aria-expanded", "true")
    tab_to(page, "Challenges")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/challenges/$"))
