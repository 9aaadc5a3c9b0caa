import pytest

from cityhive.solutions import selectors, services
from cityhive.solutions.selectors import SolutionFilters
from cityhive.solutions.tests.factories import ImplementationFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def make(world, title, *, provider=None, publish=True, **fields):
    base = {"title": title, "summary": f"{title} for cities"}
    return services.solution_create(
        actor=world.manager,
        provider=provider or world.org_b,
        fields={**base, **fields},
        publish=publish,
    )


def titles(actor, **filters):
    return [
        s.title
        for s in selectors.solution_list_visible_to(actor=actor, filters=SolutionFilters(**filters))
    ]


def test_drafts_are_seen_by_the_provider_and_programme_managers_only(world):
    make(world, "Published")
    make(world, "Draft", publish=False)
    assert sorted(titles(None, sort="title")) == ["Published"]
    assert sorted(titles(world.member_a, sort="title")) == ["Published"]
    assert titles(world.member_b, sort="title") == ["Draft", "Published"]
    assert titles(world.manager, sort="title") == ["Draft", "Published"]


def test_a_draft_is_not_found_by_others(world):
    draft = make(world, "Draft", publish=False)
    from cityhive.core.errors import NotFound

    with pytest.raises(NotFound):
        selectors.solution_get_visible_to(actor=world.member_a, solution_id=draft.pk)
    assert selectors.solution_get_visible_to(actor=world.member_b, solution_id=draft.pk) == draft


def test_full_text_search_matches_every_word_as_a_prefix(world):
    make(world, "Flood sensors", summary="River gauges with alerts")
    make(world, "Smart parking", summary="Sensors in parking bays")
    make(world, "Água limpa", summary="Tratamento de água")
    assert titles(None, query="sensor", sort="title") == ["Flood sensors", "Smart parking"]
    assert titles(None, query="river sens") == ["Flood sensors"]
    assert titles(None, query="agua") == ["Água limpa"]
    assert titles(None, query='"); DROP TABLE x; --') == []


def test_facet_filters_combine(world):
    make(
        world,
        "Both",
        categories=["environment/water"],
        addresses=[{"facet": "hazard", "value": "floods", "strength": 0.8}],
        sdg_targets=["11.5"],
    )
    make(world, "Water only", categories=["environment/water"])
    make(world, "Heat", addresses=[{"facet": "hazard", "value": "heatwaves", "strength": 0.5}])
    assert titles(None, category="environment", sort="title") == ["Both", "Water only"]
    assert titles(None, category="environment", hazard="floods") == ["Both"]
    assert titles(None, sdg="11") == ["Both"]


def test_country_maturity_cost_and_sort(world):
    make(world, "Mature", maturity=9, cost_level="low")
    make(world, "Young", maturity=3, cost_level="low")
    make(world, "City approach", provider=world.org_a, maturity=9)
    assert titles(None, maturity_min=8, sort="maturity") in (
        ["Mature", "City approach"],
        ["City approach", "Mature"],
    )
    assert titles(None, country="de", cost_level="low", sort="title") == ["Mature", "Young"]


def test_implementations_list_confirmed_first(world):
    solution = SolutionFactory(provider=world.org_b)
    ImplementationFactory(solution=solution, year=2025)
    confirmed = ImplementationFactory(
        solution=solution, year=2020, confirmed_at="2025-01-01T00:00:00Z"
    )
    listed = list(selectors.implementation_list_for_solution(actor=None, solution=solution))
    assert listed[0] == confirmed and len(listed) == 2


def test_a_city_page_lists_only_visible_solutions_implemented_there(world):
    visible = ImplementationFactory(
        city=world.org_a, solution=SolutionFactory(provider=world.org_b)
    )
    ImplementationFactory(
        city=world.org_a, solution=SolutionFactory(status="draft", published_at=None)
    )
    assert list(selectors.implementation_list_for_city(actor=None, city=world.org_a)) == [visible]


def test_a_hidden_draft_and_a_missing_solution_answer_alike(api, world):
    draft = make(world, "Secret draft", publish=False)
    hidden = api("GET", f"/api/v1/solutions/{draft.pk}")
    missing = api("GET", "/api/v1/solutions/987654321")
    assert (hidden.status_code, hidden.json()["code"]) == (404, "solution_not_found")
    assert (missing.status_code, missing.json()["code"]) == (404, "solution_not_found")
