"""The project and opportunity policies' two halves agree for every kind of actor, every
consortium status of the actor's organisation and every state of the project."""

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cityhive.accounts.tests.factories import UserFactory
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.projects.models import MemberStatus, OpportunityStatus, ProjectVisibility
from cityhive.projects.permissions import (
    OPPORTUNITY_VISIBLE,
    PROJECT_MEMBER,
    PROJECT_RUN,
    PROJECT_VISIBLE,
)
from cityhive.projects.tests.factories import (
    ConsortiumMemberFactory,
    FinancierFactory,
    OpportunityFactory,
    ProjectFactory,
)
from cityhive.site.tests.test_access_policies import (
    ACTORS,
    SETTINGS,
    actor_of,
    assert_one_policy,
)

FINANCIER_ACTORS = ("verified_financier", "unverified_financier")


def _actor(name: str, city):
    if name not in FINANCIER_ACTORS:
        return actor_of(name, city)
    financier = FinancierFactory(is_verified=name == "verified_financier")
    return MembershipFactory(organisation=financier, user=UserFactory()).user


class ProjectPolicyTests(TestCase):
    @SETTINGS
    @given(
        actor=st.sampled_from(ACTORS + FINANCIER_ACTORS),
        visibility=st.sampled_from(ProjectVisibility.values),
        membership=st.sampled_from([None, *MemberStatus.values]),
        opportunity_status=st.sampled_from(OpportunityStatus.values),
    )
    def test_both_halves_agree(self, actor, visibility, membership, opportunity_status):
        project = ProjectFactory(visibility=visibility)
        user = _actor(actor, project.city)
        if membership is not None and user is not None:
            partner = OrganisationFactory()
            MembershipFactory(organisation=partner, user=user)
            ConsortiumMemberFactory(project=project, organisation=partner, status=membership)
        opportunity = OpportunityFactory(project=project, status=opportunity_status)
        assert_one_policy(PROJECT_VISIBLE, "projects.view_project", user, project)
        assert_one_policy(PROJECT_MEMBER, "projects.view_project_confidential", user, project)
        assert_one_policy(PROJECT_RUN, "projects.change_project", user, project)
        assert_one_policy(OPPORTUNITY_VISIBLE, "projects.view_opportunity", user, opportunity)
