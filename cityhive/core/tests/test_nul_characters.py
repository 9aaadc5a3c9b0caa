"""Input holding a NUL character is refused before any view reads it (PostgreSQL refuses it)."""

import pytest

pytestmark = pytest.mark.django_db


def test_an_api_query_with_nul_is_a_validation_problem(client):
    response = client.get("/api/v1/places", {"q": "Reci\x00fe"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {"q": ["must not contain the NUL character"]}


def test_a_json_body_with_an_escaped_nul_is_refused(client, world):
    response = client.post(
        "/api/v1/solutions", data='{"title": "a\\u0000b"}', content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"body": ["must not contain the NUL character"]}


def test_a_page_with_nul_in_its_query_is_a_bad_request(client):
    response = client.get("/organisations/", {"q": "\x00"})
    assert response.status_code == 400
    assert b"must not contain the NUL character" in response.content


def test_ordinary_queries_pass(client):
    assert client.get("/api/v1/places", {"q": "Recife"}).status_code == 200


def test_a_number_beyond_the_database_range_is_refused_not_a_crash(client):
    response = client.get(f"/api/v1/places/{2**70}")
    assert response.status_code in (404, 422)  # SQLite finds nothing; PostgreSQL refuses it
    assert response["Content-Type"] == "application/problem+json"
    page = client.get(f"/solutions/{2**70}/")
    assert page.status_code in (400, 404)
