import pytest

from cityhive.challenges.models import Challenge, ChallengeTag, NeedItem, NeedsProfile
from cityhive.challenges.tests.factories import NeedItemFactory
from cityhive.challenges.tests.test_pages import FIELDS, make

pytestmark = pytest.mark.django_db


def create(api, world, user=None, **change):
    payload = {"city": "city-of-alpha", **FIELDS, **change}
    return api("POST", "/api/v1/challenges", user=user or world.member_a, json=payload)


def test_create_returns_the_exchange_shape(api, world):
    response = create(api, world)
    assert response.status_code == 201
    body = response.json()
    challenge = Challenge.objects.get()
    assert {key: body[key] for key in FIELDS} == FIELDS
    assert (body["id"], body["city"], body["city_name"], body["version"]) == (
        challenge.pk,
        "city-of-alpha",
        "City of Alpha",
        1,
    )


def test_a_company_cannot_publish_for_a_city(api, world):
    response = create(api, world, user=world.member_b)
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
    assert not Challenge.objects.exists()


def test_invalid_fields_are_400_problems_and_nothing_is_written(api, world):
    response = create(
        api, world, budget={"min": 10, "max": 5, "currency": "brl"}, deadline="31/03/2027"
    )
    assert response.json()["errors"] == {
        "budget.max": ["must not be below budget.min"],
        "budget.currency": ["must be an ISO 4217 code such as EUR or BRL"],
        "deadline": ["must be an ISO date (YYYY-MM-DD)"],
    }
    assert (Challenge.objects.count(), ChallengeTag.objects.count()) == (0, 0)


def test_list_filters_and_visibility(api, world):
    make(world, title="Floods")
    make(world, title="Closed one", status="closed")
    make(world, title="Private one", visibility="private")
    body = api("GET", "/api/v1/challenges", data={"status": "open", "sort": "title"}).json()
    assert (body["count"], [c["title"] for c in body["results"]]) == (1, ["Floods"])
    mine = api("GET", "/api/v1/challenges", user=world.member_a, data={"sort": "title"}).json()
    assert [c["title"] for c in mine["results"]] == ["Closed one", "Floods", "Private one"]
    by_city = api("GET", "/api/v1/challenges", data={"city": "city-of-alpha", "hazard": "floods"})
    assert by_city.json()["count"] == 2


def test_patch_with_a_stale_version_is_a_conflict(api, world):
    challenge = make(world)
    url = f"/api/v1/challenges/{challenge.pk}"
    changed = api("PATCH", url, user=world.member_a, json={"version": 1, "status": "closed"})
    assert (changed.json()["status"], changed.json()["version"]) == ("closed", 2)
    stale = api("PATCH", url, user=world.member_a, json={"version": 1, "title": "Lost?"})
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    challenge.refresh_from_db()
    assert (challenge.title, challenge.status) == (FIELDS["title"], "closed")


def test_others_cannot_patch(api, world):
    challenge = make(world)
    response = api(
        "PATCH", f"/api/v1/challenges/{challenge.pk}", user=world.member_b, json={"version": 1}
    )
    assert response.status_code == 403
    challenge.refresh_from_db()
    assert challenge.version == 1


def test_needs_are_replaced_by_the_citys_admins_and_read_as_their_visibility_allows(api, world):
    NeedItemFactory(city=world.org_a, facet="hazard", value="droughts", weight=0.2)
    url = "/api/v1/organisations/city-of-alpha/needs"
    assert api("GET", url).status_code == 403
    items = [
        {"facet": "hazard", "value": "floods", "weight": 0.9, "source": "climate_risk"},
        {"facet": "kpi", "value": "EC: I: WS: 1C", "weight": 0.4, "source": "kpi_assessment"},
    ]
    replaced = api("PUT", url, user=world.admin_a, json={"items": items})
    expected = {"city": "city-of-alpha", "visibility": "partners", "items": items}
    assert replaced.json() == expected
    assert api("GET", url, user=world.member_b).status_code == 403  # B is not verified
    opened = api("PUT", url, user=world.admin_a, json={"items": items, "visibility": "public"})
    assert opened.json() == {**expected, "visibility": "public"}
    assert api("GET", url, user=world.member_b).json() == {**expected, "visibility": "public"}


def test_a_bad_needs_profile_changes_nothing(api, world):
    NeedItemFactory(city=world.org_a, facet="hazard", value="droughts", weight=0.2)
    url = "/api/v1/organisations/city-of-alpha/needs"
    bad = [{"facet": "hazard", "value": "floods", "weight": 2, "source": "rumour"}]
    response = api("PUT", url, user=world.admin_a, json={"items": bad})
    assert response.json()["errors"] == {
        "items[0].weight": ["must be between 0 and 1"],
        "items[0].source": [
            "must be one of kpi_assessment, climate_risk, emissions_inventory, manual"
        ],
    }
    denied = api("PUT", url, user=world.member_a, json={"items": [], "visibility": "public"})
    assert denied.status_code == 403
    unknown = api("PUT", url, user=world.admin_a, json={"items": [], "visibility": "friends"})
    assert unknown.json()["errors"] == {"visibility": ["must be one of public, partners, private"]}
    assert list(NeedItem.objects.values_list("value", flat=True)) == ["droughts"]
    assert not NeedsProfile.objects.exists()


def test_a_company_has_no_needs_profile_to_replace(api, world):
    response = api(
        "PUT", "/api/v1/organisations/beta-solutions/needs", user=world.manager, json={"items": []}
    )
    assert (response.status_code, response.json()["errors"]) == (
        422,
        {"city": ["must be a city organisation"]},
    )
