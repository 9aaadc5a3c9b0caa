"""Accessibility basics on the main pages: landmarks, labelled controls, keyboard, alt text."""

import pytest
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import PASSWORD, UserFactory
from cityhive.directory.tests.factories import CityFactory

pytestmark = pytest.mark.django_db(transaction=True)

UNLABELLED_CONTROLS = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter(el => !['hidden', 'submit', 'button'].includes(el.type))
  .filter(el => el.labels.length === 0 && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby'))
  .map(el => el.name || el.id)"""
IMAGES_WITHOUT_ALT = (
    "() => [...document.images].filter(i => !i.hasAttribute('alt')).map(i => i.src)"
)


def check_page(page, path: str) -> None:
    page.goto(path)
    assert page.locator("html").get_attribute("lang")
    assert page.locator("main").count() == 1
    expect(page.get_by_role("banner")).to_have_count(1)
    expect(page.get_by_role("contentinfo")).to_have_count(1)
    expect(page.get_by_role("navigation", name="Main")).to_have_count(1)
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    assert page.evaluate(IMAGES_WITHOUT_ALT) == []
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to content"


def test_public_pages(page):
    city = CityFactory()
    for path in [
        "/",
        "/organisations/",
        f"/organisations/{city.slug}/",
        "/sdgs/",
        "/sdgs/11/",
        "/kpis/",
        "/accounts/login/",
        "/accounts/signup/",
    ]:
        check_page(page, path)


def test_member_pages(page):
    user = UserFactory()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="Your organisations")).to_be_visible()
    for path in ["/dashboard/", "/organisations/new/", "/me/tokens/"]:
        check_page(page, path)


def test_the_directory_works_from_the_keyboard(page):
    CityFactory(name="City of Keyboardia")
    page.goto("/organisations/")
    page.get_by_label("Search").focus()
    page.keyboard.type("Keyboardia")
    page.keyboard.press("Enter")
    expect(page.get_by_text("1 organisation", exact=True)).to_be_visible()
    page.get_by_role("link", name="City of Keyboardia").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="City of Keyboardia")).to_be_visible()
