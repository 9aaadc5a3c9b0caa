"""Notifications in a real browser: unread, opened, marked read, and a preference changed."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import UserFactory
from cityhive.audit.models import ContactAction
from cityhive.audit.services import contact_record
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.notifications.kinds import NotificationKind, register
from cityhive.notifications.models import Channel, Notification, NotificationPreference
from cityhive.notifications.services import notification_send
from tests.e2e.test_accessibility import UNLABELLED_CONTROLS
from tests.e2e.test_catalogue_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

REPLIES = register(
    NotificationKind(
        code="journey_replies",
        label="Replies in your conversations",
        description="A partner wrote in one of your conversations.",
        default_channel=Channel.IMMEDIATE,
    )
)
FITS_390 = "() => document.documentElement.scrollWidth <= window.innerWidth"


def _notify(member, title: str, key: str) -> Notification:
    notification_send(
        kind=REPLIES.code,
        recipients=[member],
        title=title,
        body="We can start the pilot in March.",
        url="/solutions/",
        dedupe_key=key,
    )
    return Notification.objects.get(recipient=member, dedupe_key=key)


def test_a_member_reads_a_notification_and_chooses_a_weekly_digest(page):
    # given a member with two unread notifications
    member = MembershipFactory(organisation=OrganisationFactory(name="AquaSense")).user
    opened = _notify(member, "Recife replied to AquaSense", "reply:1")
    marked = _notify(member, "Olinda replied to AquaSense", "reply:2")
    sign_in(page, member)

    # when they open their notifications
    page.goto("/notifications/")
    expect(page.get_by_text("2 unread notifications")).to_be_visible()
    assert page.locator("main").count() == 1
    assert page.evaluate(UNLABELLED_CONTROLS) == []

    # then opening one follows its link and marks it read
    page.get_by_role("button", name="Open Recife replied to AquaSense").click()
    expect(page).to_have_url(re.compile(r"/solutions/$"))
    opened.refresh_from_db()
    assert opened.read_at is not None

    # and marking the other read (htmx) updates the list in place
    page.goto("/notifications/")
    expect(page.get_by_text("1 unread notification", exact=True)).to_be_visible()
    page.get_by_role("button", name="Mark read Olinda replied to AquaSense").click()
    expect(page.get_by_text("0 unread notifications")).to_be_visible()
    expect(page.get_by_role("button", name="Mark read Olinda replied to AquaSense")).to_have_count(
        0
    )
    marked.refresh_from_db()
    assert marked.read_at is not None

    # when they choose a weekly digest for replies
    page.get_by_role("link", name="Email preferences").click()
    group = page.get_by_role("group", name="Replies in your conversations")
    expect(group.get_by_role("radio", name="Email at once")).to_be_checked()
    group.get_by_role("radio", name="Weekly digest email").check()
    page.get_by_role("button", name="Save preferences").click()

    # then the choice is saved and shown
    expect(page.get_by_text("Your notification preferences are saved.")).to_be_visible()
    group = page.get_by_role("group", name="Replies in your conversations")
    expect(group.get_by_role("radio", name="Weekly digest email")).to_be_checked()
    preference = NotificationPreference.objects.get(user=member, kind=REPLIES.code)
    assert preference.channel == Channel.WEEKLY


def test_the_pages_fit_a_phone(page):
    member = MembershipFactory(
        organisation=OrganisationFactory(name="AquaSense"), role=MembershipRole.ADMIN
    ).user
    _notify(member, "A rather long title that must wrap on a narrow phone screen " * 2, "x:1")
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, member)
    for path in ("/notifications/", "/notifications/preferences/"):
        page.goto(path)
        assert page.evaluate(FITS_390), path


def test_a_city_admin_filters_the_contact_log_on_a_phone(page):
    city = CityFactory(name="Prefeitura do Recife", slug="recife")
    admin = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    company = OrganisationFactory(name="AquaSense", slug="aquasense")
    sender = MembershipFactory(organisation=company).user
    contact_record(
        actor=sender, action=ContactAction.INTEREST_SENT, city=city, company=company, summary="Hi"
    )
    contact_record(actor=admin, action=ContactAction.INTEREST_ACCEPTED, city=city, company=company)
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, admin)
    page.goto("/contact-log/")
    expect(page.get_by_text("2 entries")).to_be_visible()
    assert page.evaluate(FITS_390)
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    page.get_by_label("Action").select_option(label="Interest accepted")
    expect(page.get_by_text("1 entry", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Interest accepted")).to_be_visible()
    assert "action=interest_accepted" in page.url
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Interest accepted,interest_accepted,Prefeitura do Recife,AquaSense" in text
    assert "Interest sent" not in text


def test_someone_without_an_account_session_stops_emails_from_the_link(page):
    from cityhive.notifications.emails import unsubscribe_token

    member = UserFactory()
    token = unsubscribe_token(user_id=member.pk, kinds=[REPLIES.code])
    page.goto(f"/notifications/unsubscribe/{token}/")
    expect(page.get_by_text("Stop emails about: Replies in your conversations?")).to_be_visible()
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("status")).to_contain_text("You will no longer get emails about")
    assert NotificationPreference.objects.get(user=member, kind=REPLIES.code).channel == "off"
