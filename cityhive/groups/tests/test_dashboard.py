from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cityhive.groups.models import MembershipStatus, Post
from cityhive.groups.tests.factories import GroupFactory, GroupMembershipFactory, PostFactory

pytestmark = pytest.mark.django_db


def dashboard(client, user) -> str:
    client.force_login(user)
    return client.get("/dashboard/").content.decode()


def test_the_dashboard_lists_the_members_groups_under_the_organisation_they_joined_for(
    client, world
):
    mobility = GroupFactory(title="Mobility working group")
    GroupMembershipFactory(group=mobility, user=world.member_a, organisation=world.org_a)
    pending = GroupFactory(title="Water expert group")
    GroupMembershipFactory(
        group=pending,
        user=world.member_a,
        organisation=world.org_a,
        status=MembershipStatus.PENDING,
    )
    GroupFactory(title="Energy standard team")

    page = dashboard(client, world.member_a)
    assert f'href="/groups/{mobility.pk}/">Mobility working group</a>' in page
    assert "Water expert group" not in page and "Energy standard team" not in page


def test_the_dashboard_tells_of_others_recent_posts_in_the_members_groups(client, world):
    group = GroupFactory(title="Mobility working group")
    GroupMembershipFactory(group=group, user=world.member_a, organisation=world.org_a)
    PostFactory.create_batch(2, group=group)
    PostFactory(group=group, author=world.member_a)  # one's own posts are not news
    old = PostFactory(group=group)
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=15))
    elsewhere = GroupFactory(title="Water expert group")
    PostFactory(group=elsewhere)

    page = dashboard(client, world.member_a)
    assert f'href="/groups/{group.pk}/#discussion-heading"' in page
    assert "2 new posts in the last two weeks" in page
    assert "Water expert group" not in page

    GroupMembershipFactory(
        group=elsewhere, user=world.member_b, status=MembershipStatus.LEFT, organisation=None
    )
    assert "Water expert group" not in dashboard(client, world.member_b)


def test_the_groups_parts_of_the_dashboard_cost_the_same_queries_for_1_and_for_5_groups(
    client, world
):
    def queries() -> int:
        client.force_login(world.member_a)
        with CaptureQueriesContext(connection) as captured:
            client.get("/dashboard/")
        return len(captured)

    def join_with_a_post():
        group = GroupFactory()
        GroupMembershipFactory(group=group, user=world.member_a, organisation=world.org_a)
        PostFactory(group=group)

    join_with_a_post()
    queries()  # the first visit also stores the session's sign-in
    one = queries()
    for _ in range(4):
        join_with_a_post()
    assert queries() == one
