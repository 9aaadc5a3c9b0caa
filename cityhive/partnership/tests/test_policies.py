"""The application policies' two halves agree for every kind of actor and every state, and a
challenge's partner visibility follows partnership: a property test in the manner of
site/tests/test_access_policies.py."""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cityhive.accounts.tests.factories import UserFactory
from cityhive.challenges.permissions import CHALLENGE_VISIBLE
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.models import MembershipRole, OrganisationKind
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.partnership.models import Application, ApplicationStatus, Unlock
from cityhive.partnership.permissions import APPLICATION_EDITABLE, APPLICATION_VISIBLE
from cityhive.partnership.tests.factories import ApplicationFactory, PartnershipFactory, TierFactory

ACTORS = (
    "anonymous",
    "no_organisation",
    "owner_member",
    "owner_admin",
    "other_admin",
    "programme_manager",
    "inactive_staff",
)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def actor_of(name: str, owner):
    if name == "anonymous":
        return None
    staff = name in ("programme_manager", "inactive_staff")
    user = UserFactory(verified_email=False, is_staff=staff, is_active=name != "inactive_staff")
    if name.startswith("owner_"):
        role = MembershipRole.ADMIN if name == "owner_admin" else MembershipRole.MEMBER
        MembershipFactory(user=user, organisation=owner, role=role)
    if name == "other_admin":
        MembershipFactory(user=user, role=MembershipRole.ADMIN)
    return user


def assert_one_policy(policy, permission: str, actor, obj) -> None:
    by_query = type(obj).objects.filter(policy.q(actor)).filter(pk=obj.pk).exists()
    fresh = type(obj).objects.get(pk=obj.pk)
    assert policy.allows(actor, fresh) == by_query, (policy.name, by_query)
    assert (actor or AnonymousUser()).has_perm(permission, fresh) == by_query, permission


class ApplicationPolicyTests(TestCase):
    @SETTINGS
    @given(actor=st.sampled_from(ACTORS), status=st.sampled_from(ApplicationStatus.values))
    def test_applications(self, actor, status):
        application = ApplicationFactory(status=status)
        who = actor_of(actor, application.organisation)
        assert_one_policy(APPLICATION_VISIBLE, "partnership.view_application", who, application)
        assert_one_policy(APPLICATION_EDITABLE, "partnership.change_application", who, application)
        assert Application.objects.count() == 1


# (kind, verified, partnership) of the member's organisation -> may it see partners' content?
PERIODS = ("none", "active", "ended", "future", "no_unlock")


class PartnerVisibilityTests(TestCase):
    @SETTINGS
    @given(
        kind=st.sampled_from(OrganisationKind.values),
        verified=st.booleans(),
        period=st.sampled_from(PERIODS),
    )
    def test_partners_challenges_follow_partnership_for_companies_and_verification_otherwise(
        self, kind, verified, period
    ):
        challenge = ChallengeFactory(visibility="partners")
        organisation = OrganisationFactory(kind=kind, is_verified=verified)
        today = timezone.localdate()
        days = {"active": (-1, 30), "ended": (-30, -1), "future": (1, 30), "no_unlock": (-1, 30)}
        if period != "none":
            start, end = days[period]
            unlocks = [Unlock.EXPERT_GROUPS] if period == "no_unlock" else [Unlock.PARTNERS_CONTENT]
            PartnershipFactory(
                application__organisation=organisation,
                tier=TierFactory(unlocks=unlocks),
                starts_on=today + datetime.timedelta(days=start),
                ends_on=today + datetime.timedelta(days=end),
            )
        member = MembershipFactory(organisation=organisation).user
        expected = period == "active" if kind == OrganisationKind.COMPANY else verified
        assert CHALLENGE_VISIBLE.allows(member, challenge) == expected
        fresh = type(member).objects.get(pk=member.pk)
        listed = challenge.__class__.objects.filter(CHALLENGE_VISIBLE.q(fresh)).exists()
        assert listed == expected
