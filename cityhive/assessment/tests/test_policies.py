"""The assessment policies' two halves agree for every actor and every state of an assessment,
and what they let through is what the visibility promises."""

from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cityhive.assessment.models import AssessmentStatus
from cityhive.assessment.permissions import ASSESSMENT_EDITABLE, ASSESSMENT_VISIBLE
from cityhive.assessment.tests.factories import AssessmentFactory
from cityhive.challenges.models import Visibility
from cityhive.challenges.permissions import is_partner_member
from cityhive.directory.tests.factories import CityFactory
from cityhive.site.tests.test_access_policies import ACTORS, actor_of, assert_one_policy

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Besides the city's own members and the programme (who see every state), a submitted assessment
# shows to everyone when public and to the programme's partners when shared with partners.
OWN = {"owner_member", "owner_admin", "owner_member_and_verified_member", "programme_manager"}


class AssessmentPolicyTests(TestCase):
    @SETTINGS
    @given(
        actor=st.sampled_from(ACTORS),
        status=st.sampled_from(AssessmentStatus.values),
        visibility=st.sampled_from(Visibility.values),
    )
    def test_both_halves_agree_and_follow_the_visibility(self, actor, status, visibility):
        city = CityFactory()
        assessment = AssessmentFactory(city=city, status=status, visibility=visibility)
        user = actor_of(actor, city)
        assert_one_policy(ASSESSMENT_VISIBLE, "assessment.view_assessment", user, assessment)
        assert_one_policy(ASSESSMENT_EDITABLE, "assessment.change_assessment", user, assessment)
        seen = ASSESSMENT_VISIBLE.allows(user, assessment)
        shared = status == AssessmentStatus.SUBMITTED and (
            visibility == Visibility.PUBLIC
            or (visibility == Visibility.PARTNERS and is_partner_member(user or AnonymousUser()))
        )
        expected = actor in OWN or shared
        assert seen == expected, (actor, status, visibility)
        editable = ASSESSMENT_EDITABLE.allows(user, assessment)
        assert editable == (status == AssessmentStatus.DRAFT and actor in OWN)
