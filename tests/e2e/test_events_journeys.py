"""An event from publication to a held meeting that becomes an introduction, in a real browser."""

import datetime
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.accounts.tests.sessions import sign_in as session_sign_in
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.engagement.models import Introduction
from cityhive.events.models import Event
from tests.e2e.pickers import pick
from tests.e2e.test_accessibility import UNLABELLED_CONTROLS
from tests.e2e.test_matching_journeys import _needs, _solution

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def person(browser, live_server):
    """A browser signed in as `user` (its own cookies), for a journey with several people."""
    contexts = []

    def make(user):
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(15_000)
        client = Client()
        session_sign_in(client, user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _local(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M")


def _register(page, event_url: str, offer: str, bring: str = "") -> None:
    page.goto(event_url)
    page.get_by_role("link", name="Register").click()
    page.get_by_label("What you offer").fill(offer)
    if bring:
        page.get_by_label(bring).check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("You are registered.")).to_be_visible()


def _free_in_every_slot(page, event_url: str) -> None:
    page.goto(event_url + "meetings/")
    for box in page.get_by_role("checkbox").all():
        if box.get_attribute("name") == "slots":
            box.check()
    page.get_by_role("button", name="Save my free times").click()
    expect(page.get_by_text("Your free times are saved.")).to_be_visible()


def test_from_an_event_to_a_held_meeting_and_an_introduction(person):
    from cityhive.taxonomy.services import reference_data_load

    reference_data_load()
    expo = OrganisationFactory(name="Smart City Expo", kind="international_org")
    organiser = MembershipFactory(organisation=expo, role=MembershipRole.ADMIN).user
    recife = CityFactory(name="Prefeitura do Recife", slug="recife")
    official = MembershipFactory(organisation=recife, role=MembershipRole.ADMIN).user
    _needs(official, recife, "floods", 1.0)
    aqua = OrganisationFactory(name="AquaSense", slug="aquasense")
    aqua_member = MembershipFactory(organisation=aqua, role=MembershipRole.ADMIN).user
    _solution(aqua_member, aqua, "Flood early warning", "floods")
    other = OrganisationFactory(name="Parking Pro", slug="parking-pro")
    other_member = MembershipFactory(organisation=other, role=MembershipRole.ADMIN).user
    _solution(other_member, other, "Smart parking", "heatwaves")
    manager = ProgrammeManagerFactory()

    # The organiser drafts a hybrid event that is already under way, and submits it
    page = person(organiser)
    page.goto("/events/")
    page.get_by_role("link", name="Organise an event").click()
    page.get_by_label("Title").fill("Resilient cities matchmaking")
    page.get_by_label("Format").select_option(label="Hybrid")
    page.get_by_label("Venue").fill("Recife Convention Centre")
    page.get_by_label("Online meeting link").fill("https://meet.example.org/resilient")
    page.get_by_label("Time zone").select_option("UTC")
    now = timezone.now()
    page.get_by_label("Starts").fill(_local(now - datetime.timedelta(hours=2)))
    page.get_by_label("Ends").fill(_local(now + datetime.timedelta(hours=6)))
    page.get_by_label("1:1 meetings").select_option("batch")
    page.get_by_label("Meeting tables").fill("5")
    pick(page, "SDG targets", "resilience of the poor", "1.5 ·")
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Event saved as a draft.")).to_be_visible()
    assert Event.objects.get(title="Resilient cities matchmaking").sdg_targets == ["1.5"]
    event_url = page.url
    page.get_by_role("button", name="Submit for publication").click()
    expect(page.get_by_text("Sent to the programme for approval.")).to_be_visible()

    # A programme manager approves it
    manager_page = person(manager)
    manager_page.goto(event_url)
    manager_page.get_by_role("button", name="Approve and publish").click()
    expect(manager_page.get_by_text("Event published.")).to_be_visible()

    # The organiser opens two meeting slots that have already begun
    page.goto(event_url + "manage/")
    page.get_by_label("First slot starts").fill(_local(now - datetime.timedelta(hours=1)))
    page.get_by_label("Number of slots").fill("2")
    page.get_by_label("Minutes each").fill("30")
    page.get_by_role("button", name="Add the slots").click()
    expect(page.get_by_text("Meeting slots added.")).to_be_visible()

    # Two companies and the city register
    company = person(aqua_member)
    _register(company, event_url, "Flood sensors and early warning", bring="Flood early warning")
    _register(person(other_member), event_url, "Parking sensors")
    city = person(official)
    _register(city, event_url, "Districts that flood every rainy season")

    # The city sees AquaSense suggested, with the reasons, and asks for a meeting
    city.goto(event_url + "meetings/")
    suggestions = city.get_by_role("region", name="Suggested for you")
    card = suggestions.get_by_role("listitem").filter(has_text="AquaSense").first
    expect(card).to_contain_text("Flood early warning")
    expect(card.get_by_role("list")).to_contain_text(re.compile("flood", re.IGNORECASE))
    expect(suggestions).not_to_contain_text("Parking Pro")
    everyone = city.get_by_role("region", name="All participants")
    expect(everyone.get_by_role("listitem").filter(has_text="AquaSense")).to_contain_text(
        "Brings: Flood early warning"
    )
    card.get_by_label("Message").fill("Could we talk about the riverside districts?")
    card.get_by_role("button", name="Ask AquaSense for a meeting").click()
    expect(city.get_by_text("Meeting request sent.")).to_be_visible()
    _free_in_every_slot(city, event_url)

    # The company accepts and marks when it is free
    company.goto(event_url + "meetings/")
    company.get_by_role("button", name="Accept").click()
    expect(company.get_by_text("Done.")).to_be_visible()
    _free_in_every_slot(company, event_url)

    # The organiser schedules and publishes
    page.goto(event_url + "manage/")
    page.get_by_role("button", name="Schedule the accepted meetings").click()
    expect(page.get_by_text(re.compile("^1 meeting scheduled"))).to_be_visible()
    page.get_by_role("button", name="Publish the schedule").click()
    expect(page.get_by_text(re.compile("^1 meeting published"))).to_be_visible()

    # Each side sees the meeting with its table, and in its calendar feed
    for participant in (city, company):
        participant.goto(event_url + "meetings/")
        expect(participant.get_by_text(re.compile(r"table 1"))).to_be_visible()
    city.goto("/events/")
    feed = city.locator("a[href*='/calendar/']").get_attribute("href")
    ics = city.request.get(feed).text()
    assert "SUMMARY:Resilient cities matchmaking" in ics
    assert "AquaSense" in ics and ics.count("BEGIN:VEVENT") == 2

    # After the meeting the city records it was held and follows it up as an introduction
    city.goto(event_url + "meetings/")
    city.get_by_role("button", name="We met").click()
    city.get_by_role("button", name="Follow up as an introduction").click()
    expect(city.get_by_text(re.compile("Introduction made"))).to_be_visible()
    introduction = Introduction.objects.get()
    assert {introduction.first_organisation_id, introduction.second_organisation_id} == {
        recife.pk,
        aqua.pk,
    }


def test_a_visitor_sees_the_event_time_in_their_own_zone_too(browser, live_server):
    from cityhive.events.tests.factories import EventFactory

    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    event = EventFactory(time_zone="Europe/Madrid", starts_at=start)
    context = browser.new_context(base_url=live_server.url, timezone_id="America/Recife")
    page = context.new_page()
    page.goto(f"/events/{event.pk}/")
    expect(page.locator("time[data-zone] + span")).to_contain_text("your time:")
    context.close()
