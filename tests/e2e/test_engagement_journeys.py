"""From a match to an introduction and a conversation, in two real browsers."""

import re

import pytest
from playwright.sync_api import expect

from cityhive.directory.models import Membership, MembershipRole
from cityhive.engagement import services
from cityhive.engagement.matches import match_item_of
from cityhive.engagement.tests.factories import introductions_partner
from tests.e2e.test_accessibility import UNLABELLED_CONTROLS, check_page
from tests.e2e.test_catalogue_journeys import sign_in
from tests.e2e.test_matching_journeys import build_scene

pytestmark = pytest.mark.django_db(transaction=True)
NARROW = {"width": 390, "height": 844}
SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"


def test_a_company_expresses_interest_the_city_accepts_and_both_write(page, new_page):
    scene = build_scene()
    introductions_partner(scene.company)  # its tier unlocks introductions to cities

    # The company sees the city's challenge among its solution's matches and asks to connect.
    sign_in(page, scene.member)
    page.goto(f"/solutions/{scene.flood.pk}/")
    page.get_by_role("link", name="Open challenges this solution answers").click()
    match = page.locator("ol.matches > li").filter(has_text=scene.public.title)
    match.get_by_role("link", name="Express interest").click()
    page.get_by_label("Message to the other side").fill("Our sensors warn two hours earlier.")
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Your interest was sent.")).to_be_visible()
    expect(page.get_by_text("Waiting for an answer")).to_be_visible()

    # The city official, in another browser, accepts from the inbox.
    official = new_page()
    official.set_viewport_size(NARROW)
    sign_in(official, scene.official)
    official.goto("/engagement/")
    official.get_by_role("link", name="From AquaSense").click()
    expect(official.get_by_text("Our sensors warn two hours earlier.")).to_be_visible()
    official.get_by_role("button", name="Accept").click()
    expect(official.get_by_text("Accepted: you were introduced.")).to_be_visible()
    official.get_by_role("link", name="See the introduction and contacts").click()
    expect(official.get_by_role("link", name=scene.member.email)).to_be_visible()
    assert not official.evaluate(SCROLLS_SIDEWAYS)
    official.get_by_role("link", name="Open the conversation").click()
    official.get_by_label("Your message").fill("Welcome! Can you present on Tuesday?")
    official.get_by_role("button", name="Send message").click()
    expect(official.locator("#thread")).to_contain_text("Can you present on Tuesday?")
    assert official.evaluate(UNLABELLED_CONTROLS) == []
    assert not official.evaluate(SCROLLS_SIDEWAYS)

    # The company sees the introduction, the unread message, and answers.
    page.goto("/engagement/")
    conversation = page.locator("li").filter(has_text="1 unread")
    expect(conversation).to_have_count(1)
    conversation.get_by_role("link", name=re.compile("AquaSense")).click()
    expect(page.locator("#thread")).to_contain_text("Can you present on Tuesday?")
    page.get_by_label("Your message").fill("Tuesday works for us.")
    page.get_by_role("button", name="Send message").click()
    expect(page.locator("#thread")).to_contain_text("Tuesday works for us.")

    # The official's open thread refreshes by itself.
    expect(official.locator("#thread")).to_contain_text("Tuesday works for us.", timeout=15_000)


def test_the_city_declines_a_second_request_with_a_reason(page):
    scene = build_scene()
    introductions_partner(scene.company)  # its tier unlocks introductions to cities
    subject, candidate = match_item_of(scene.company), match_item_of(scene.recife)
    services.interest_create(
        actor=scene.member, subject=subject, candidate=candidate, message="A second idea."
    )

    sign_in(page, scene.official)
    page.goto("/engagement/")
    page.get_by_role("link", name="From AquaSense").click()
    page.get_by_text("Decline", exact=True).click()
    page.get_by_label("Reason").select_option(label="Not relevant to us")
    page.get_by_label("Note to the other side").fill("We have a provider for this already.")
    page.get_by_role("button", name="Decline the request").click()

    expect(page.get_by_text("The request was declined.")).to_be_visible()
    expect(page.locator(".badge", has_text="Declined")).to_be_visible()
    expect(
        page.get_by_text("Not relevant to us: We have a provider for this already.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Accept")).to_have_count(0)


def test_a_company_responds_to_a_challenge_and_the_city_shortlists_it(page, new_page):
    scene = build_scene()
    introductions_partner(scene.company)  # its tier unlocks introductions to cities

    sign_in(page, scene.member)
    page.goto(f"/challenges/{scene.public.pk}/")
    page.get_by_role("link", name="Respond to this challenge").click()
    page.get_by_label("Which of your solutions").select_option(label=scene.flood.title)
    page.get_by_label("Approach").fill("Sensors on both rivers, alerts by text message.")
    page.get_by_label("Indicative cost").fill("90000")
    page.get_by_label("Currency").fill("BRL")
    page.get_by_label("Timeline").fill("A 6-month pilot")
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    page.get_by_role("button", name="Send the response").click()
    expect(page.get_by_text("Your response was sent to the city.")).to_be_visible()

    official = new_page()
    official.set_viewport_size(NARROW)
    sign_in(official, scene.official)
    official.goto(f"/challenges/{scene.public.pk}/")
    official.get_by_role("link", name="1 response").click()
    card = official.locator("article.response").filter(has_text="AquaSense")
    expect(card).to_contain_text("90,000 BRL")
    expect(card.get_by_role("heading", name="Why it matches")).to_be_visible()
    assert not official.evaluate(SCROLLS_SIDEWAYS)
    card.get_by_role("button", name="Shortlist").click()
    expect(official.get_by_text("The response was shortlisted.")).to_be_visible()

    page.reload()
    expect(page.locator("article.response .badge")).to_have_text("Shortlisted")


def test_the_engagement_pages_meet_the_accessibility_basics(page):
    scene = build_scene()
    introductions_partner(scene.company)  # its tier unlocks introductions to cities
    subject, candidate = match_item_of(scene.flood), match_item_of(scene.public)
    interest = services.interest_create(actor=scene.member, subject=subject, candidate=candidate)
    services.interest_accept(actor=scene.official, interest=interest)
    interest.refresh_from_db()

    sign_in(page, scene.official)
    for path in [
        "/engagement/",
        "/engagement/?tab=sent",
        f"/engagement/interests/{interest.pk}/",
        f"/engagement/introductions/{interest.introduction_id}/",
        f"/engagement/conversations/{interest.introduction.conversation.pk}/",
        f"/challenges/{scene.public.pk}/responses/",
    ]:
        check_page(page, path)


def test_a_company_without_introductions_is_shown_why_and_goes_to_apply(page):
    scene = build_scene()
    Membership.objects.filter(user=scene.member).update(role=MembershipRole.ADMIN)

    sign_in(page, scene.member)
    page.goto(f"/solutions/{scene.flood.pk}/")
    page.get_by_role("link", name="Open challenges this solution answers").click()
    match = page.locator("ol.matches > li").filter(has_text=scene.public.title)
    expect(match.get_by_role("link", name="Express interest")).to_have_count(0)
    expect(match).to_contain_text("AquaSense needs an active partnership")
    match.get_by_role("link", name="Apply for partnership").click()

    expect(page).to_have_url(re.compile(r"/partnership/apply/\?organisation=aquasense$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
