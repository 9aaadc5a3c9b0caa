"""A city official works in French: French texts, labels instead of codes; Arabic reads right to
left; the chosen language follows the member."""

import re

import pytest
from playwright.sync_api import expect

from cityhive.accounts.tests.factories import PASSWORD
from cityhive.challenges import services as challenge_services
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.solutions import services as solution_services
from cityhive.taxonomy.services import reference_data_load

pytestmark = pytest.mark.django_db(transaction=True)
# Codes of the vocabularies and of the engine that a person must never read on these pages.
RAW_CODES = re.compile(
    r"\b(sea-level-rise|stationary_energy|shared_needs|Shared_needs|cobenefits|Cobenefits"
    r"|air_quality|water_quality|emission_sector|budget\.min)\b"
)


@pytest.fixture
def french_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _scene():
    """Recife needs protection from sea-level rise and cleaner stationary energy; a company
    offers a seawall with co-benefits, in English and Portuguese."""
    reference_data_load()
    recife = CityFactory(name="Prefeitura do Recife", slug="recife")
    official = MembershipFactory(organisation=recife, role=MembershipRole.ADMIN).user
    company = OrganisationFactory(name="Maré Engenharia", slug="mare", kind="company")
    member = MembershipFactory(organisation=company).user
    items = [
        {"facet": "hazard", "value": "sea-level-rise", "weight": 0.9, "source": "climate_risk"},
        {
            "facet": "emission_sector",
            "value": "stationary_energy",
            "weight": 0.5,
            "source": "manual",
        },
    ]
    challenge_services.needs_replace(actor=official, city=recife, items=items, visibility="public")
    fields = {
        "title": "Living seawall",
        "summary": "A seawall planted with mangroves that protects the shore.",
        "description": "A seawall planted with mangroves that protects the shore.",
        "addresses": [{"facet": "hazard", "value": "sea-level-rise", "strength": 0.9}],
        "cobenefits": {"air_quality": 1, "water_quality": 2, "housing": 0},
        "languages": ["en", "pt"],
    }
    solution = solution_services.solution_create(
        actor=member, provider=company, fields=fields, publish=True
    )
    challenge = challenge_services.challenge_create(
        actor=official,
        city=recife,
        fields={
            "title": "Protect the waterfront",
            "description": "The sea rises every year.",
            "status": "open",
            "kpis": ["EC: I: B: 1A"],
        },
    )
    return recife, official, solution, challenge


def _sign_in(page, user) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", name="Vos organisations")).to_be_visible()


def _no_raw_codes(page) -> None:
    text = page.locator("main").inner_text()
    assert RAW_CODES.findall(text) == []


def test_a_city_official_works_in_french_and_reads_words_not_codes(french_page):
    recife, official, solution, challenge = _scene()
    page = french_page
    _sign_in(page, official)
    assert page.locator("html").get_attribute("lang") == "fr"

    page.goto(f"/organisations/{recife.slug}/")
    expect(page.get_by_role("heading", name="Profil de besoins")).to_be_visible()
    needs = page.locator("section[aria-labelledby=needs-heading]")
    expect(needs.get_by_text("Élévation du niveau de la mer")).to_be_visible()
    expect(needs.get_by_text("Énergie stationnaire")).to_be_visible()
    _no_raw_codes(page)

    page.get_by_role("link", name="Solutions recommandées pour Prefeitura do Recife").click()
    expect(
        page.get_by_role("heading", name="Solutions recommandées pour Prefeitura do Recife")
    ).to_be_visible()
    best = page.locator("ol.matches > li").first
    expect(best.get_by_role("rowheader", name="Besoins couverts")).to_be_visible()
    _no_raw_codes(page)

    page.goto(f"/solutions/{solution.pk}/")
    expect(page.get_by_text("Qualité de l'eau : améliore nettement (+2)")).to_be_visible()
    expect(page.get_by_text("Qualité de l'air : améliore (+1)")).to_be_visible()
    expect(page.get_by_text("Anglais, Portugais")).to_be_visible()
    # The summary is not repeated as the description.
    expect(
        page.get_by_text("A seawall planted with mangroves that protects the shore.")
    ).to_have_count(1)
    _no_raw_codes(page)

    page.goto(f"/challenges/{challenge.pk}/")
    expect(page.get_by_role("link", name=re.compile(r"^EC: I: B: 1A · \w"))).to_be_visible()
    _no_raw_codes(page)


def test_a_member_switches_to_arabic_and_the_page_reads_right_to_left(french_page):
    _recife, official, _solution, _challenge = _scene()
    page = french_page
    _sign_in(page, official)
    page.get_by_label("Langue").select_option("ar")
    page.locator("form.language-switcher button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.get_by_role("link", name="الحلول").first).to_be_visible()
    official.refresh_from_db()
    assert official.preferred_language == "ar"


def test_the_new_pages_speak_french_too(french_page):
    """The dashboard's shortcuts, the inbox, the assessment, the partner directory and the match
    reasons of today's apps read in French, with language names instead of codes."""
    recife, official, _solution, _challenge = _scene()
    page = french_page
    _sign_in(page, official)

    card = page.locator("main")
    expect(card.get_by_role("link", name="Journal des contacts").first).to_be_visible()
    expect(card.get_by_role("link", name="Évaluation U4SSC")).to_be_visible()
    expect(card.get_by_role("heading", name="À traiter")).to_be_visible()

    page.get_by_role("link", name="Boîte de réception").first.click()
    expect(page.get_by_role("heading", name="Boîte de réception", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Conversations")).to_be_visible()

    page.goto(f"/organisations/{recife.slug}/assessment/")
    expect(
        page.get_by_role("heading", name="Évaluation U4SSC de Prefeitura do Recife", level=1)
    ).to_be_visible()

    page.goto("/partners/")
    expect(
        page.get_by_role("heading", name="Entreprises partenaires ayant adhéré", level=1)
    ).to_be_visible()

    page.goto(f"/organisations/{recife.slug}/recommendations/")
    best = page.locator("ol.matches > li").first
    expect(best.get_by_text(re.compile(r"^proposée en Anglais"))).to_be_visible()
    assert "offered in" not in page.locator("main").inner_text()
    _no_raw_codes(page)
