import factory
from django.utils import timezone

from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.core.tests.factories import StoredFileFactory
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.engagement.models import (
    ChallengeResponse,
    Conversation,
    Interest,
    InterestStatus,
    Introduction,
    IntroductionContact,
    MatchItemKind,
    Message,
    MessageAttachment,
    Participant,
    ProgrammeSettings,
    ResponseAttachment,
)


class ProgrammeSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeSettings
        django_get_or_create = ("id",)

    id = 1


class InterestFactory(factory.django.DjangoModelFactory):
    """A pending request from a company to a city about the city itself (a company-city match)."""

    class Meta:
        model = Interest

    sender_organisation = factory.SubFactory(OrganisationFactory)
    recipient_organisation = factory.SubFactory(CityFactory)
    sender = factory.LazyAttribute(
        lambda o: MembershipFactory(organisation=o.sender_organisation).user
    )
    subject_kind = MatchItemKind.ORGANISATION
    subject_id = factory.SelfAttribute("sender_organisation.pk")
    subject_label = factory.SelfAttribute("sender_organisation.name")
    candidate_kind = MatchItemKind.ORGANISATION
    candidate_id = factory.SelfAttribute("recipient_organisation.pk")
    candidate_label = factory.SelfAttribute("recipient_organisation.name")
    match_key = factory.LazyAttribute(
        lambda o: "|".join(
            sorted(
                (
                    f"organisation:{o.sender_organisation.pk}",
                    f"organisation:{o.recipient_organisation.pk}",
                )
            )
        )
    )
    message = "We would like to talk about your flood sensors."
    status = InterestStatus.PENDING
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=14))


class IntroductionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Introduction

    first_organisation = factory.SubFactory(CityFactory)
    second_organisation = factory.SubFactory(OrganisationFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        first, second = kwargs["first_organisation"], kwargs["second_organisation"]
        if first.pk > second.pk:
            kwargs["first_organisation"], kwargs["second_organisation"] = second, first
        return super()._create(model_class, *args, **kwargs)


class IntroductionContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntroductionContact

    introduction = factory.SubFactory(IntroductionFactory)
    organisation = factory.SelfAttribute("introduction.first_organisation")
    user = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.organisation).user)


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    introduction = factory.SubFactory(IntroductionFactory)


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    conversation = factory.SubFactory(ConversationFactory)
    organisation = factory.SelfAttribute("conversation.introduction.first_organisation")
    user = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.organisation).user)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    organisation = factory.SelfAttribute("conversation.introduction.first_organisation")
    author = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.organisation).user)
    body = "Could we meet next week?"


class MessageAttachmentFactory(StoredFileFactory):
    class Meta:
        model = MessageAttachment

    message = factory.SubFactory(MessageFactory)
    title = "Brochure"
    file = factory.django.FileField(filename="brochure.pdf", data=b"%PDF-1.4 brochure")


class ChallengeResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeResponse

    challenge = factory.SubFactory(ChallengeFactory)
    company = factory.SubFactory(OrganisationFactory)
    author = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.company).user)
    approach = "A six-month pilot with river-level sensors in two districts."
    cost_amount = 120000
    cost_currency = "EUR"
    timeline = "6 months"


class ResponseAttachmentFactory(StoredFileFactory):
    class Meta:
        model = ResponseAttachment

    response = factory.SubFactory(ChallengeResponseFactory)
    title = "Proposal"
    file = factory.django.FileField(filename="proposal.pdf", data=b"%PDF-1.4 proposal")


def introductions_partner(company):
    """Make the company a partner whose tier unlocks introductions to cities (and nothing else)."""
    from cityhive.partnership.models import Unlock
    from cityhive.partnership.tests.factories import PartnershipFactory, TierFactory

    tier = TierFactory(unlocks=[Unlock.INTRODUCTIONS])
    return PartnershipFactory(application__organisation=company, application__tier=tier)
