"""The exchange over the API: admins import their own data only; exports show what one may see."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cityhive.accounts.services import api_token_create
from cityhive.challenges.models import NeedsProfile, Visibility
from cityhive.challenges.tests.factories import ChallengeFactory, NeedItemFactory
from cityhive.directory.tests.factories import (
    CityFactory,
    MembershipFactory,
    OrganisationFactory,
)
from cityhive.exchange.tests import helpers as h
from cityhive.solutions.models import Solution, SolutionStatus
from cityhive.solutions.tests.factories import SolutionFactory

IMPORT = "/api/v1/exchange/import"
EXPORT = "/api/v1/exchange/export"
A, B = "org-city-of-alpha", "org-beta-solutions"


def upload(api, user, *records):
    return api("POST", IMPORT, user=user, json={"lines": list(records)})


def exported(client, user=None, **query) -> list[dict]:
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Bearer {api_token_create(actor=user, name='t').key}"
    response = client.get(EXPORT, query, headers=headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-ndjson"
    return [json.loads(line) for line in b"".join(response.streaming_content).splitlines()]


def test_an_admin_imports_solutions_of_their_organisation(api, world):
    response = upload(api, world.admin_b, h.solution("b-1", provider=B))
    assert response.status_code == 200, response.content
    assert response.json()["counts"]["solution"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert Solution.objects.get(external_id="b-1").provider == world.org_b


def test_an_admin_is_refused_another_organisations_solutions_and_nothing_is_written(api, world):
    before = h.row_counts()
    response = upload(
        api, world.admin_b, h.solution("b-1", provider=B), h.solution("a-1", provider=A)
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert (body["code"], body["status"]) == ("import_invalid", 400)
    assert body["errors"] == [
        {
            "line": 2,
            "path": "solution.provider",
            "message": "'org-city-of-alpha' is not an organization you administer",
        }
    ]
    assert h.row_counts() == before


def test_a_member_who_is_not_admin_may_not_import_their_organisations_data(api, world):
    response = upload(api, world.member_b, h.solution("b-1", provider=B))
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "solution.provider"
    assert not Solution.objects.exists()


def test_an_admin_may_not_take_over_another_organisations_solution_by_its_id(api, world):
    SolutionFactory(provider=world.org_a, external_id="shared-id")
    before = h.snapshot()
    response = upload(api, world.admin_b, h.solution("shared-id", provider=B))
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "line": 1,
            "path": "solution.id",
            "message": "'shared-id' is not a solution you may change",
        }
    ]
    assert Solution.objects.get(external_id="shared-id").provider == world.org_a
    assert h.snapshot() == before


def _errors(response) -> list[tuple[int, str, str]]:
    assert response.status_code == 400
    assert response.json()["code"] == "import_invalid"
    return [(e["line"], e["path"], e["message"]) for e in response.json()["errors"]]


def test_another_citys_private_challenge_and_a_missing_one_are_refused_alike(api, world):
    # Given another city's private challenge, and a number no challenge has
    other = ChallengeFactory(
        city=CityFactory(name="City of Valencia"), visibility=Visibility.PRIVATE
    )
    hidden, missing = f"challenge-{other.pk}", f"challenge-{other.pk + 1000}"
    before = h.snapshot()
    # When the admin of City of Alpha imports challenges under both ids
    response = upload(api, world.admin_a, h.challenge(hidden, A), h.challenge(missing, A))
    # Then both are refused with the same message, which names no owner, and nothing changed
    assert _errors(response) == [
        (1, "challenge.id", f"'{hidden}' is not a challenge you may change"),
        (2, "challenge.id", f"'{missing}' is not a challenge you may change"),
    ]
    assert h.snapshot() == before


def test_another_organisations_draft_and_a_missing_solution_are_refused_alike(api, world):
    # Given a draft of another company, with a platform id and with an external id
    draft = SolutionFactory(status=SolutionStatus.DRAFT, published_at=None)
    named = SolutionFactory(
        provider=draft.provider, status=SolutionStatus.DRAFT, external_id="c-draft"
    )
    before = h.snapshot()
    missing = f"solution-{named.pk + 1000}"
    # When its admin imports solutions under those ids, or implementations of them
    solutions = [h.solution(f"solution-{draft.pk}", provider=B), h.solution(missing, provider=B)]
    implementations = [
        h.implementation("b-i1", f"solution-{draft.pk}", A),
        h.implementation("b-i2", missing, A),
        h.implementation("b-i3", "c-draft", A),
        h.implementation("b-i4", "c-missing", A),
    ]
    # Then hidden and missing solutions are refused alike, and nothing changed
    assert _errors(upload(api, world.admin_b, *solutions)) == [
        (1, "solution.id", f"'solution-{draft.pk}' is not a solution you may change"),
        (2, "solution.id", f"'{missing}' is not a solution you may change"),
    ]
    assert _errors(upload(api, world.admin_b, *implementations)) == [
        (1, "implementation.solution", f"'solution-{draft.pk}' is not a solution you may change"),
        (2, "implementation.solution", f"'{missing}' is not a solution you may change"),
        (3, "implementation.solution", "'c-draft' is not a solution you may change"),
        (4, "implementation.solution", "'c-missing' is not a solution you may change"),
    ]
    assert h.snapshot() == before


def test_an_admin_may_not_give_a_new_solution_an_id_of_the_generated_form(api, world):
    # Given the platform's next solution numbers
    next_pk = SolutionFactory(provider=world.org_b).pk + 1
    before = h.snapshot()
    # When an admin imports a new solution named like a later one
    response = upload(api, world.admin_b, h.solution(f"solution-{next_pk + 1}", provider=B))
    # Then it is refused, and nothing was written
    assert _errors(response) == [
        (1, "solution.id", f"'solution-{next_pk + 1}' is not a solution you may change")
    ]
    assert h.snapshot() == before


def test_an_admin_updates_their_own_platform_made_solution_by_its_generated_id(api, world):
    own = SolutionFactory(provider=world.org_b, title="Old title")
    line = h.solution(f"solution-{own.pk}", provider=B, title="New title")
    response = upload(api, world.admin_b, line)
    assert response.status_code == 200, response.content
    assert response.json()["counts"]["solution"] == {"created": 0, "updated": 1, "unchanged": 0}
    own.refresh_from_db()
    assert (own.title, own.external_id) == ("New title", None)


def test_an_admin_updates_their_organisation_but_creates_no_other(api, world):
    own = h.organization(B, name="Beta Solutions", country="DE", languages=["en"])
    other = h.organization("new-co", name="New Co")
    response = upload(api, world.admin_b, own, other)
    assert response.json()["errors"] == [
        {
            "line": 2,
            "path": "organization.id",
            "message": "'new-co' is not an organization you administer",
        }
    ]
    assert upload(api, world.admin_b, own).status_code == 200


def test_city_admins_import_their_challenges_and_needs(api, world):
    data = [h.challenge("a-c1", A), h.needs(A)]
    assert upload(api, world.admin_b, *data).status_code == 400
    response = upload(api, world.admin_a, *data)
    assert response.status_code == 200, response.content
    assert response.json()["counts"]["needs"] == {"created": 1, "updated": 0, "unchanged": 0}


def test_a_programme_manager_may_import_anything(api, world):
    response = upload(api, world.manager, h.organization("new-co"), h.solution("a-1", provider=A))
    assert response.status_code == 200, response.content


def test_anonymous_callers_are_asked_to_authenticate(api, world):
    response = upload(api, None, h.solution("b-1", provider=B))
    assert response.status_code == 401
    assert not Solution.objects.exists()


def test_an_empty_upload_imports_nothing(api, world):
    response = api("POST", IMPORT, user=world.member_a, json={})
    assert response.status_code == 200
    assert response.json()["lines"] == 0


def test_a_file_upload_and_a_json_lines_body_are_accepted(client, world):
    key = api_token_create(actor=world.admin_b, name="t").key
    headers = {"Authorization": f"Bearer {key}"}
    data = h.jsonl(h.solution("b-1", provider=B))
    response = client.post(IMPORT, {"file": SimpleUploadedFile("b.jsonl", data)}, headers=headers)
    assert response.status_code == 200, response.content
    response = client.post(IMPORT, data=data, content_type="application/x-ndjson", headers=headers)
    assert response.json()["counts"]["solution"] == {"created": 0, "updated": 0, "unchanged": 1}
    bad = client.post(IMPORT, data=b"{oops\n", content_type="application/x-ndjson", headers=headers)
    assert bad.json()["errors"][0]["line"] == 1


def test_a_multipart_upload_without_a_file_is_refused(client, world):
    key = api_token_create(actor=world.admin_b, name="t").key
    response = client.post(IMPORT, {"other": "x"}, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"file": ["is required: send the .jsonl file as `file`"]}


# --- export ------------------------------------------------------------------------------------


@pytest.fixture
def private_and_draft(world):
    ChallengeFactory(city=world.org_a, external_id="a-private", visibility=Visibility.PRIVATE)
    ChallengeFactory(city=world.org_a, external_id="a-public")
    SolutionFactory(provider=world.org_b, external_id="b-draft", status=SolutionStatus.DRAFT)
    SolutionFactory(provider=world.org_b, external_id="b-live")
    NeedItemFactory(city=world.org_a)


def ids(lines: list[dict], kind: str) -> list[str]:
    return [line.get("id", line.get("city")) for line in lines if line["type"] == kind]


def test_a_private_challenge_is_exported_only_to_its_citys_members(
    client, world, private_and_draft
):
    assert ids(exported(client), "challenge") == ["a-public"]
    assert ids(exported(client, world.member_b), "challenge") == ["a-public"]
    assert ids(exported(client, world.member_a), "challenge") == ["a-private", "a-public"]


def test_drafts_are_exported_only_to_their_providers_members(client, world, private_and_draft):
    assert ids(exported(client), "solution") == ["b-live"]
    assert ids(exported(client, world.member_b), "solution") == ["b-draft", "b-live"]


@pytest.mark.parametrize(
    ("visibility", "readers"),
    [
        ("public", ["anonymous", "member_b", "partner", "member_a"]),
        ("partners", ["partner", "member_a"]),
        ("private", ["member_a"]),
    ],
)
def test_needs_profiles_are_exported_by_their_visibility(
    client, world, private_and_draft, visibility, readers
):
    NeedsProfile.objects.create(city=world.org_a, visibility=visibility)
    # A partner: a member of a verified organisation that is not a company (a company is one by
    # its partnership's tier).
    verified = OrganisationFactory(kind="financier", is_verified=True)
    partner = MembershipFactory(organisation=verified).user
    actors = {"anonymous": None, "member_b": world.member_b, "partner": partner}
    actors["member_a"] = world.member_a
    exported_to = [
        name for name, actor in actors.items() if ids(exported(client, actor), "needs") == [A]
    ]
    assert exported_to == readers
    line = next(line for line in exported(client, world.member_a) if line["type"] == "needs")
    assert line["visibility"] == visibility


def test_the_export_can_be_limited_to_some_types(client, world, private_and_draft):
    lines = exported(client, types="challenge,organization")
    assert [line["type"] for line in lines] == ["organization", "organization", "challenge"]


def test_an_unknown_export_type_is_a_problem(client, world):
    response = client.get(EXPORT, {"types": "solution,invoice"})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "types": [
            "unknown type 'invoice': choose from organization, solution, implementation, "
            "needs, challenge, assessment, project"
        ]
    }


def test_an_admin_may_not_change_the_kind_of_their_organisation(api, world):
    response = upload(api, world.admin_b, h.organization(B, name="Beta", kind="city"))
    assert response.json()["errors"] == [
        {
            "line": 1,
            "path": "organization.kind",
            "message": "must stay 'company': only programme managers change a kind",
        }
    ]
