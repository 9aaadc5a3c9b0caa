"""Retraining the re-ranker from members' feedback, in a background task."""

import pytest

from cityhive.challenges import services as challenge_services
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.matching import selectors
from cityhive.matching.feedback import match_feedback_record
from cityhive.matching.models import LearnedRanking
from cityhive.matching.rerank import cold_start, reranker_current, reranker_retrain
from cityhive.matching.tasks import reranker_retrain_task
from cityhive.solutions import services as solution_services

pytestmark = pytest.mark.django_db


def solution(world, title, facet, value):
    return solution_services.solution_create(
        actor=world.manager,
        provider=world.org_b,
        publish=True,
        fields={
            "title": title,
            "summary": title,
            "addresses": [{"facet": facet, "value": value, "strength": 0.8}],
        },
    )


def city_with_needs(world):
    city = CityFactory()
    member = MembershipFactory(organisation=city).user
    challenge_services.needs_replace(
        actor=world.manager,
        city=city,
        items=[
            {"facet": "hazard", "value": "floods", "weight": 0.9, "source": "climate_risk"},
            {
                "facet": "emission_sector",
                "value": "transportation",
                "weight": 0.5,
                "source": "emissions_inventory",
            },
        ],
    )
    return city, member


@pytest.fixture
def scene(world):
    """Three cities that each liked a flood solution and declined a transport one."""
    flood = solution(world, "Flood walls", "hazard", "floods")
    buses = solution(world, "Electric buses", "emission_sector", "transportation")
    cities = [city_with_needs(world) for _ in range(3)]
    return {"flood": flood, "buses": buses, "cities": cities}


def give_feedback(scene):
    for city, member in scene["cities"]:
        for candidate, signal in ((scene["flood"], "interest"), (scene["buses"], "declined")):
            match_feedback_record(
                actor=member, organisation=city, subject=city, candidate=candidate, signal=signal
            )


def test_without_feedback_the_shipped_cold_start_is_used(scene):
    assert reranker_current() == cold_start()
    assert cold_start().pairs == 342
    assert reranker_retrain().stored is False
    assert LearnedRanking.objects.count() == 0


def test_feedback_moves_the_weights_towards_what_members_preferred(scene):
    give_feedback(scene)

    done = reranker_retrain()

    assert (done.stored, done.pairs) == (True, 3)
    assert done.seconds < 5
    learned = reranker_current().coefficients
    shipped = cold_start().coefficients
    assert learned["coverage_risks"] > shipped["coverage_risks"]
    assert learned["coverage_emissions"] < shipped["coverage_emissions"]


def test_a_new_city_sees_the_learned_order(world, scene):
    newcomer, member = city_with_needs(world)
    before = selectors.recommendations_for_city(actor=member, city=newcomer)
    assert [m.item.title for m in before] == ["Electric buses", "Flood walls"]
    give_feedback(scene)

    reranker_retrain()
    after = selectors.recommendations_for_city(actor=member, city=newcomer)

    assert [m.item.title for m in after] == ["Flood walls", "Electric buses"]
    for match in after:
        assert sum(f.contribution for f in match.result.factors) == pytest.approx(
            match.result.score
        )


def test_the_task_retrains_once_and_then_has_nothing_new(scene):
    give_feedback(scene)

    first = reranker_retrain_task.call()
    weights = LearnedRanking.objects.get().coefficients
    second = reranker_retrain_task.call()

    assert (first["stored"], first["pairs"]) == (True, 3)
    assert second == {"pairs": 0, "seconds": second["seconds"], "stored": False}
    assert LearnedRanking.objects.get().coefficients == weights


def test_recording_feedback_on_a_solution_queues_a_retrain(
    scene, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        give_feedback(scene)

    assert len(callbacks) == 6
    assert LearnedRanking.objects.get().pairs == 3
