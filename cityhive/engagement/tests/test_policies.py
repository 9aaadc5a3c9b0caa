"""Each engagement policy's query filter and object check give the same answer, for every kind of
actor and every object (interests both ways, introductions, conversations, responses)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.engagement.models import ChallengeResponse, Conversation, Interest, Introduction
from cityhive.engagement.permissions import (
    CONVERSATION_VISIBLE,
    INTEREST_VISIBLE,
    INTRODUCTION_VISIBLE,
    RESPONSE_VISIBLE,
)
from cityhive.engagement.tests.factories import (
    ChallengeResponseFactory,
    ConversationFactory,
    InterestFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors_and_objects():
    city, company, other = CityFactory(), OrganisationFactory(), OrganisationFactory()
    actors = {
        "anonymous": AnonymousUser(),
        "outsider": UserFactory(),
        "manager": ProgrammeManagerFactory(),
        "other": MembershipFactory(organisation=other).user,
        **{
            f"{name}_{role}": MembershipFactory(organisation=org, role=role).user
            for name, org in (("city", city), ("company", company))
            for role in (MembershipRole.MEMBER, MembershipRole.ADMIN)
        },
    }
    InterestFactory(sender_organisation=company, recipient_organisation=city)
    InterestFactory(sender_organisation=city, recipient_organisation=company)
    InterestFactory(sender_organisation=other, recipient_organisation=city)
    ConversationFactory(
        introduction__first_organisation=city, introduction__second_organisation=company
    )
    ChallengeResponseFactory(challenge__city=city, company=company)
    ChallengeResponseFactory(company=other)
    return actors


CASES = [
    (INTEREST_VISIBLE, Interest),
    (INTRODUCTION_VISIBLE, Introduction),
    (CONVERSATION_VISIBLE, Conversation),
    (RESPONSE_VISIBLE, ChallengeResponse),
]


@pytest.mark.parametrize(("policy", "model"), CASES, ids=[c[0].name for c in CASES])
def test_the_filter_and_the_check_agree(actors_and_objects, policy, model):
    for name, actor in actors_and_objects.items():
        listed = set(model.objects.filter(policy.q(actor)).values_list("pk", flat=True))
        checked = {obj.pk for obj in model.objects.all() if policy.allows(actor, obj)}
        assert listed == checked, name


def test_managers_see_responses_but_not_what_passes_between_two_organisations(
    actors_and_objects,
):
    manager = actors_and_objects["manager"]

    assert Interest.objects.filter(INTEREST_VISIBLE.q(manager)).count() == 0
    assert Conversation.objects.filter(CONVERSATION_VISIBLE.q(manager)).count() == 0
    assert ChallengeResponse.objects.filter(RESPONSE_VISIBLE.q(manager)).count() == 2
