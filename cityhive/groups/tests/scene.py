"""Groups for the authorisation matrix (tests/test_authorisation_matrix.py).

`kwargs` point at a public working group that member A convenes and admin A belongs to, with a
pending request from someone else and a post by member A; `overrides` send operations that need
another object: joining goes to a members-only group none of the actors belongs to, removing to
admin A's membership.
"""

from cityhive.groups.models import GroupVisibility, MembershipStatus
from cityhive.groups.tests.factories import (
    ConvenerFactory,
    GroupFactory,
    GroupMembershipFactory,
    PostFactory,
)


def group_scene(world) -> dict:
    group = GroupFactory(title="Matrix working group")
    ConvenerFactory(group=group, user=world.member_a, organisation=world.org_a)
    admin_a = GroupMembershipFactory(group=group, user=world.admin_a, organisation=world.org_a)
    pending = GroupMembershipFactory(group=group, status=MembershipStatus.PENDING)
    post = PostFactory(group=group, author=world.member_a, organisation=world.org_a)
    closed = GroupFactory(title="Closed working group", visibility=GroupVisibility.MEMBERS)
    ConvenerFactory(group=closed)
    return {
        "kwargs": {"group_id": group.pk, "group_membership_id": pending.pk, "post_id": post.pk},
        "overrides": {
            "group_join": {"group_id": closed.pk},
            "group_member_remove": {"group_membership_id": admin_a.pk},
        },
        "payloads": {
            "group_create": {"kind": "working_group", "title": "Matrix group"},
            "group_update": {"version": 1, "title": "Renamed"},
            "group_request_decide": {"approve": True},
            "group_post_create": {"body": "Hello from the matrix."},
        },
    }
