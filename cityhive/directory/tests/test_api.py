import pytest

from cityhive.directory.models import Organisation

pytestmark = pytest.mark.django_db


def test_create_and_read_an_organisation(api, world):
    response = api(
        "POST",
        "/api/v1/organisations",
        user=world.outsider,
        json={"kind": "ngo", "name": "Open Streets", "country": "ke", "languages": ["sw"]},
    )
    assert response.status_code == 201
    body = api("GET", "/api/v1/organisations/open-streets").json()
    assert (body["name"], body["country"], body["languages"], body["is_verified"]) == (
        "Open Streets",
        "KE",
        ["sw"],
        False,
    )


def test_invalid_input_is_a_problem_document_with_field_errors(api, world):
    response = api(
        "POST",
        "/api/v1/organisations",
        user=world.outsider,
        json={"kind": "company", "name": "X", "country": "DE", "languages": ["zz"]},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["code"], list(body["errors"])) == ("invalid", ["languages"])
    assert not Organisation.objects.filter(name="X").exists()


def test_schema_violations_are_422_problems(api, world):
    response = api("POST", "/api/v1/organisations", user=world.outsider, json={"kind": "company"})
    assert response.status_code == 422
    assert "name" in response.json()["errors"]


def test_patch_with_a_stale_version_is_a_conflict(api, world):
    api(
        "PATCH",
        f"/api/v1/organisations/{world.org_a.slug}",
        user=world.admin_a,
        json={"version": 1, "description": "new"},
    )
    response = api(
        "PATCH",
        f"/api/v1/organisations/{world.org_a.slug}",
        user=world.admin_a,
        json={"version": 1, "description": "lost?"},
    )
    assert (response.status_code, response.json()["code"]) == (409, "stale_version")
    world.org_a.refresh_from_db()
    assert world.org_a.description == "new"


def test_directory_filters(api, world):
    body = api("GET", "/api/v1/organisations", data={"kind": "city"}).json()
    assert (body["count"], [o["slug"] for o in body["results"]]) == (1, ["city-of-alpha"])


def test_unknown_organisation_is_404_problem(api):
    response = api("GET", "/api/v1/organisations/nope")
    assert (response.status_code, response.json()["code"]) == (404, "organisation_not_found")
