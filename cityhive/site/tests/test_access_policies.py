"""Every access policy's two halves agree: for any actor and any object in any state,
`allows(actor, obj)` is true exactly when `Model.objects.filter(q(actor))` holds the object, and
the permission registered for the policy answers the same."""

from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cityhive.accounts.tests.factories import UserFactory
from cityhive.challenges.models import Challenge, ChallengeStatus, NeedsProfile, Visibility
from cityhive.challenges.permissions import (
    CHALLENGE_EDITABLE,
    CHALLENGE_VISIBLE,
    NEEDS_EDITABLE,
    NEEDS_VISIBLE,
)
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.models import MembershipRole, Organisation, OrganisationKind
from cityhive.directory.permissions import ORGANISATION_ADMINISTERED
from cityhive.directory.tests.factories import (
    CityFactory,
    MembershipFactory,
    OrganisationFactory,
)
from cityhive.solutions.models import Solution, SolutionStatus
from cityhive.solutions.permissions import SOLUTION_EDITABLE, SOLUTION_VISIBLE
from cityhive.solutions.tests.factories import SolutionFactory

ACTORS = (
    "anonymous",
    "no_organisation",
    "owner_member",
    "owner_admin",
    "owner_member_and_verified_member",
    "verified_member",
    "verified_admin",
    "unverified_member",
    "programme_manager",
    "inactive_staff",  # cannot sign in or use a token; both halves still agree
)
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def actor_of(name: str, owner: Organisation):
    """The user acting as `name` towards objects `owner` owns (None: an anonymous visitor)."""
    if name == "anonymous":
        return None
    staff = name in ("programme_manager", "inactive_staff")
    user = UserFactory(verified_email=False, is_staff=staff, is_active=name != "inactive_staff")
    if name.startswith("owner_"):
        role = MembershipRole.ADMIN if name == "owner_admin" else MembershipRole.MEMBER
        MembershipFactory(user=user, organisation=owner, role=role)
    if "verified_" in name:
        other = OrganisationFactory(is_verified=not name.startswith("unverified"))
        role = MembershipRole.ADMIN if name.endswith("_admin") else MembershipRole.MEMBER
        MembershipFactory(user=user, organisation=other, role=role)
    return user


def assert_one_policy(policy, permission: str, actor, obj) -> None:
    """The policy's query half and object half, and the permission, give one answer."""
    model = type(obj)
    by_query = model.objects.filter(policy.q(actor)).filter(pk=obj.pk).exists()
    fresh = model.objects.get(pk=obj.pk)  # no cached relation from building the scene
    assert policy.allows(actor, fresh) == by_query, (policy.name, by_query)
    assert (actor or AnonymousUser()).has_perm(permission, fresh) == by_query, permission


class AccessPolicyTests(TestCase):
    @SETTINGS
    @given(
        actor=st.sampled_from(ACTORS),
        status=st.sampled_from(ChallengeStatus.values),
        visibility=st.sampled_from(Visibility.values),
        city_verified=st.booleans(),
    )
    def test_challenges(self, actor, status, visibility, city_verified):
        city = CityFactory(is_verified=city_verified)
        challenge = ChallengeFactory(city=city, status=status, visibility=visibility)
        who = actor_of(actor, city)
        assert_one_policy(CHALLENGE_VISIBLE, "challenges.view_challenge", who, challenge)
        assert_one_policy(CHALLENGE_EDITABLE, "challenges.change_challenge", who, challenge)
        assert Challenge.objects.count() == 1

    @SETTINGS
    @given(
        actor=st.sampled_from(ACTORS),
        status=st.sampled_from(SolutionStatus.values),
        kind=st.sampled_from(OrganisationKind.values),
        provider_verified=st.booleans(),
    )
    def test_solutions(self, actor, status, kind, provider_verified):
        provider = OrganisationFactory(kind=kind, is_verified=provider_verified)
        solution = SolutionFactory(provider=provider, status=status)
        who = actor_of(actor, provider)
        assert_one_policy(SOLUTION_VISIBLE, "solutions.view_solution", who, solution)
        assert_one_policy(SOLUTION_EDITABLE, "solutions.change_solution", who, solution)
        assert_one_policy(SOLUTION_EDITABLE, "solutions.add_implementation", who, solution)
        assert Solution.objects.count() == 1

    @SETTINGS
    @given(
        actor=st.sampled_from(ACTORS),
        kind=st.sampled_from(OrganisationKind.values),
        verified=st.booleans(),
        # None: the city never chose (no needs profile row), so the default applies.
        needs=st.sampled_from([None, *Visibility.values]),
    )
    def test_organisations_and_their_needs(self, actor, kind, verified, needs):
        organisation = OrganisationFactory(kind=kind, is_verified=verified)
        if needs is not None:
            NeedsProfile.objects.create(city=organisation, visibility=needs)
        who = actor_of(actor, organisation)
        assert_one_policy(NEEDS_VISIBLE, "challenges.view_needs", who, organisation)
        assert_one_policy(NEEDS_EDITABLE, "challenges.change_needs", who, organisation)
        for permission in ("directory.change_organisation", "directory.manage_members"):
            assert_one_policy(ORGANISATION_ADMINISTERED, permission, who, organisation)
