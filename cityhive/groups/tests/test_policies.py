"""The group policies' two halves agree for every kind of actor, every visibility and kind of
group, and every state of the actor's place in it."""

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.groups.models import GroupKind, GroupRole, GroupVisibility, MembershipStatus
from cityhive.groups.permissions import GROUP_CONVENED, GROUP_POSTABLE, GROUP_READABLE
from cityhive.groups.tests.factories import GroupFactory, GroupMembershipFactory
from cityhive.site.tests.test_access_policies import (
    ACTORS,
    SETTINGS,
    actor_of,
    assert_one_policy,
)

PLACES = [None, *[(role, status) for role in GroupRole.values for status in MembershipStatus]]


class GroupPolicyTests(TestCase):
    @SETTINGS
    @given(
        actor=st.sampled_from(ACTORS),
        kind=st.sampled_from(GroupKind.values),
        visibility=st.sampled_from(GroupVisibility.values),
        place=st.sampled_from(PLACES),
        other_members=st.booleans(),
    )
    def test_both_halves_agree(self, actor, kind, visibility, place, other_members):
        group = GroupFactory(kind=kind, visibility=visibility)
        user = actor_of(actor, OrganisationFactory())
        if place is not None and user is not None:
            role, status = place
            GroupMembershipFactory(group=group, user=user, role=role, status=status)
        if other_members:
            GroupMembershipFactory(group=group, role=GroupRole.CONVENER)
            if user is not None:  # the actor's place in another group counts for nothing here
                GroupMembershipFactory(group=GroupFactory(), user=user)
        assert_one_policy(GROUP_READABLE, "groups.read_group", user, group)
        assert_one_policy(GROUP_CONVENED, "groups.convene_group", user, group)
        assert_one_policy(GROUP_POSTABLE, "groups.post_in_group", user, group)
