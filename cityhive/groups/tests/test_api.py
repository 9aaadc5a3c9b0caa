"""The groups API: the same services as the pages, answers in the API's shapes."""

import pytest

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.groups.models import GroupKind
from cityhive.groups.tests.factories import ConvenerFactory, GroupFactory

pytestmark = pytest.mark.django_db


def test_a_manager_creates_a_group_and_a_member_joins_and_posts(api):
    manager, convener = ProgrammeManagerFactory(), UserFactory(email="chair@example.org")
    created = api(
        "POST",
        "/api/v1/groups",
        user=manager,
        json={"kind": "working_group", "title": "Water", "conveners": ["chair@example.org"]},
    )
    assert created.status_code == 201, created.content
    group_id = created.json()["id"]
    member = MembershipFactory(organisation=OrganisationFactory(name="Aqua")).user

    asked = api("POST", f"/api/v1/groups/{group_id}/join", user=member, json={"note": "Hi"})
    request_id = asked.json()["id"]
    decided = api(
        "POST",
        f"/api/v1/groups/{group_id}/requests/{request_id}/decision",
        user=convener,
        json={"approve": True},
    )
    posted = api("POST", f"/api/v1/groups/{group_id}/posts", user=member, json={"body": "*Hi*"})

    assert (asked.status_code, asked.json()["status"], asked.json()["organisation"]) == (
        201,
        "pending",
        "Aqua",
    )
    assert decided.json()["status"] == "active"
    assert posted.status_code == 201
    assert posted.json()["body_html"] == "<p><em>Hi</em></p>\n"
    listed = api("GET", f"/api/v1/groups/{group_id}/posts", user=member).json()
    assert [post["body"] for post in listed] == ["*Hi*"]


def test_a_company_without_the_unlock_gets_the_reason_as_a_problem(api):
    group = GroupFactory(kind=GroupKind.EXPERT)
    ConvenerFactory(group=group)
    member = MembershipFactory(organisation=OrganisationFactory(name="SolarGrid")).user

    response = api("POST", f"/api/v1/groups/{group.pk}/join", user=member, json={})

    assert response.status_code == 403
    assert response.json()["code"] == "expert_groups_not_unlocked"
    assert "SolarGrid has no active partnership" in response.json()["detail"]


def test_the_list_is_public_and_counts_members(api):
    group = GroupFactory(title="Standards", kind=GroupKind.STANDARD_TEAM)
    ConvenerFactory(group=group)
    body = api("GET", "/api/v1/groups", data={"kind": "standard_team"}).json()
    assert body["count"] == 1
    assert (body["results"][0]["title"], body["results"][0]["member_count"]) == ("Standards", 1)


@pytest.mark.parametrize(
    ("window", "field"),
    [
        ({"offset": 10**23}, "query.offset"),
        ({"offset": -1}, "query.offset"),
        ({"limit": 0}, "query.limit"),
    ],
)
def test_a_discussion_window_out_of_bounds_is_a_422_naming_it(api, window, field):
    """A window out of bounds is refused, not clamped, and never reaches the database."""
    group = GroupFactory()
    ConvenerFactory(group=group)

    response = api("GET", f"/api/v1/groups/{group.pk}/posts", user=UserFactory(), data=window)

    assert (response.status_code, list(response.json()["errors"])) == (422, [field])
