"""What the database does not check, the services do: lengths, NULs and ranges, on every channel
(API whatever the Content-Type, HTML form, importer) and on every database."""

import json
from decimal import Decimal

import pytest

from cityhive.challenges.models import Challenge
from cityhive.core.errors import ValidationFailed
from cityhive.core.storable import instance_storable_require, storable_check
from cityhive.directory.models import Invitation, Organisation
from cityhive.exchange.errors import ImportInvalid
from cityhive.exchange.tests import helpers as h
from cityhive.solutions.models import Solution, SolutionTag
from cityhive.solutions.tests.test_pages import FIELDS, form_data

pytestmark = pytest.mark.django_db

LONG_WEBSITE = "https://flood.example/" + "a" * 296
LONG_EMAIL = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".example"
NUL_MESSAGE = "must not contain the NUL character"


def test_the_long_values_are_the_ones_the_finding_names():
    assert (len(LONG_WEBSITE), len(LONG_EMAIL)) == (318, 312)


# --- the check itself ---------------------------------------------------------------------------


def test_lengths_nuls_and_ranges_are_reported_by_field_path():
    errors = storable_check(
        Solution,
        {
            "title": "t" * 201,
            "website": LONG_WEBSITE,
            "maturity": 40_000,
            "population_min": 2**63,
            "tags": ["ok", "b\x00d"],
            "cobenefits": {"air": {"note": "\x00"}},
            "not_a_field": "x\x00",
        },
    )
    assert errors == {
        "title": ["must be at most 200 characters"],
        "website": ["must be at most 200 characters"],
        "maturity": ["must be a whole number between 0 and 32767"],
        "population_min": ["must be a whole number between 0 and 9223372036854775807"],
        "tags[1]": [NUL_MESSAGE],
        "cobenefits.air.note": [NUL_MESSAGE],
        "not_a_field": [NUL_MESSAGE],
    }


def test_a_nul_in_a_json_key_and_decimal_digits_are_refused():
    errors = storable_check(
        Challenge, {"extra": {"k\x00": 1}, "budget_min": Decimal("123456789012345678.5")}
    )
    assert errors["extra"] == [NUL_MESSAGE]
    assert list(errors) == ["extra", "budget_min"]


def test_sound_values_pass_and_a_message_is_not_repeated():
    assert storable_check(Solution, {**FIELDS, "population_range": [1, 2]}) == {}
    errors = {"title": ["must be at most 200 characters"]}
    storable_check(Solution, {"title": "t" * 201}, errors=errors)
    assert errors == {"title": ["must be at most 200 characters"]}


def test_an_instance_is_checked_field_by_field(world):
    organisation = Organisation(kind="company", name="Acme\x00", slug="acme", context={"a": "\x00"})
    with pytest.raises(ValidationFailed) as refused:
        instance_storable_require(organisation)
    assert refused.value.field_errors == {"name": [NUL_MESSAGE], "context.a": [NUL_MESSAGE]}


# --- the API, whatever the Content-Type says --------------------------------------------------


def _post(client, world, path: str, payload: dict, content_type: str | None):
    from cityhive.accounts.services import api_token_create

    key = api_token_create(actor=world.admin_b, name="t").key
    extra = {"content_type": content_type} if content_type else {}
    return client.generic(
        "POST",
        path,
        json.dumps(payload).encode(),
        headers={"Authorization": f"Bearer {key}"},
        **extra,
    )


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", None])
def test_an_api_body_with_nul_is_refused_whatever_its_content_type(client, world, content_type):
    payload = {"provider": "beta-solutions", **FIELDS, "title": "Flood\x00sensors"}
    response = _post(client, world, "/api/v1/solutions", payload, content_type)
    assert (response.status_code, response["Content-Type"]) == (422, "application/problem+json")
    assert response.json()["errors"] == {"body": [NUL_MESSAGE]}
    assert not Solution.objects.exists()


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", None])
def test_a_318_character_website_is_refused_by_the_api(client, world, content_type):
    payload = {"provider": "beta-solutions", **FIELDS, "website": LONG_WEBSITE}
    response = _post(client, world, "/api/v1/solutions", payload, content_type)
    assert (response.status_code, response["Content-Type"]) == (422, "application/problem+json")
    assert response.json()["errors"] == {"website": ["must be at most 200 characters"]}
    assert (Solution.objects.count(), SolutionTag.objects.count()) == (0, 0)


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", None])
def test_a_312_character_invitation_email_is_refused_by_the_api(client, world, content_type):
    invitations = Invitation.objects.count()
    path = f"/api/v1/organisations/{world.org_b.slug}/invitations"
    response = _post(client, world, path, {"email": LONG_EMAIL}, content_type)
    assert (response.status_code, response["Content-Type"]) == (422, "application/problem+json")
    assert response.json()["errors"] == {"email": ["must be at most 254 characters"]}
    assert Invitation.objects.count() == invitations


def test_an_organisation_website_too_long_is_refused_by_the_api(api, world):
    payload = {"kind": "company", "name": "Acme", "country": "DE", "website": LONG_WEBSITE}
    response = api("POST", "/api/v1/organisations", user=world.outsider, json=payload)
    assert response.status_code == 422
    assert "website" in response.json()["errors"]
    assert not Organisation.objects.filter(name="Acme").exists()


# --- the HTML forms -----------------------------------------------------------------------------


def test_a_318_character_website_is_refused_by_the_form(client, world):
    client.force_login(world.member_b)
    response = client.post("/solutions/new/", form_data(website=LONG_WEBSITE))
    assert response.status_code == 400
    assert response.context["form"].errors["website"] == ["Website must be at most 200 characters."]
    assert not Solution.objects.exists()


def test_a_312_character_invitation_email_is_refused_by_the_form(client, world):
    invitations = Invitation.objects.count()
    client.force_login(world.admin_b)
    form = {"email": LONG_EMAIL, "role": "member"}
    response = client.post(f"/organisations/{world.org_b.slug}/members/", form)
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == ["must be at most 254 characters"]
    assert Invitation.objects.count() == invitations


# --- the importer -------------------------------------------------------------------------------


def test_the_importer_refuses_what_the_services_refuse():
    data = h.jsonl(
        h.organization("acme"),
        h.solution("s1", website=LONG_WEBSITE),
        h.solution("s2", tags=["a" * 60], cobenefits={"air": 3}),
    )
    with pytest.raises(ImportInvalid) as refused:
        h.run_import(data)
    assert [str(error) for error in refused.value.errors] == [
        "line 2: solution.website: must be at most 200 characters",
        "line 3: solution.cobenefits.air: must be a whole number between -2 and 2",
    ]
    assert h.row_counts()["Solution"] == 0
