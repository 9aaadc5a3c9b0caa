"""Imported solutions without SDG targets get the tagger's suggestion, listed on the goal's page
until their provider accepts (the targets join the solution) or dismisses it."""

import pytest

from cityhive.accounts.tests.sessions import sign_in
from cityhive.sdg.suggestions import solutions_sdg_suggest
from cityhive.solutions import services
from cityhive.solutions.models import Solution
from cityhive.taxonomy.services import reference_data_load

pytestmark = pytest.mark.django_db
WATER = {
    "title": "Leak detection for drinking water",
    "summary": "Sensors find leaks in the water supply network so every household keeps safe "
    "drinking water.",
}


@pytest.fixture
def water(world):
    reference_data_load()
    return services.solution_create(
        actor=world.member_b, provider=world.org_b, fields=dict(WATER), publish=True
    )


def _suggest_water_targets(monkeypatch, targets=(("6.1", 0.5), ("6.4", 0.3), ("6.b", 0.1))):
    """The tagger's answer for the water text, without loading the sentence encoder."""

    class Result:
        pass

    result = Result()
    result.targets = list(targets)
    monkeypatch.setattr("cityhive.sdg.suggestions.sdg_suggest", lambda *, text: result)


def test_the_tagger_suggests_water_targets_for_a_water_solution(water):
    assert solutions_sdg_suggest(solution_ids=[water.pk]) == 1
    water.refresh_from_db()
    assert water.sdg_targets == []
    assert {code.split(".")[0] for code in water.extra["sdg_suggested"]} == {"6"}


def test_the_goal_page_lists_a_suggested_solution_apart_and_asking_twice_changes_nothing(
    client, water, monkeypatch
):
    _suggest_water_targets(monkeypatch)
    assert solutions_sdg_suggest(solution_ids=[water.pk]) == 1
    assert solutions_sdg_suggest(solution_ids=[water.pk]) == 0
    water.refresh_from_db()
    assert (water.extra["sdg_suggested"], water.version) == (["6.1", "6.4"], 1)
    page = client.get("/sdgs/6/").content.decode()
    assert "Suggested for SDG 6" in page and WATER["title"] in page
    assert "No published solution is tagged with SDG 6 yet." in page


def test_the_provider_accepts_the_suggested_targets(client, world, water, monkeypatch):
    _suggest_water_targets(monkeypatch)
    solutions_sdg_suggest(solution_ids=[water.pk])
    sign_in(client, world.member_b)
    response = client.post(f"/solutions/{water.pk}/sdg-suggestions/", {"accept": "yes"})
    assert response.status_code == 302
    water.refresh_from_db()
    assert (water.sdg_targets, "sdg_suggested" in water.extra, water.version) == (
        ["6.1", "6.4"],
        False,
        2,
    )
    page = client.get("/sdgs/6/").content.decode()
    assert "Suggested for SDG 6" not in page
    assert 'href="/solutions/?sdg=6">See the 1 solution for SDG 6' in page


def test_the_provider_dismisses_the_suggestion(client, world, water, monkeypatch):
    _suggest_water_targets(monkeypatch)
    solutions_sdg_suggest(solution_ids=[water.pk])
    sign_in(client, world.member_b)
    client.post(f"/solutions/{water.pk}/sdg-suggestions/", {"accept": "no"})
    water.refresh_from_db()
    assert (water.sdg_targets, water.extra, water.version) == ([], {}, 1)
    assert "Suggested for SDG 6" not in client.get("/sdgs/6/").content.decode()


def test_another_organisation_cannot_accept_and_nothing_changes(client, world, water, monkeypatch):
    _suggest_water_targets(monkeypatch)
    solutions_sdg_suggest(solution_ids=[water.pk])
    sign_in(client, world.member_a)
    response = client.post(f"/solutions/{water.pk}/sdg-suggestions/", {"accept": "yes"})
    assert response.status_code in (403, 404)
    stored = Solution.objects.get(pk=water.pk)
    assert (stored.sdg_targets, stored.extra, stored.version) == (
        [],
        {"sdg_suggested": ["6.1", "6.4"]},
        1,
    )
