"""Matches in every direction, and SDG suggestions in the solution form, in a real browser."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

from cityhive.challenges import services as challenge_services
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.solutions import services as solution_services
from cityhive.solutions.models import Solution
from cityhive.taxonomy.services import reference_data_load
from tests.e2e.test_accessibility import UNLABELLED_CONTROLS
from tests.e2e.test_catalogue_journeys import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

CHOSEN = "select => Array.from(select.selectedOptions).map(option => option.value)"


@dataclass
class Scene:
    """Recife needs flood protection; Olinda confirmed a flood solution; AquaSense offers it."""

    recife: object
    official: object
    company: object
    member: object
    flood: object
    public: object
    private: object


def _needs(actor, city, hazard: str, weight: float) -> None:
    """A needs profile the city shares with everyone (so unverified companies match it too)."""
    item = {"facet": "hazard", "value": hazard, "weight": weight, "source": "climate_risk"}
    challenge_services.needs_replace(actor=actor, city=city, items=[item], visibility="public")


def _solution(actor, provider, title: str, hazard: str):
    fields = {
        "title": title,
        "summary": f"{title} for cities of any size.",
        "addresses": [{"facet": "hazard", "value": hazard, "strength": 0.9}],
    }
    return solution_services.solution_create(
        actor=actor, provider=provider, fields=fields, publish=True
    )


def _challenge(actor, city, title: str, visibility: str):
    fields = {
        "title": title,
        "description": "Every rainy season three districts flood.",
        "status": "open",
        "visibility": visibility,
        "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
    }
    return challenge_services.challenge_create(actor=actor, city=city, fields=fields)


def follow(page, user, path: str, link: str) -> None:
    """Sign in (unless a visitor), open a page and follow one of its links to matches."""
    if user is not None:
        sign_in(page, user)
    page.goto(path)
    page.get_by_role("link", name=link).click()


def reason(match, factor: str):
    """The "Why" cell of one factor in a match's table of factor bars."""
    return match.get_by_role("row", name=re.compile(f"^{factor} ")).get_by_role("cell").last


def build_scene() -> Scene:
    """Reference data, two cities with flood needs, a company's two solutions, two challenges."""
    reference_data_load()
    recife = CityFactory(name="Prefeitura do Recife", slug="recife")
    olinda = CityFactory(name="Prefeitura de Olinda", slug="olinda")
    official = MembershipFactory(organisation=recife, role=MembershipRole.ADMIN).user
    olinda_admin = MembershipFactory(organisation=olinda, role=MembershipRole.ADMIN).user
    company = OrganisationFactory(name="AquaSense", slug="aquasense", kind="company")
    member = MembershipFactory(organisation=company).user
    _needs(official, recife, "floods", 0.92)
    _needs(olinda_admin, olinda, "floods", 0.8)
    flood = _solution(member, company, "River flood early warning", "floods")
    _solution(member, company, "Cool roofs", "heatwaves")
    implementation = solution_services.implementation_create(
        actor=member, solution=flood, city=olinda, fields={"year": 2024, "status": "deployed"}
    )
    solution_services.implementation_confirm(actor=olinda_admin, implementation=implementation)
    public = _challenge(official, recife, "Warn riverside districts before floods", "public")
    private = _challenge(official, recife, "Relocate the flood-prone school", "private")
    return Scene(recife, official, company, member, flood, public, private)


def test_a_city_official_follows_the_recommended_solutions(page):
    scene = build_scene()
    follow(
        page,
        scene.official,
        f"/organisations/{scene.recife.slug}/",
        "Solutions recommended for Prefeitura do Recife",
    )

    heading = page.get_by_role("heading", name="Recommended solutions for Prefeitura do Recife")
    expect(heading).to_be_visible()
    expect(page.locator("ol.matches > li h2 a")).to_have_text(
        ["River flood early warning", "Cool roofs"]
    )
    best = page.locator("ol.matches > li").first
    expect(best.get_by_role("meter", name="Needs covered contribution")).to_be_visible()
    expect(reason(best, "Needs covered")).to_have_text(
        "addresses Floods, your highest climate risk (0.92)"
    )


def test_a_company_member_sees_open_challenges_but_never_another_city_s_private_one(page):
    scene = build_scene()
    follow(
        page, scene.member, f"/solutions/{scene.flood.pk}/", "Open challenges this solution answers"
    )

    heading = page.get_by_role("heading", name="Open challenges for “River flood early warning”")
    expect(heading).to_be_visible()
    expect(page.locator("ol.matches > li h2 a")).to_have_text(
        ["Warn riverside districts before floods"]
    )
    expect(page.get_by_text(scene.private.title)).to_have_count(0)


def test_a_visitor_opens_the_solutions_matched_to_a_public_challenge(page):
    scene = build_scene()
    follow(page, None, f"/challenges/{scene.public.pk}/", "Solutions matched to this challenge")

    title = "Solutions for “Warn riverside districts before floods”"
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    best = page.locator("ol.matches > li").first
    expect(best.get_by_role("link", name="River flood early warning")).to_be_visible()
    expect(best.get_by_text("by AquaSense")).to_be_visible()
    expect(best.get_by_role("meter", name="Needs covered contribution")).to_be_visible()


def test_a_city_official_finds_a_peer_city_that_solved_the_same_need(page):
    scene = build_scene()
    follow(
        page,
        scene.official,
        f"/organisations/{scene.recife.slug}/",
        "Peer cities that solved the same needs",
    )

    expect(page.get_by_role("heading", name="Peer cities of Prefeitura do Recife")).to_be_visible()
    expect(page.locator("ol.matches > li h2 a")).to_have_text(["Prefeitura de Olinda"])
    peer = page.locator("ol.matches > li").first
    expect(reason(peer, "Solved with confirmed solutions")).to_have_text(
        "solved Floods with River flood early warning"
    )


def test_a_company_member_opens_the_cities_its_solutions_cover(page):
    scene = build_scene()
    follow(
        page,
        scene.member,
        f"/organisations/{scene.company.slug}/",
        "Cities whose needs its solutions cover",
    )

    heading = page.get_by_role("heading", name="Cities that need AquaSense's solutions")
    expect(heading).to_be_visible()
    # Olinda's one need is fully covered, and the solution is confirmed in use there.
    expect(page.locator("ol.matches > li h2 a")).to_have_text(
        ["Prefeitura de Olinda", "Prefeitura do Recife"]
    )
    expect(reason(page.locator("ol.matches > li").first, "Needs covered")).to_have_text(
        "River flood early warning addresses Floods, its highest climate risk (0.80)"
    )


def _suggested_target(page, scene):
    """Write a leak-detection solution's text, ask for suggestions and find target 6.1's box."""
    sign_in(page, scene.member)
    page.goto(f"/solutions/new/?provider={scene.company.slug}")
    page.get_by_label("Title").fill("Leak detection for drinking water")
    page.get_by_label("Summary").fill("Finds leaks before households lose their water.")
    page.get_by_label("Description").fill(
        "Sensors find leaks in the water supply network so every household keeps safe "
        "drinking water."
    )
    page.get_by_role("button", name="Suggest SDGs from the text").click()
    suggestions = page.get_by_role("group", name="Suggested SDGs")
    # The first suggestion of a process loads the tagger's model, which takes seconds.
    expect(suggestions.get_by_text("SDG 6 · Clean water and sanitation")).to_be_visible(
        timeout=30_000
    )
    target = suggestions.get_by_role("checkbox", name=re.compile(r"^6\.1 · By 2030"))
    expect(target).not_to_be_checked()
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    return target


def _saved_with_target_6_1(page) -> None:
    page.get_by_role("button", name="Save the solution").click()
    expect(page.get_by_role("heading", name="Leak detection for drinking water")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"^6\.1 · By 2030"))).to_be_visible()
    solution = Solution.objects.get(title="Leak detection for drinking water")
    assert solution.sdg_targets == ["6.1"]


def test_an_author_accepts_a_suggested_sdg_target_in_the_solution_form(page):
    scene = build_scene()
    target = _suggested_target(page, scene)
    chip = page.get_by_role("button", name=re.compile(r"^Remove 6\.1 · By 2030"))

    target.check()
    expect(chip).to_be_visible()
    assert page.locator("select#id_sdg_targets").evaluate(CHOSEN) == ["6.1"]
    chip.click()
    expect(target).not_to_be_checked()
    assert page.locator("select#id_sdg_targets").evaluate(CHOSEN) == []
    target.check()
    expect(chip).to_be_visible()

    _saved_with_target_6_1(page)


def test_a_suggested_sdg_target_is_chosen_in_the_plain_select_without_the_picker(page):
    scene = build_scene()
    page.route("**/content/forms.js", lambda route: route.abort())
    target = _suggested_target(page, scene)
    field = page.locator("select#id_sdg_targets")
    expect(field).to_be_visible()

    target.check()
    assert field.evaluate(CHOSEN) == ["6.1"]
    target.uncheck()
    assert field.evaluate(CHOSEN) == []
    target.check()

    _saved_with_target_6_1(page)
