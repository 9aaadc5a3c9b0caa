"""The programme's whole chain in real browsers: a company applies and is approved, sees a match,
expresses interest; the city official accepts; both write; each is told by the channel they chose;
and the contact log shows the whole history."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.directory.models import Membership, MembershipRole
from cityhive.notifications.models import Notification
from cityhive.partnership.tests.factories import TierFactory
from tests.e2e.test_catalogue_journeys import sign_in
from tests.e2e.test_matching_journeys import build_scene
from tests.e2e.test_partnership_journeys import decide, fill_reference, sign_in_with_second_factor

pytestmark = pytest.mark.django_db(transaction=True)


def test_from_an_application_to_a_conversation_with_notifications_and_a_contact_log(page, new_page):
    scene = build_scene()
    Membership.objects.filter(user=scene.member).update(role=MembershipRole.ADMIN)
    TierFactory(
        name="Partner", annual_fee=5000, unlocks=["partners_content", "introductions"], position=1
    )
    manager = ProgrammeManagerFactory()

    # The company's admin chooses a daily digest for answers, then applies to the programme.
    sign_in(page, scene.member)
    page.goto("/notifications/preferences/")
    answers = page.get_by_role("group", name="Answers to your interest")
    answers.get_by_role("radio", name="Daily digest email").check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your notification preferences are saved.")).to_be_visible()
    page.goto(f"/organisations/{scene.company.slug}/")
    page.get_by_role("link", name="Apply to become a partner").click()
    fill_reference(page, 1, "Ana Costa", "Prefeitura de Olinda", "ana@olinda.example", "Pilot")
    fill_reference(page, 2, "Ben Okoth", "Nairobi County", "ben@nairobi.example", "Customer")
    page.get_by_label(re.compile(r"SDG 11\b")).check()
    page.get_by_label(re.compile("I accept the code of conduct")).check()
    page.get_by_role("button", name="Save and submit").click()
    expect(
        page.get_by_text("Your application was submitted to the programme managers.")
    ).to_be_visible()

    # A programme manager approves it.
    reviewer = new_page()
    sign_in_with_second_factor(reviewer, manager)
    reviewer.goto("/partnership/applications/")
    reviewer.get_by_role("link", name="AquaSense").click()
    decide(reviewer, "Approve")
    expect(reviewer.get_by_text("Approved: AquaSense is a partner.")).to_be_visible()

    # The company sees the city's challenge among its solution's matches and asks to connect.
    page.goto(f"/solutions/{scene.flood.pk}/")
    page.get_by_role("link", name="Open challenges this solution answers").click()
    match = page.locator("ol.matches > li").filter(has_text=scene.public.title)
    match.get_by_role("link", name="Express interest").click()
    page.get_by_label("Message to the other side").fill("Our sensors warn two hours earlier.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your interest was sent.")).to_be_visible()

    # The city official was emailed at once (the default) and accepts from the inbox.
    to_official = [m for m in mail.outbox if scene.official.email in m.to]
    assert any("AquaSense" in m.subject for m in to_official)
    official = new_page()
    sign_in(official, scene.official)
    official.goto("/engagement/")
    official.get_by_role("link", name="From AquaSense").click()
    official.get_by_role("button", name="Accept").click()
    expect(official.get_by_text("Accepted: you were introduced.")).to_be_visible()
    official.get_by_role("link", name="See the introduction and contacts").click()
    official.get_by_role("link", name="Open the conversation").click()
    official.get_by_label("Your message").fill("Welcome! Can you present on Tuesday?")
    official.get_by_role("button", name="Send message").click()
    expect(official.locator("#thread")).to_contain_text("Can you present on Tuesday?")

    # The company is not emailed about the answer (daily digest) but sees it, and replies.
    answers = Notification.objects.filter(recipient=scene.member, kind="interest_answered")
    assert {answer.channel for answer in answers} == {"daily"}
    answer = answers.first()
    assert not any(
        scene.member.email in m.to and "accepted" in m.subject.lower() for m in mail.outbox
    )
    page.goto("/notifications/")
    expect(page.get_by_text(answer.title).first).to_be_visible()
    page.goto("/engagement/")
    page.locator("li").filter(has_text="1 unread").get_by_role(
        "link", name=re.compile("AquaSense")
    ).click()
    page.get_by_label("Your message").fill("Tuesday works for us.")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("#thread")).to_contain_text("Tuesday works for us.")

    # The contact log shows the whole history to the programme manager.
    reviewer.goto("/contact-log/")
    log = reviewer.locator("main")
    for action in ("Interest sent", "Interest accepted", "Introduction made", "Message sent"):
        expect(log.get_by_role("cell", name=action).first).to_be_visible()
    expect(log.get_by_role("cell", name="Message sent")).to_have_count(2)
