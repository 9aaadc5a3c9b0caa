import pytest

from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.solutions import services
from cityhive.solutions.models import Solution, SolutionStatus, SolutionTag

pytestmark = pytest.mark.django_db

VALID = {
    "title": "River flood early warning",
    "summary": "Sensors and forecasts that warn residents before rivers flood.",
    "description": "# How\n\n<script>alert(1)</script> Works with **any** river.",
    "categories": ["environment/water"],
    "sdg_targets": ["11.5", "13.1"],
    "kpis": ["EC: I: WS: 1C"],
    "addresses": [{"facet": "hazard", "value": "floods", "strength": 0.9}],
    "cost_level": "medium",
    "timeline": "<5 years",
    "cobenefits": {"public_health": 1},
    "maturity": 8,
    "regions_served": ["BR", "global"],
    "languages": ["pt", "en"],
    "population_range": [100_000, 5_000_000],
}


def test_a_company_member_creates_a_solution_with_its_facet_index(world):
    solution = services.solution_create(actor=world.member_b, provider=world.org_b, fields=VALID)
    tags = set(
        SolutionTag.objects.filter(solution=solution).values_list("facet", "value", "strength")
    )
    assert tags == {
        ("category", "environment/water", 1.0),
        ("category", "environment", 1.0),
        ("sdg_target", "11.5", 1.0),
        ("sdg_target", "13.1", 1.0),
        ("sdg_goal", "11", 1.0),
        ("sdg_goal", "13", 1.0),
        ("kpi", "EC: I: WS: 1C", 1.0),
        ("hazard", "floods", 0.9),
    }
    assert (solution.status, solution.population_min, solution.population_max) == (
        SolutionStatus.DRAFT,
        100_000,
        5_000_000,
    )
    assert (
        "<script" not in solution.description_html and "<h2>How</h2>" in solution.description_html
    )


def test_services_round_trip_the_exchange_shape(world):
    solution = services.solution_create(actor=world.member_b, provider=world.org_b, fields=VALID)
    data = services.solution_data(solution)
    assert {key: data[key] for key in VALID} == VALID


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (
            {"addresses": [{"facet": "hazard", "value": "floods", "strength": 1.5}]},
            "addresses[0].strength",
        ),
        (
            {"addresses": [{"facet": "hazard", "value": "meteor", "strength": 0.5}]},
            "addresses[0].value",
        ),
        ({"kpis": ["XX: 1"]}, "kpis[0]"),
        ({"sdg_targets": ["18.1"]}, "sdg_targets[0]"),
        ({"categories": ["space"]}, "categories[0]"),
        ({"maturity": 10}, "maturity"),
        ({"cobenefits": {"air_quality": 3}}, "cobenefits.air_quality"),
        ({"regions_served": ["XX"]}, "regions_served[0]"),
        ({"population_range": [10, 1]}, "population_range"),
        ({"population_range": [0, 2**70]}, "population_range"),
        ({"title": ""}, "title"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_fields_name_their_path_and_write_nothing(world, change, path):
    with pytest.raises(ValidationFailed) as caught:
        services.solution_create(
            actor=world.member_b, provider=world.org_b, fields={**VALID, **change}
        )
    assert path in caught.value.field_errors
    assert Solution.objects.count() == 0 and SolutionTag.objects.count() == 0


def test_only_the_providers_members_create_and_edit(world):
    with pytest.raises(Forbidden):
        services.solution_create(actor=world.member_a, provider=world.org_b, fields=VALID)
    solution = services.solution_create(actor=world.member_b, provider=world.org_b, fields=VALID)
    with pytest.raises(Forbidden):
        services.solution_update(
            actor=world.admin_a, solution=solution, version=1, fields={"title": "X"}
        )
    assert Solution.objects.get(pk=solution.pk).title == VALID["title"]


def test_financiers_do_not_publish_solutions(world):
    world.org_b.kind = "financier"
    world.org_b.save()
    with pytest.raises(Forbidden):
        services.solution_create(actor=world.member_b, provider=world.org_b, fields=VALID)


def test_concurrent_edits_do_not_overwrite_each_other(world):
    solution = services.solution_create(actor=world.member_b, provider=world.org_b, fields=VALID)
    services.solution_update(
        actor=world.admin_b, solution=solution, version=1, fields={"title": "Mine"}
    )
    with pytest.raises(Conflict):
        services.solution_update(
            actor=world.member_b, solution=solution, version=1, fields={"title": "Theirs"}
        )
    solution.refresh_from_db()
    assert (solution.title, solution.version) == ("Mine", 2)


def test_an_update_reindexes_the_facets(world):
    solution = services.solution_create(actor=world.member_b, provider=world.org_b, fields=VALID)
    services.solution_update(
        actor=world.member_b,
        solution=solution,
        version=1,
        fields={"addresses": [], "sdg_targets": [], "kpis": [], "categories": ["mobility"]},
    )
    assert list(SolutionTag.objects.filter(solution=solution).values_list("facet", "value")) == [
        ("category", "mobility")
    ]


def test_only_the_implementing_city_confirms(world):
    solution = services.solution_create(
        actor=world.member_b, provider=world.org_b, fields=VALID, publish=True
    )
    implementation = services.implementation_create(
        actor=world.member_b,
        solution=solution,
        city=world.org_a,
        fields={
            "year": 2024,
            "status": "deployed",
            "kpi_changes": [
                {"kpi": "EC: I: WS: 1C", "before": 12.5, "after": 8, "unit": "%", "year": 2024}
            ],
        },
    )
    for outsider in (world.member_b, world.member_a, world.admin_b):
        with pytest.raises(Forbidden):
            services.implementation_confirm(actor=outsider, implementation=implementation)
    implementation.refresh_from_db()
    assert implementation.confirmed_at is None
    services.implementation_confirm(actor=world.admin_a, implementation=implementation)
    implementation.refresh_from_db()
    assert implementation.confirmed_by == world.admin_a


def test_an_implementation_needs_a_city_and_valid_values(world):
    solution = services.solution_create(actor=world.member_b, provider=world.org_b, fields=VALID)
    with pytest.raises(ValidationFailed) as caught:
        services.implementation_create(
            actor=world.member_b,
            solution=solution,
            city=world.org_b,
            fields={"year": 1800, "status": "imagined", "kpi_changes": [{"kpi": "nope"}]},
        )
    assert sorted(caught.value.field_errors) == ["city", "kpi_changes[0].kpi", "status", "year"]
    assert not solution.implementations.exists()


def test_a_city_can_share_a_proven_approach(world):
    city = CityFactory()
    official = MembershipFactory(organisation=city).user
    solution = services.solution_create(actor=official, provider=city, fields=VALID)
    assert solution.provider == city
