"""Group pages over HTTP: the list's queries, the reasons a refused member reads, what a
members-only group hides, and the discussion's htmx parts."""

import pytest

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.directory.models import OrganisationKind
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.groups.models import GroupKind, GroupVisibility, Post
from cityhive.groups.tests.factories import (
    ConvenerFactory,
    GroupFactory,
    GroupMembershipFactory,
    PostFactory,
    expert_partner,
)

pytestmark = pytest.mark.django_db


def _groups(count: int) -> None:
    for index in range(count):
        group = GroupFactory(title=f"Group {index:02}", kind=GroupKind.values[index % 3])
        ConvenerFactory(group=group)
        GroupMembershipFactory(group=group)


def test_the_list_costs_the_same_queries_for_3_and_for_30_groups(
    client, django_assert_max_num_queries
):
    sign_in(client, UserFactory())
    _groups(3)
    with django_assert_max_num_queries(50) as few:
        client.get("/groups/")
    _groups(27)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/groups/")
    assert response.status_code == 200
    assert response.content.decode().count('class="card') == 20  # one page


def test_the_list_shows_each_groups_kind_and_number_of_members(client):
    group = GroupFactory(title="Heat experts", kind=GroupKind.EXPERT)
    ConvenerFactory(group=group)
    GroupMembershipFactory(group=group)
    GroupMembershipFactory(group=group, status="pending")
    page = client.get("/groups/?kind=expert_group").content.decode()
    assert "Heat experts" in page and "Expert group" in page and "2 members" in page


def test_a_company_without_the_unlock_reads_why_and_where_to_apply(client):
    group = GroupFactory(kind=GroupKind.EXPERT, title="Flood experts")
    company = OrganisationFactory(name="SolarGrid", slug="solargrid")
    expert_partner(company, unlocks=["partners_content"])
    sign_in(client, MembershipFactory(organisation=company).user)

    page = client.get(f"/groups/{group.pk}/").content.decode()

    assert "SolarGrid has no active partnership that does." in page
    assert 'href="/partnership/apply/?organisation=solargrid"' in page
    assert "Ask to join" not in page


def test_a_partner_with_the_unlock_may_ask_to_join_and_the_convener_sees_the_request(client):
    group = GroupFactory(kind=GroupKind.EXPERT, title="Flood experts")
    convener = ConvenerFactory(group=group).user
    company = OrganisationFactory(name="AquaSense")
    expert_partner(company)
    member = MembershipFactory(organisation=company, user=UserFactory(name="Ana Lima")).user
    sign_in(client, member)
    assert "Ask to join" in client.get(f"/groups/{group.pk}/").content.decode()

    response = client.post(f"/groups/{group.pk}/join/", {"note": "Sensors."})

    assert response.status_code == 302
    sign_in(client, convener)
    page = client.get(f"/groups/{group.pk}/").content.decode()
    assert "Accept Ana Lima" in page and "(AquaSense)" in page and "Sensors." in page


def test_a_members_only_group_hides_its_members_and_discussion_from_others(client):
    group = GroupFactory(visibility=GroupVisibility.MEMBERS)
    PostFactory(group=group, body_html="<p>Internal notes</p>")
    sign_in(client, UserFactory())
    page = client.get(f"/groups/{group.pk}/").content.decode()
    assert "Internal notes" not in page
    assert "This group's members and discussion are for its members." in page
    assert client.get(f"/groups/{group.pk}/posts/").status_code == 403


def test_a_members_post_through_htmx_comes_back_as_the_discussion_alone(client):
    group = GroupFactory()
    member = GroupMembershipFactory(group=group).user
    sign_in(client, member)

    response = client.post(
        f"/groups/{group.pk}/posts/new/", {"body": "## Hello *all*"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert body.startswith('<div id="discussion-body">')
    assert "<h2>Hello <em>all</em></h2>" in body
    assert Post.objects.get().author == member


def test_older_posts_come_a_page_at_a_time(client):
    group = GroupFactory()
    for index in range(25):
        PostFactory(group=group, body_html=f"<p>Post {index}</p>")
    sign_in(client, UserFactory())
    first = client.get(f"/groups/{group.pk}/").content.decode()
    assert "Older posts" in first and "Post 4<" not in first
    more = client.get(f"/groups/{group.pk}/posts/?page=2").content.decode()
    assert more.count('class="card"') == 5 and "Older posts" not in more


def test_a_manager_creates_a_group_with_a_convener_from_the_form(client):
    convener = UserFactory(email="chair@example.org")
    sign_in(client, ProgrammeManagerFactory())
    response = client.post(
        "/groups/new/",
        {
            "kind": "working_group",
            "title": "Mobility working group",
            "purpose": "Buses.",
            "visibility": "public",
            "conveners": "chair@example.org",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Mobility working group" in page and str(convener) in page


def test_a_member_may_not_open_the_group_form(client):
    sign_in(client, MembershipFactory(organisation__kind=OrganisationKind.CITY).user)
    assert client.get("/groups/new/").status_code == 404
