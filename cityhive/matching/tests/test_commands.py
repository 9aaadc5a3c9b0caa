import io
import json

import pytest
from django.core.management import CommandError, call_command

from cityhive.challenges import services as challenge_services
from cityhive.matching.tests.helpers import hazard_solution

pytestmark = pytest.mark.django_db


def run(*args) -> dict:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def scene(world):
    world.org_a.external_id = "city-alpha"
    world.org_a.save()
    for title, hazard in (("Flood early warning", "floods"), ("Cool roofs", "heatwaves")):
        hazard_solution(world, title, [(hazard, 0.9)])
    challenge_services.needs_replace(
        actor=world.manager,
        city=world.org_a,
        items=[{"facet": "hazard", "value": "floods", "weight": 0.92, "source": "climate_risk"}],
    )
    return world


def test_recommend_prints_the_exchange_shape(scene):
    body = run("recommend", "--city", "city-alpha", "--top", "1")
    assert body["city"] == "city-alpha"
    [result] = body["results"]
    assert result["solution"].startswith("solution-")
    assert {"factor", "contribution", "text"} <= set(result["reasons"][0])
    assert round(sum(r["contribution"] for r in result["reasons"]), 4) == round(result["score"], 4)


def test_recommend_all(scene):
    assert len(run("recommend", "--city", "city-alpha", "--all")["results"]) == 2


def test_match_a_challenge(scene):
    challenge = challenge_services.challenge_create(
        actor=scene.member_a,
        city=scene.org_a,
        fields={
            "title": "Flood warnings",
            "description": "Warn before floods.",
            "status": "open",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
        },
    )
    body = run("match", "--challenge", f"challenge-{challenge.pk}")
    assert body["challenge"] == f"challenge-{challenge.pk}"
    assert body["results"][0]["score"] >= body["results"][1]["score"]


def test_unknown_ids_and_bad_top_are_clear_errors(scene):
    with pytest.raises(CommandError, match="No organization has the id 'nowhere'"):
        run("recommend", "--city", "nowhere")
    with pytest.raises(CommandError, match="between 1 and 100"):
        run("recommend", "--city", "city-alpha", "--top", "0")
