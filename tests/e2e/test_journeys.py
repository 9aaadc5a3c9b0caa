"""What a person does on the platform, in a real browser."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from playwright.sync_api import expect

from cityhive.directory.models import Membership, Organisation
from cityhive.places.tests.factories import PlaceFactory
from tests.e2e.test_partnership_journeys import authenticator_code

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "a-long-and-unusual-passphrase-42"


def _link_in_last_mail(to: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    return re.search(r"https?://\S+", message.body).group(0)


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def sign_up(page, email: str) -> None:
    page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill(email.split("@")[0].capitalize())
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^Password \(again\)")).fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    page.goto(_path(_link_in_last_mail(email)))
    page.get_by_role("button", name="Confirm").click()


def test_sign_up_create_a_city_and_invite_a_colleague(page, new_page, live_server):
    PlaceFactory(name="Recife", search_name="recife", country="BR", population=1_478_098)
    sign_up(page, "ana@recife.example")
    expect(page.get_by_role("heading", name=re.compile("Welcome"))).to_be_visible()

    page.get_by_role("link", name="Create an organisation").click()
    page.get_by_label("Kind").select_option("city")
    page.get_by_label("Name", exact=True).fill("Prefeitura do Recife")
    page.get_by_label("City (GeoNames)").fill("Reci")
    page.get_by_label(re.compile("Recife, Brazil")).check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Prefeitura do Recife")).to_be_visible()
    city = Organisation.objects.get(name="Prefeitura do Recife")
    assert (city.place.name, city.country.code) == ("Recife", "BR")

    page.get_by_role("link", name="Members").click()
    page.get_by_label("Email").fill("bruno@recife.example")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_text("Invitation sent to bruno@recife.example")).to_be_visible()
    invitation_path = _path(_link_in_last_mail("bruno@recife.example"))

    colleague = new_page()
    sign_up(colleague, "bruno@recife.example")
    colleague.goto(invitation_path)
    colleague.get_by_role("button", name="Accept the invitation").click()
    expect(colleague.get_by_text("Welcome to Prefeitura do Recife")).to_be_visible()
    assert Membership.objects.get(user__email="bruno@recife.example").organisation == city


def test_set_up_two_factor_authentication(page):
    sign_up(page, "mfa@example.org")
    page.goto("/accounts/2fa/totp/activate/")
    # Signing in through the emailed link is not a password check: allauth asks for it first.
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    secret = page.get_by_label("Authenticator secret").input_value()
    page.get_by_label("Authenticator code").fill(authenticator_code(secret))
    page.get_by_role("button", name="Activate").click()
    expect(
        page.get_by_text(re.compile("Two-factor authentication|Recovery Codes", re.I)).first
    ).to_be_visible()
    assert Authenticator.objects.filter(user__email="mfa@example.org", type="totp").count() == 1


def test_browse_and_filter_the_directory(page):
    from cityhive.directory.tests.factories import OrganisationFactory

    OrganisationFactory(
        name="Green Infrastructure Fund", kind="financier", country="CH", is_verified=True
    )
    OrganisationFactory(name="Bright Streets", kind="company", country="ES")
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Directory").click()
    expect(page.get_by_text("2 organisations")).to_be_visible()
    page.get_by_label("Kind").select_option("financier")
    expect(page.get_by_text("1 organisation", exact=True)).to_be_visible()
    page.get_by_role("link", name="Green Infrastructure Fund").click()
    expect(page.get_by_text("Verified by the programme")).to_be_visible()
