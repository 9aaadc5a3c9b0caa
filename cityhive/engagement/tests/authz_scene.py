"""Engagement's sample objects for the authorisation matrix (tests/test_authorisation_matrix.py).

Every sample involves organisation A (a city) and a third company C that none of the matrix's
actors belongs to, so only A's members are "a side": interests, introductions and conversations
are for the two organisations alone (not programme managers). A is verified, so its members may
ask for introductions; the sample interest to create is about B's solution, so B's members are a
side too but are refused: B's tier unlocks partners' content, not introductions.
"""

from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.engagement.models import Participant
from cityhive.engagement.tests.factories import (
    ChallengeResponseFactory,
    ConversationFactory,
    InterestFactory,
    IntroductionFactory,
    MessageAttachmentFactory,
    MessageFactory,
    ResponseAttachmentFactory,
)
from cityhive.solutions.tests.factories import SolutionFactory


def engagement_scene(world, challenge) -> dict:
    """URL arguments of engagement's routes, the per-route changes to them, and API payloads."""
    world.org_a.is_verified = True
    world.org_a.save(update_fields=["is_verified"])
    company = OrganisationFactory(name="Gamma Works", slug="gamma-works")
    received = InterestFactory(sender_organisation=company, recipient_organisation=world.org_a)
    sent = InterestFactory(
        sender_organisation=world.org_a,
        recipient_organisation=company,
        sender=world.member_a,
    )
    introduction = IntroductionFactory(first_organisation=world.org_a, second_organisation=company)
    conversation = ConversationFactory(introduction=introduction)
    Participant.objects.create(
        conversation=conversation, organisation=world.org_a, user=world.member_a
    )
    message = MessageFactory(
        conversation=conversation,
        organisation=company,
        author=MembershipFactory(organisation=company).user,
    )
    attachment = MessageAttachmentFactory(message=message)
    response = ChallengeResponseFactory(challenge=challenge, company=company)
    open_challenge = ChallengeFactory(city=world.org_a)
    return {
        "kwargs": {
            "interest_id": received.pk,
            "introduction_id": introduction.pk,
            "conversation_id": conversation.pk,
            "message_file_id": attachment.pk,
            "attachment_id": attachment.pk,
            "response_id": response.pk,
            "response_file_id": ResponseAttachmentFactory(response=response).pk,
        },
        "overrides": {
            "interest_withdraw": {"interest_id": sent.pk},
            "response_create": {"challenge_id": open_challenge.pk},
        },
        "payloads": {
            "interest_create": {
                "subject": {"kind": "organisation", "id": world.org_a.pk},
                "candidate": {"kind": "solution", "id": SolutionFactory(provider=world.org_b).pk},
                "message": "Shall we talk?",
            },
            "message_post": {"body": "Hello."},
            "response_create": {"approach": "A six-month pilot."},
            "response_decline": {"reason": "We chose another approach."},
        },
    }
