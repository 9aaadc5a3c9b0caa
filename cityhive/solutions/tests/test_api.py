import pytest

from cityhive.directory.tests.factories import CityFactory
from cityhive.solutions.models import Implementation, Solution, SolutionStatus, SolutionTag
from cityhive.solutions.tests.factories import ImplementationFactory
from cityhive.solutions.tests.test_pages import FIELDS, make

pytestmark = pytest.mark.django_db


def create(api, world, **change):
    payload = {"provider": "beta-solutions", **FIELDS, **change}
    return api("POST", "/api/v1/solutions", user=world.member_b, json=payload)


def test_create_returns_the_exchange_shape(api, world):
    response = create(api, world, publish=True)
    assert response.status_code == 201
    body = response.json()
    solution = Solution.objects.get()
    assert {key: body[key] for key in FIELDS} == FIELDS
    assert (body["id"], body["provider"], body["provider_name"], body["status"]) == (
        solution.pk,
        "beta-solutions",
        "Beta Solutions",
        "published",
    )
    assert (body["version"], body["is_demo"]) == (1, False)


def test_a_draft_is_the_default_and_others_cannot_see_it(api, world):
    solution_id = create(api, world).json()["id"]
    assert Solution.objects.get().status == SolutionStatus.DRAFT
    for outsider in (None, world.member_a):
        response = api("GET", f"/api/v1/solutions/{solution_id}", user=outsider)
        assert response.status_code == 404
        assert api("GET", "/api/v1/solutions", user=outsider).json() == {"count": 0, "results": []}
    assert api("GET", f"/api/v1/solutions/{solution_id}", user=world.member_b).status_code == 200


def test_invalid_fields_are_422_problems_with_exchange_paths_and_nothing_is_written(api, world):
    response = create(
        api,
        world,
        addresses=[
            {"facet": "hazard", "value": "floods", "strength": 0.5},
            {"facet": "hazard", "value": "lava", "strength": 1.5},
        ],
        regions_served=["XX"],
    )
    assert (response.status_code, response["Content-Type"]) == (422, "application/problem+json")
    assert response.json()["errors"] == {
        "addresses[1].value": ["unknown hazard 'lava'"],
        "addresses[1].strength": ["must be between 0 and 1"],
        "regions_served[0]": ["unknown country code 'XX'"],
    }
    assert (Solution.objects.count(), SolutionTag.objects.count()) == (0, 0)


def test_schema_violations_are_422_problems(api, world):
    response = create(api, world, maturity="high")
    assert (response.status_code, list(response.json()["errors"])) == (422, ["maturity"])
    assert not Solution.objects.exists()


def test_an_unknown_provider_is_a_field_error(api, world):
    response = create(api, world, provider="nobody")
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"provider": ["unknown organisation 'nobody'"]},
    )


def test_someone_elses_provider_is_forbidden(api, world):
    response = api(
        "POST",
        "/api/v1/solutions",
        user=world.member_a,
        json={**FIELDS, "provider": "beta-solutions"},
    )
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert not Solution.objects.exists()


def test_list_filters_sorts_and_pages(api, world):
    make(world, title="B flood", maturity=5)
    make(
        world,
        title="A heat",
        maturity=9,
        addresses=[{"facet": "hazard", "value": "heatwaves", "strength": 1}],
    )
    make(world, title="C flood", maturity=2)
    body = api("GET", "/api/v1/solutions", data={"hazard": "floods", "sort": "title"}).json()
    assert (body["count"], [s["title"] for s in body["results"]]) == (2, ["B flood", "C flood"])
    body = api("GET", "/api/v1/solutions", data={"maturity_min": 5, "sort": "maturity"}).json()
    assert [s["title"] for s in body["results"]] == ["A heat", "B flood"]
    body = api("GET", "/api/v1/solutions", data={"q": "flood", "offset": 1, "limit": 1}).json()
    assert (body["count"], len(body["results"])) == (3, 1)
    body = api("GET", "/api/v1/solutions", data={"provider": "beta-solutions", "country": "DE"})
    assert body.json()["count"] == 3
    nobody = api("GET", "/api/v1/solutions", data={"provider": "nobody"}).json()
    assert nobody == {"count": 0, "results": []}


def test_out_of_range_queries_are_422_not_errors(api, world):
    for query in ({"maturity_min": 10}, {"limit": 1000}, {"offset": -1}, {"sort": "price"}):
        assert api("GET", "/api/v1/solutions", data=query).status_code == 422
    assert api("GET", f"/api/v1/solutions/{2**70}").status_code == 404


def test_patch_changes_only_the_fields_sent_and_a_stale_version_is_a_conflict(api, world):
    solution = make(world)
    url = f"/api/v1/solutions/{solution.pk}"
    response = api("PATCH", url, user=world.member_b, json={"version": 1, "maturity": 9})
    assert (response.json()["maturity"], response.json()["version"]) == (9, 2)
    assert response.json()["title"] == FIELDS["title"]
    stale = api("PATCH", url, user=world.member_b, json={"version": 1, "title": "Lost?"})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    solution.refresh_from_db()
    assert (solution.title, solution.maturity) == (FIELDS["title"], 9)


def test_publish_and_take_back(api, world):
    solution = make(world, publish=False)
    url = f"/api/v1/solutions/{solution.pk}/publish"
    assert api("POST", url, user=world.member_b, json={}).json()["status"] == "published"
    body = api("POST", url, user=world.member_b, json={"published": False}).json()
    assert (body["status"], body["published_at"]) == ("draft", None)


def test_implementations_are_added_listed_and_confirmed_by_the_city(api, world):
    solution = make(world)
    response = api(
        "POST",
        f"/api/v1/solutions/{solution.pk}/implementations",
        user=world.member_b,
        json={
            "city": "city-of-alpha",
            "year": 2024,
            "status": "deployed",
            "kpi_changes": [{"kpi": "EC: I: WS: 1C", "before": 71.5, "after": 93, "unit": "%"}],
        },
    )
    assert response.status_code == 201
    implementation_id = response.json()["id"]
    confirm = f"/api/v1/implementations/{implementation_id}/confirm"
    denied = api("POST", confirm, user=world.member_a, json={})
    assert denied.status_code == 403 and Implementation.objects.get().confirmed_at is None
    assert api("POST", confirm, user=world.admin_a, json={}).json()["confirmed"] is True
    listed = api("GET", f"/api/v1/solutions/{solution.pk}/implementations").json()
    assert listed == [
        {
            "id": implementation_id,
            "solution": solution.pk,
            "city": "city-of-alpha",
            "city_name": "City of Alpha",
            "year": 2024,
            "status": "deployed",
            "summary": "",
            "kpi_changes": [
                {"kpi": "EC: I: WS: 1C", "before": 71.5, "after": 93.0, "unit": "%", "year": None}
            ],
            "confirmed": True,
            "confirmed_at": listed[0]["confirmed_at"],
            "is_demo": False,
        }
    ]
    assert listed[0]["confirmed_at"] is not None


def test_an_implementation_must_be_in_a_city(api, world):
    solution = make(world)
    response = api(
        "POST",
        f"/api/v1/solutions/{solution.pk}/implementations",
        user=world.member_b,
        json={"city": "beta-solutions", "year": 1900, "status": "tested"},
    )
    assert response.json()["errors"] == {
        "year": ["must be a whole number between 1950 and 2100"],
        "status": ["must be one of pilot, deployed, scaled"],
        "city": ["must be a city organisation"],
    }
    assert not Implementation.objects.exists()


def test_confirmed_implementations_come_first(api, world):
    solution = make(world)
    ImplementationFactory(solution=solution, city=CityFactory(), year=2025)
    confirmed = ImplementationFactory(solution=solution, city=world.org_a, year=2020)
    api("POST", f"/api/v1/implementations/{confirmed.pk}/confirm", user=world.admin_a, json={})
    listed = api("GET", f"/api/v1/solutions/{solution.pk}/implementations").json()
    assert [i["year"] for i in listed] == [2020, 2025]
