"""A city's feedback on its matches, in a real browser: hidden, lowered, shown again."""

import pytest
from playwright.sync_api import expect

from cityhive.challenges import services as challenge_services
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.matching.feedback import match_feedback_record
from cityhive.solutions import services as solution_services
from cityhive.taxonomy.services import reference_data_load
from tests.e2e.test_catalogue_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _solution(actor, provider, title: str, strength: float):
    fields = {
        "title": title,
        "summary": f"{title} for cities of any size.",
        "addresses": [{"facet": "hazard", "value": "floods", "strength": strength}],
    }
    return solution_services.solution_create(
        actor=actor, provider=provider, fields=fields, publish=True
    )


def test_a_city_hides_one_match_lowers_another_and_shows_the_hidden_one_again(page):
    # given Recife needs flood protection and three flood solutions are published
    reference_data_load()
    recife = CityFactory(name="Prefeitura do Recife", slug="recife")
    official = MembershipFactory(organisation=recife, role=MembershipRole.ADMIN).user
    company = OrganisationFactory(name="AquaSense")
    provider = MembershipFactory(organisation=company, role=MembershipRole.ADMIN).user
    item = {"facet": "hazard", "value": "floods", "weight": 0.9, "source": "climate_risk"}
    challenge_services.needs_replace(actor=official, city=recife, items=[item])
    barriers = _solution(provider, company, "Flood barriers", 0.9)
    sensors = _solution(provider, company, "Flood sensors", 0.7)
    _solution(provider, company, "Rain gardens", 0.5)
    # and the city said the barriers are not relevant and declined the sensors
    for candidate, signal in ((barriers, "not_relevant"), (sensors, "declined")):
        match_feedback_record(
            actor=official, organisation=recife, subject=recife, candidate=candidate, signal=signal
        )

    # when the official opens the city's recommendations
    sign_in(page, official)
    page.goto("/organisations/recife/recommendations/")

    # then the barriers are hidden, and the page says so
    expect(page.get_by_role("status")).to_contain_text(
        "1 match your organisation marked as not relevant is hidden."
    )
    matches = page.locator("ol.matches > li")
    expect(matches).to_have_count(2)
    expect(matches.nth(0)).to_contain_text("Rain gardens")
    # and the declined sensors come last, with a factor that says why
    lowered = matches.nth(1)
    expect(lowered).to_contain_text("Flood sensors")
    expect(lowered.get_by_role("row", name="Your organisation's feedback")).to_contain_text(
        "declined this match"
    )

    # when the official asks to see the hidden match again
    page.get_by_role("link", name="Show them again").click()

    # then it is back in the list, marked
    expect(matches).to_have_count(3)
    shown = page.locator("ol.matches > li", has_text="Flood barriers")
    expect(shown).to_contain_text("Your organisation marked this match as not relevant")
    page.get_by_role("link", name="Hide them").click()
    expect(matches).to_have_count(2)
