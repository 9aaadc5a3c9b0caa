"""No API error is ever an HTML page: too large, conflicting, locked or crashing requests all
answer with a problem document."""

import importlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DataError, OperationalError

from cityhive.core.api import data_error_detail
from cityhive.directory import services as directory_services
from cityhive.directory.models import Membership, Organisation
from cityhive.solutions import api as solutions_api
from cityhive.solutions.models import Solution
from cityhive.solutions.tests.test_pages import FIELDS

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_a_6_mb_body_is_a_413_problem(client, world, content_type):
    from cityhive.accounts.services import api_token_create

    key = api_token_create(actor=world.member_b, name="t").key
    body = b'{"title": "' + b"a" * 6_000_000 + b'"}'
    response = client.generic(
        "POST",
        "/api/v1/solutions",
        body,
        content_type=content_type,
        headers={"Authorization": f"Bearer {key}"},
    )
    assert (response.status_code, response["Content-Type"]) == (413, PROBLEM)
    assert response.json()["code"] == "too_large"
    assert not Solution.objects.exists()


def test_two_creates_of_the_same_slug_are_a_409_problem(api, world, monkeypatch):
    organisations, memberships = Organisation.objects.count(), Membership.objects.count()
    allocate = directory_services.organisation_slug_new

    def slug_taken_meanwhile(name: str) -> str:
        # Another request saves the same slug after this one chose it, before it is written.
        slug = allocate(name)
        Organisation.objects.create(kind="company", name=name, slug=slug, country="DE")
        return slug

    monkeypatch.setattr(directory_services, "organisation_slug_new", slug_taken_meanwhile)
    payload = {"kind": "company", "name": "Acme Water", "country": "DE"}
    response = api("POST", "/api/v1/organisations", user=world.outsider, json=payload)
    assert (response.status_code, response["Content-Type"]) == (409, PROBLEM)
    assert response.json()["code"] == "conflict"
    assert (Organisation.objects.count(), Membership.objects.count()) == (
        organisations,
        memberships,
    )


def test_a_locked_database_is_a_503_problem_with_retry_after(api, world, monkeypatch):
    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(solutions_api.services, "solution_create", locked)
    payload = {"provider": "beta-solutions", **FIELDS}
    response = api("POST", "/api/v1/solutions", user=world.member_b, json=payload)
    assert (response.status_code, response["Content-Type"]) == (503, PROBLEM)
    assert (response["Retry-After"], response.json()["code"]) == ("5", "unavailable")


@pytest.mark.parametrize(
    "error",
    # An overflow of our own is a bug too: only SQLite's refusal of a bound number is input.
    [RuntimeError("boom"), OverflowError("math range error")],
    ids=["unexpected", "overflow of our own"],
)
def test_an_unexpected_error_is_a_500_problem(api, world, monkeypatch, error):
    def crash(**kwargs):
        raise error

    monkeypatch.setattr(solutions_api.services, "solution_create", crash)
    payload = {"provider": "beta-solutions", **FIELDS}
    response = api("POST", "/api/v1/solutions", user=world.member_b, json=payload)
    assert (response.status_code, response["Content-Type"]) == (500, PROBLEM)
    assert str(error) not in response.content.decode()


def test_an_unknown_api_path_is_a_404_problem_not_a_page(client):
    response = client.get("/api/v1/no-such-thing")
    assert (response.status_code, response["Content-Type"]) == (404, PROBLEM)
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize(
    ("message", "detail"),
    [
        (
            "PostgreSQL text fields cannot contain NUL (0x00) bytes",
            "A text holds the NUL character, which cannot be stored.",
        ),
        (
            "unsupported Unicode escape sequence DETAIL: \\u0000 cannot be converted to text.",
            "A text holds the NUL character, which cannot be stored.",
        ),
        (
            "value too long for type character varying(200)",
            "A text is longer than its field can hold.",
        ),
        ('value "99999999999" is out of range for type integer', "A number is out of the range"),
    ],
)
def test_the_databases_refusals_get_a_true_message(message, detail):
    assert data_error_detail(DataError(message)).startswith(detail)


def test_a_filter_id_beyond_64_bits_is_refused_by_its_bounds(client):
    """The schema bounds an id filter to what a row's id can be, on either database."""
    response = client.get("/api/v1/partnership/partners", {"tier": 10**23})
    assert (response.status_code, response["Content-Type"]) == (422, PROBLEM)
    assert "tier" in response.content.decode()


def test_sqlite_refusing_a_bound_number_is_a_422_problem(api, world, monkeypatch):
    """A number beyond 64 bits that reaches SQLite (PostgreSQL compares it and finds nothing)."""

    def unbindable(**kwargs):
        raise OverflowError("Python int too large to convert to SQLite INTEGER")

    monkeypatch.setattr(solutions_api.services, "solution_create", unbindable)
    payload = {"provider": "beta-solutions", **FIELDS}
    response = api("POST", "/api/v1/solutions", user=world.member_b, json=payload)
    assert (response.status_code, response["Content-Type"]) == (422, PROBLEM)
    assert response.json()["detail"] == "A number is out of the range its field can hold."


def test_import_says_in_one_line_that_the_database_stayed_locked(tmp_path, monkeypatch):
    command = importlib.import_module("cityhive.exchange.management.commands.import")

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(command, "exchange_import", locked)
    path = tmp_path / "data.jsonl"
    path.write_bytes(b"")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), "--quiet", stderr=io.StringIO())
    assert str(refused.value) == (
        "Nothing was imported: the database stayed locked by other writes longer than the "
        "import waits; run it again."
    )


def test_a_large_exchange_file_still_streams_past_the_body_limit(client, world):
    from cityhive.accounts.services import api_token_create

    key = api_token_create(actor=world.admin_b, name="t").key
    description = "a" * 9_000
    line = '{"type": "organization", "id": "acme", "kind": "ngo", "name": "Acme", '
    line += f'"description": "{description}"}}\n'
    body = line.encode() * (6_000_000 // len(line))
    response = client.post(
        "/api/v1/exchange/import",
        data=body,
        content_type="application/x-ndjson",
        headers={"Authorization": f"Bearer {key}"},
    )
    assert (response.status_code, response["Content-Type"]) == (400, PROBLEM)
    assert response.json()["errors"][0] == {
        "line": 1,
        "path": "organization.country",
        "message": "is required (only an international_org may omit it)",
    }


def test_a_method_the_path_does_not_take_is_a_problem_that_names_the_methods_it_does(client):
    response = client.generic("TRACE", "/api/v1/me")
    assert (response.status_code, response["Content-Type"]) == (405, "application/problem+json")
    assert response["Allow"] == "GET"
    assert response.json()["status"] == 405
