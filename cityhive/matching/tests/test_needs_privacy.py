"""A city's recommendations and peers follow its needs profile's visibility; company-side matches
never use a needs profile the actor may not see; hints go only to the ranked item's owners."""

import pytest

from cityhive.challenges import services as challenge_services
from cityhive.challenges.tests.test_needs_visibility import (
    ACTORS,
    READERS,
    VISIBILITIES,
    actor_of,
    sign_in,
    visibility_set,
)
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.matching import documents, selectors
from cityhive.matching.tests.helpers import hazard_solution
from cityhive.solutions import services as solution_services

pytestmark = pytest.mark.django_db

REGION_HINT = "Add the regions your solution serves."


def needs(world, city, hazard: str, visibility: str | None = None) -> None:
    item = {"facet": "hazard", "value": hazard, "weight": 0.9, "source": "climate_risk"}
    challenge_services.needs_replace(
        actor=world.manager, city=city, items=[item], visibility=visibility
    )


@pytest.fixture
def scene(world):
    """A's flood needs; B's flood solution (no implementations: a hint for B); a peer city that
    confirmed it, sharing its profile publicly."""
    flood = hazard_solution(world, "Flood early warning", [("floods", 0.9)])
    needs(world, world.org_a, "floods")
    peer = CityFactory(name="City of Peers", slug="peers")
    needs(world, peer, "floods", visibility="public")
    implementation = solution_services.implementation_create(
        actor=world.manager, solution=flood, city=peer, fields={"year": 2023, "status": "deployed"}
    )
    admin = MembershipFactory(organisation=peer, role=MembershipRole.ADMIN).user
    solution_services.implementation_confirm(actor=admin, implementation=implementation)
    return {"flood": flood, "peer": peer}


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("name", ACTORS)
def test_recommendations_and_peers_follow_the_needs_profile(
    api, client, world, scene, name, visibility
):
    visibility_set(world.org_a, visibility)
    actor = actor_of(world, name)
    if actor is not None:
        sign_in(client, actor)
    base = f"/api/v1/organisations/{world.org_a.slug}"
    recommended = api("GET", f"{base}/recommendations", user=actor)
    peers = api("GET", f"{base}/peers", user=actor)
    pages = [
        client.get(f"/organisations/{world.org_a.slug}/{p}/") for p in ("recommendations", "peers")
    ]
    if name in READERS[visibility]:
        flood = f"solution-{scene['flood'].pk}"
        assert [r["solution"] for r in recommended.json()["results"]] == [flood]
        assert [r["city"] for r in peers.json()["results"]] == ["org-peers"]
        assert [p.status_code for p in pages] == [200, 200]
        assert [m.item for m in pages[0].context["matches"]] == [scene["flood"]]
        assert [m.item for m in pages[1].context["matches"]] == [scene["peer"]]
    else:
        assert (recommended.status_code, peers.status_code) == (403, 403)
        if actor is None:  # sent to sign in
            assert [p["Location"].split("?")[0] for p in pages] == ["/accounts/login/"] * 2
        else:
            assert [p.status_code for p in pages] == [403, 403]
        assert b"Flood early warning" not in pages[0].content


@pytest.mark.parametrize("visibility", VISIBILITIES)
def test_a_peer_or_a_city_for_a_company_is_listed_only_with_a_profile_the_actor_may_see(
    world, scene, visibility
):
    visibility_set(scene["peer"], visibility)
    needs(world, world.org_a, "floods", visibility="public")
    outsider_of_peers = world.member_b  # B: an unverified company
    peers = selectors.peer_cities(actor=outsider_of_peers, city=world.org_a)
    cities = selectors.cities_for_company(actor=outsider_of_peers, company=world.org_b)
    shown = visibility == "public"
    assert [m.item for m in peers] == ([scene["peer"]] if shown else [])
    assert {m.item for m in cities} == ({world.org_a, scene["peer"]} if shown else {world.org_a})
    manager_cities = selectors.cities_for_company(actor=world.manager, company=world.org_b)
    assert {m.item for m in manager_cities} == {world.org_a, scene["peer"]}


@pytest.mark.parametrize("visibility", ["public", "private"])
def test_challenge_matches_use_the_citys_needs_only_for_those_who_may_see_them(
    world, scene, monkeypatch, visibility
):
    needs(world, world.org_a, "heatwaves", visibility=visibility)
    challenge = challenge_services.challenge_create(
        actor=world.member_a,
        city=world.org_a,
        fields={
            "title": "Warn residents of floods",
            "description": "Floods.",
            "status": "open",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
        },
    )
    seen = []
    original = documents.challenge_doc
    monkeypatch.setattr(
        documents, "challenge_doc", lambda c, p: seen.append(dict(p.items)) or original(c, p)
    )
    selectors.matches_for_challenge(actor=None, challenge=challenge)
    selectors.opportunities_for_solution(actor=world.member_b, solution=scene["flood"])
    selectors.matches_for_challenge(actor=world.member_a, challenge=challenge)
    hidden = {} if visibility == "private" else {("hazard", "heatwaves"): 0.9}
    assert seen == [hidden, hidden, {("hazard", "heatwaves"): 0.9}]


def test_hints_are_shown_only_to_the_members_of_the_ranked_items_owner(api, client, world, scene):
    needs(world, world.org_a, "floods", visibility="public")
    url = f"/api/v1/organisations/{world.org_a.slug}/recommendations"
    page_url = f"/organisations/{world.org_a.slug}/recommendations/"
    for actor, owner in [
        (None, False),
        (world.outsider, False),
        (world.member_a, False),
        (world.manager, False),
        (world.member_b, True),
        (world.admin_b, True),
    ]:
        [result] = api("GET", url, user=actor).json()["results"]
        assert (REGION_HINT in result["improvements"]) is owner
        assert result["improvements"] == [] or owner
        client.logout()
        if actor is not None:
            sign_in(client, actor)
        page = client.get(page_url).content.decode()
        assert ("to improve this match" in page) is owner
        # The page words the engine's hint as advice to the provider's members.
        assert ("Add the regions your solution serves." in page) is owner


def test_hints_about_a_challenge_go_to_its_city(world, scene):
    challenge_services.challenge_create(
        actor=world.member_a,
        city=world.org_a,
        fields={"title": "Floods", "description": "x", "status": "open"},
    )
    for_provider = selectors.opportunities_for_solution(
        actor=world.member_b, solution=scene["flood"]
    )
    for_city = selectors.opportunities_for_solution(actor=world.member_a, solution=scene["flood"])
    assert [m.result.improvements for m in for_provider] == [[]]
    assert for_city[0].result.improvements != []
    anonymous = selectors.matches_for_challenge(actor=None, challenge=for_city[0].item)
    assert [m.result.improvements for m in anonymous] == [[]]


def test_the_advice_to_the_owner_reads_in_the_callers_language(api, world, scene):
    needs(world, world.org_a, "floods", visibility="public")
    url = f"/api/v1/organisations/{world.org_a.slug}/recommendations"
    [result] = api("GET", url, user=world.member_b, HTTP_ACCEPT_LANGUAGE="fr").json()["results"]
    assert "Ajoutez les régions que sert votre solution." in result["improvements"]
