"""New matches at or above an organisation's threshold are announced to its members once."""

import pytest
from django.core.management import call_command

from cityhive.challenges import services as challenge_services
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.matching import selectors
from cityhive.matching.announce import new_matches_announce, new_matches_of, organisation_actor
from cityhive.matching.tests.helpers import hazard_solution
from cityhive.notifications.models import MatchThreshold, Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    flood = hazard_solution(world, "Flood early warning", [("floods", 0.9)], summary="Flood")
    heat = hazard_solution(world, "Cool roofs", [("heatwaves", 0.9)], summary="Roofs")
    challenge_services.needs_replace(
        actor=world.manager,
        city=world.org_a,
        items=[{"facet": "hazard", "value": "floods", "weight": 0.9, "source": "climate_risk"}],
    )
    return {"flood": flood, "heat": heat}


def _scores(world):
    matches = selectors.recommendations_for_city(actor=world.member_a, city=world.org_a)
    return {m.item.title: m.result.score for m in matches}


def test_a_city_s_members_hear_of_recommendations_at_or_above_its_threshold(world, scene):
    scores = _scores(world)
    threshold = int(scores["Flood early warning"] * 100)  # the flood solution reaches it
    assert scores["Cool roofs"] * 100 < threshold
    MatchThreshold.objects.create(organisation=world.org_a, threshold=threshold)

    made = new_matches_announce(organisation=world.org_a)

    notes = Notification.objects.filter(kind="new_matches").order_by("recipient_id")
    assert made == 2  # the city's admin and member
    assert sorted(n.recipient_id for n in notes) == sorted([world.admin_a.pk, world.member_a.pk])
    assert {n.title for n in notes} == {"New match for City of Alpha: Flood early warning"}
    assert {n.url for n in notes} == {"/organisations/city-of-alpha/recommendations/"}
    assert {n.dedupe_key for n in notes} == {
        f"new_matches:{world.org_a.pk}:city:{world.org_a.pk}:solution:{scene['flood'].pk}"
    }


def test_a_second_run_announces_nothing_again(world, scene):
    MatchThreshold.objects.create(organisation=world.org_a, threshold=0)
    first = new_matches_announce(organisation=world.org_a)

    second = new_matches_announce(organisation=world.org_a)

    assert (first, second) == (4, 0)  # two solutions to two members, then nothing
    assert Notification.objects.filter(kind="new_matches").count() == 4


def test_a_threshold_of_100_announces_nothing(world, scene):
    MatchThreshold.objects.create(organisation=world.org_a, threshold=100)

    assert new_matches_announce(organisation=world.org_a) == 0
    assert not Notification.objects.exists()


def test_the_city_is_matched_as_its_own_member_sees_nothing_through_another_organisation(world):
    city = CityFactory()
    both = MembershipFactory(organisation=city).user
    MembershipFactory(user=both, organisation=world.org_a)

    actor = organisation_actor(city)

    assert actor.pk == both.pk
    assert actor._cityhive_org_roles == {city.pk: "member"}


def test_an_organisation_without_members_has_nothing_to_announce(world, scene):
    assert new_matches_of(CityFactory()) == []


def test_the_command_announces_for_every_city_and_company(world, scene):
    MatchThreshold.objects.create(organisation=world.org_a, threshold=0)
    MatchThreshold.objects.create(organisation=world.org_b, threshold=100)

    call_command("matching", "notify-new")
    call_command("matching", "notify-new", "--organisation", world.org_a.slug)

    titles = sorted(Notification.objects.values_list("recipient_id", "title"))
    assert titles == sorted(
        (user.pk, f"New match for City of Alpha: {title}")
        for user in (world.admin_a, world.member_a)
        for title in ("Flood early warning", "Cool roofs")
    )


def test_the_task_announces_as_the_command_does(world, scene):
    from cityhive.matching.announce import new_matches_announce_task

    MatchThreshold.objects.create(organisation=world.org_a, threshold=0)

    result = new_matches_announce_task.enqueue(organisation_ids=[world.org_a.pk])

    assert result.return_value == {"organisations": 1, "notifications": 4}
