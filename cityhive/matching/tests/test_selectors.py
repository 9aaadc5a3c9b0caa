import pytest

from cityhive.challenges import services as challenge_services
from cityhive.core.errors import Forbidden, NotFound
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.matching import selectors
from cityhive.matching.tests.helpers import hazard_solution
from cityhive.solutions import services as solution_services

pytestmark = pytest.mark.django_db


def solution(world, title, hazard, *, provider=None):
    return hazard_solution(
        world, title, [(hazard, 0.9)], provider=provider, summary=f"{title} for cities"
    )


def needs(world, city, hazard, weight=0.9, visibility=None):
    challenge_services.needs_replace(
        actor=world.manager,
        city=city,
        items=[{"facet": "hazard", "value": hazard, "weight": weight, "source": "climate_risk"}],
        visibility=visibility,
    )


@pytest.fixture
def scene(world):
    flood = solution(world, "Flood early warning", "floods")
    heat = solution(world, "Cool roofs", "heatwaves")
    needs(world, world.org_a, "floods")
    return {"flood": flood, "heat": heat}


def test_recommendations_for_a_city_explain_themselves(world, scene):
    matches = selectors.recommendations_for_city(actor=world.member_a, city=world.org_a)
    assert [m.item.title for m in matches] == ["Flood early warning", "Cool roofs"]
    coverage = next(f for f in matches[0].result.factors if f.name == "coverage")
    assert "floods" in coverage.text.lower() and coverage.contribution > 0


def test_anonymous_visitors_get_no_recommendations(world, scene):
    with pytest.raises(Forbidden):
        selectors.recommendations_for_city(actor=None, city=world.org_a)


def test_drafts_are_never_recommended(world, scene):
    solution_services.solution_publish(
        actor=world.manager, solution=scene["flood"], published=False
    )
    matches = selectors.recommendations_for_city(actor=world.member_a, city=world.org_a)
    assert [m.item.title for m in matches] == ["Cool roofs"]


def test_a_challenge_is_matched_to_solutions(world, scene):
    challenge = challenge_services.challenge_create(
        actor=world.member_a,
        city=world.org_a,
        fields={
            "title": "Warn residents before the river floods",
            "description": "Flood warnings.",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
            "status": "open",
        },
    )
    matches = selectors.matches_for_challenge(actor=world.member_b, challenge=challenge)
    assert matches[0].item == scene["flood"]


def test_opportunities_never_include_a_private_challenge_of_another_city(world, scene):
    for visibility in ("public", "private"):
        challenge_services.challenge_create(
            actor=world.member_a,
            city=world.org_a,
            fields={
                "title": f"{visibility} flood call",
                "description": "Floods.",
                "status": "open",
                "visibility": visibility,
                "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
            },
        )
    for_company = selectors.opportunities_for_solution(
        actor=world.member_b, solution=scene["flood"]
    )
    assert [m.item.title for m in for_company] == ["public flood call"]
    for_city = selectors.opportunities_for_solution(actor=world.member_a, solution=scene["flood"])
    assert sorted(m.item.title for m in for_city) == ["private flood call", "public flood call"]


def test_a_company_finds_the_cities_its_solutions_cover(world, scene):
    dry = CityFactory(name="City of Drought")
    needs(world, dry, "droughts", visibility="public")
    needs(world, world.org_a, "floods", visibility="public")
    matches = selectors.cities_for_company(actor=world.member_b, company=world.org_b)
    assert [m.item for m in matches] == [world.org_a, dry]


def test_peer_cities_that_solved_the_same_need(world, scene):
    peer = CityFactory(name="City of Peers")
    needs(world, peer, "floods")
    implementation = solution_services.implementation_create(
        actor=world.manager,
        solution=scene["flood"],
        city=peer,
        fields={"year": 2023, "status": "deployed"},
    )
    admin = MembershipFactory(organisation=peer, role=MembershipRole.ADMIN).user
    solution_services.implementation_confirm(actor=admin, implementation=implementation)
    world.org_a.is_verified = True  # the peer shares its profile with the programme's partners
    world.org_a.save()
    matches = selectors.peer_cities(actor=world.member_a, city=world.org_a)
    assert [m.item for m in matches] == [peer]
    assert any("Flood early warning" in f.text for f in matches[0].result.factors)


def test_a_city_without_needs_gets_a_list_not_an_error(world, scene):
    lonely = CityFactory()
    matches = selectors.recommendations_for_city(actor=world.manager, city=lonely)
    assert len(matches) == 2


def test_a_hidden_challenge_is_not_found(world, scene):
    challenge = challenge_services.challenge_create(
        actor=world.member_a,
        city=world.org_a,
        fields={"title": "Private", "description": "x", "status": "open", "visibility": "private"},
    )
    with pytest.raises(NotFound):
        selectors.matches_for_challenge(actor=world.member_b, challenge=challenge)


def test_a_large_catalogue_scores_only_candidates_sharing_the_needs(world, scene, monkeypatch):
    from cityhive.matching import candidates

    monkeypatch.setattr(candidates, "MAX_CANDIDATES", 4)  # 5 published: facets give the best 2
    solution(world, "Second flood barrier", "floods")
    solution(world, "Drought wells", "droughts")
    solution(world, "Storm shelters", "storms")
    matches = selectors.recommendations_for_city(actor=world.member_a, city=world.org_a)
    assert sorted(m.item.title for m in matches) == ["Flood early warning", "Second flood barrier"]


def test_a_small_catalogue_is_scored_whole(world, scene):
    matches = selectors.recommendations_for_city(actor=world.member_a, city=world.org_a)
    assert sorted(m.item.title for m in matches) == ["Cool roofs", "Flood early warning"]
