"""The partnership programme in a real browser: a company applies, a manager asks for changes,
the company resubmits, the manager approves, and partner status opens partners-only content."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import PASSWORD, TOTP_SECRET, ProgrammeManagerFactory
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.partnership.models import Application, ApplicationStatus, Partnership
from cityhive.partnership.tests.factories import TierFactory
from tests.e2e.test_accessibility import check_page
from tests.e2e.test_catalogue_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)
PARTNERS_ONLY = "Flood warnings for partners"


def sign_in_with_second_factor(page, user) -> None:
    """A programme manager signs in with the password, then the authenticator app's code."""
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(authenticator_code())
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()
    expect(page.get_by_role("heading", name="Programme queues")).to_be_visible()


def authenticator_code(secret: str = TOTP_SECRET) -> str:
    """The authenticator app's current code, read with at least 5 s of its period left, so that
    it is still the current one when the form reaches the server (a code read at the end of a
    period arrives in the next one and is refused)."""
    left = mfa_settings.TOTP_PERIOD - time.time() % mfa_settings.TOTP_PERIOD
    if left < 5:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def fill_reference(page, n: int, name: str, organisation: str, email: str, relation: str) -> None:
    page.get_by_label(f"Name of reference {n}").fill(name)
    page.get_by_label(f"Organisation of reference {n}").fill(organisation)
    page.get_by_label(f"Email of reference {n}").fill(email)
    page.get_by_label(f"How they know your work of reference {n}").fill(relation)


def decide(page, decision: str, reason: str = "") -> None:
    page.get_by_label("Decision").select_option(label=decision)
    if reason:
        page.get_by_label("Reason the applicant sees").fill(reason)
    page.get_by_role("button", name="Record the decision").click()


def test_a_company_applies_and_once_approved_sees_partners_content(page, new_page):
    TierFactory(name="Partner", annual_fee=5000, unlocks=["partners_content"], position=1)
    company = OrganisationFactory(name="AquaSense", slug="aquasense", country="NL")
    admin = MembershipFactory(organisation=company, role=MembershipRole.ADMIN).user
    city = CityFactory(name="Prefeitura do Recife", slug="recife")
    ChallengeFactory(city=city, title=PARTNERS_ONLY, visibility="partners")
    manager = ProgrammeManagerFactory()

    # The company's admin cannot see the partners-only challenge yet, and applies.
    sign_in(page, admin)
    page.goto("/challenges/")
    expect(page.get_by_text(PARTNERS_ONLY)).to_have_count(0)
    page.goto("/organisations/aquasense/")
    page.get_by_role("link", name="Apply to become a partner").click()
    check_page(page, page.url)
    page.get_by_label("Why you want to join").fill("We warn cities of floods.")
    fill_reference(page, 1, "Ana Costa", "Prefeitura do Recife", "ana@recife.example", "Pilot")
    fill_reference(page, 2, "Ben Okoth", "Nairobi County", "ben@nairobi.example", "Customer")
    page.get_by_label(re.compile(r"SDG 11\b")).check()
    page.get_by_label(re.compile("I accept the code of conduct")).check()
    page.get_by_role("button", name="Save and submit").click()
    expect(
        page.get_by_text("Your application was submitted to the programme managers.")
    ).to_be_visible()
    application = Application.objects.get()
    assert (application.status, application.sdgs) == (ApplicationStatus.SUBMITTED, [11])

    # A programme manager, signed in with the second factor, asks for changes.
    reviewer = new_page()
    sign_in_with_second_factor(reviewer, manager)
    reviewer.goto("/partnership/applications/")
    expect(reviewer.get_by_role("heading", name="Partnership applications")).to_be_visible()
    reviewer.get_by_role("link", name="AquaSense").click()
    decide(reviewer, "Ask for changes", "Name the city officials who ran your pilots.")
    expect(
        reviewer.get_by_text("Changes were asked for; the applicant sees your reason.")
    ).to_be_visible()

    # The company sees the reason on its dashboard, changes the application and resubmits.
    page.goto("/dashboard/")
    page.get_by_role(
        "link", name="Change and resubmit the partnership application of AquaSense"
    ).click()
    expect(page.get_by_text("Name the city officials who ran your pilots.").first).to_be_visible()
    page.get_by_role("link", name="Change and resubmit").click()
    page.get_by_label("How they know your work of reference 1").fill("Ran our Recife pilot")
    page.get_by_role("button", name="Save and submit").click()
    expect(
        page.get_by_text("Your application was submitted to the programme managers.")
    ).to_be_visible()

    # The manager approves it into its tier.
    reviewer.reload()
    decide(reviewer, "Approve")
    expect(reviewer.get_by_text("Approved: AquaSense is a partner.")).to_be_visible()
    assert Partnership.objects.get().organisation == company

    # The company now sees the partners-only challenge, and is in the partner directory.
    page.goto("/challenges/")
    page.get_by_role("link", name=PARTNERS_ONLY).click()
    expect(page.get_by_role("heading", name=PARTNERS_ONLY)).to_be_visible()
    visitor = new_page()
    visitor.goto("/partners/")
    card = visitor.get_by_role("listitem").filter(has_text="AquaSense")
    expect(card.get_by_text("Partner", exact=True)).to_be_visible()
    check_page(visitor, "/partners/")
