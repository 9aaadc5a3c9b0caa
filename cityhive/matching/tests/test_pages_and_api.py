import pytest

from cityhive.challenges import services as challenge_services
from cityhive.solutions import services as solution_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    flood = solution_services.solution_create(
        actor=world.manager,
        provider=world.org_b,
        publish=True,
        fields={
            "title": "Flood early warning",
            "summary": "Warnings before rivers flood",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 0.9}],
        },
    )
    challenge_services.needs_replace(
        actor=world.manager,
        city=world.org_a,
        items=[{"facet": "hazard", "value": "floods", "weight": 0.92, "source": "climate_risk"}],
    )
    challenge = challenge_services.challenge_create(
        actor=world.member_a,
        city=world.org_a,
        fields={
            "title": "Warn residents of floods",
            "description": "Floods every year.",
            "status": "open",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
        },
    )
    return {"flood": flood, "challenge": challenge}


def test_the_recommendations_page_shows_factor_bars(client, world, scene):
    client.force_login(world.member_a)
    response = client.get(f"/organisations/{world.org_a.slug}/recommendations/")
    assert response.status_code == 200
    assert b"Flood early warning" in response.content
    assert b"<meter" in response.content and b"floods" in response.content.lower()


def test_the_challenge_matches_page_is_public_for_a_public_challenge(client, scene):
    response = client.get(f"/challenges/{scene['challenge'].pk}/matches/")
    assert [m.item for m in response.context["matches"]] == [scene["flood"]]


def test_opportunities_page_for_a_solution(client, world, scene):
    response = client.get(f"/solutions/{scene['flood'].pk}/opportunities/")
    assert [m.item for m in response.context["matches"]] == [scene["challenge"]]


def test_api_recommendations_in_the_exchange_shape(api, world, scene):
    body = api(
        "GET", f"/api/v1/organisations/{world.org_a.slug}/recommendations", user=world.member_a
    ).json()
    assert body["city"] == f"org-{world.org_a.slug}"
    assert [r["solution"] for r in body["results"]] == [f"solution-{scene['flood'].pk}"]
    assert body["results"][0]["reasons"][0].keys() == {"factor", "contribution", "text"}


def test_api_refuses_a_bad_top(api, world, scene):
    response = api(
        "GET",
        f"/api/v1/organisations/{world.org_a.slug}/peers",
        user=world.member_a,
        data={"top": 500},
    )
    assert (response.status_code, list(response.json()["errors"])) == (422, ["query.top"])
