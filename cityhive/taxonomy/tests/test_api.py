import pytest

PROBLEM = "application/problem+json"


def test_sdg_list_in_english(client, reference_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        response = client.get("/api/v1/sdgs")

    body = response.json()
    assert response.status_code == 200
    assert len(body) == 17
    assert body[0] == {
        "number": 1,
        "colour": "#E5243B",
        "lang": "en",
        "short_title": "No poverty",
        "title": "End poverty in all its forms everywhere",
    }


def test_sdg_list_in_russian(client, reference_data):
    body = client.get("/api/v1/sdgs", {"lang": "ru"}).json()

    assert body[0]["title"] == "Повсеместная ликвидация нищеты во всех ее формах"  # noqa: RUF001
    assert body[0]["lang"] == "ru"


def test_sdg_list_rejects_an_unknown_language(client, reference_data):
    response = client.get("/api/v1/sdgs", {"lang": "xx"})

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "invalid"


def test_sdg_get_has_targets_indicators_and_kpis(
    client, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/sdgs/1", {"lang": "es"})

    body = response.json()
    assert response.status_code == 200
    assert body["title"] == "Poner fin a la pobreza en todas sus formas y en todo el mundo"
    assert [t["code"] for t in body["targets"]] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b"]
    assert [i["code"] for i in body["targets"][0]["indicators"]] == ["1.1.1"]
    assert body["targets"][0]["indicators"][0]["unsd_code"] == "C010101"
    assert body["targets"][4]["kpis"] == ["SC: SH: SA: 1C", "SC: SH: SA: 2C", "SC: SH: SA: 4A"]
    assert [k["code"] for k in body["kpis"]] == [
        "SC: SH: SA: 1C",
        "SC: SH: SA: 2C",
        "SC: SH: SA: 3A",
        "SC: SH: SA: 4A",
        "SC: SH: SI: 3C",
    ]


def test_sdg_get_unknown_goal_is_a_404_problem(client, reference_data):
    response = client.get("/api/v1/sdgs/18")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json() == {
        "type": "https://cityhive.example/problems/not_found",
        "title": "Not found",
        "status": 404,
        "detail": "There is no SDG 18; the goals are numbered 1 to 17.",
        "code": "not_found",
        "instance": "/api/v1/sdgs/18",
    }


def test_kpi_list_without_filters(client, reference_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/kpis")

    body = response.json()
    assert response.status_code == 200
    assert len(body) == 91
    assert body[0] == {
        "code": "EC: I: B: 1A",
        "slug": "public_building_sustainability",
        "kind": "advanced",
        "definition": "Percentage area of public buildings with recognized sustainability "
        "certifications for ongoing operations",
        "dimension": "Economy",
        "sub_dimension": "Infrastructure",
        "category": "Buildings",
        "sdg_goals": [7, 11],
        "sdg_targets": ["7.3", "11.3"],
    }


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"kind": "core"}, 55),
        ({"kind": "advanced"}, 36),
        ({"dimension": "environment"}, 17),
        ({"dimension": "economy", "kind": "core"}, 24),
        ({"q": "broadband"}, 3),
    ],
)
def test_kpi_list_filters(client, reference_data, params, count):
    assert len(client.get("/api/v1/kpis", params).json()) == count


def test_kpi_get_by_slug(client, reference_data):
    body = client.get("/api/v1/kpis/disaster_related_economic_loss").json()

    assert body["code"] == "SC: SH: SA: 2C"
    assert body["sdg_indicators"] == ["1.5.2"]


def test_kpi_get_unknown_slug_is_a_404_problem(client, reference_data):
    response = client.get("/api/v1/kpis/no_such_kpi")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "not_found"


def test_vocabulary_of_hazards(client, reference_data):
    body = client.get("/api/v1/vocabularies/hazard").json()

    assert [t["code"] for t in body] == [
        "floods", "heatwaves", "droughts", "storms", "landslides", "sea-level-rise", "diseases",
        "wildfires",
    ]  # fmt: skip
    assert body[0] == {
        "code": "floods",
        "label": "Floods",
        "parent": None,
        "description": "River, coastal, flash and urban (pluvial) flooding.",
    }


def test_vocabulary_of_categories_names_parents(
    client, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        body = client.get("/api/v1/vocabularies/category").json()

    parking = next(t for t in body if t["code"] == "mobility/parking")
    assert parking == {
        "code": "mobility/parking",
        "label": "Parking",
        "parent": "mobility",
        "description": "Parking management and guidance.",
    }


def test_unknown_vocabulary_is_a_404_problem(client, reference_data):
    response = client.get("/api/v1/vocabularies/colour")

    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM


def test_an_invalid_token_is_refused_not_ignored(client, reference_data):
    response = client.get("/api/v1/sdgs", HTTP_AUTHORIZATION="Bearer chv_not_a_token")

    assert response.status_code == 401
