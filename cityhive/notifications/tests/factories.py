import factory

from cityhive.accounts.tests.factories import UserFactory
from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.notifications.models import (
    Channel,
    DigestItem,
    EmailDelivery,
    MatchThreshold,
    Notification,
    NotificationPreference,
)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "new_matches"
    title = factory.Sequence(lambda n: f"Notification {n}")
    body = "Something happened."
    url = "/dashboard/"
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")
    channel = Channel.OFF


class NotificationPreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    user = factory.SubFactory(UserFactory)
    kind = "new_matches"
    channel = Channel.WEEKLY


class EmailDeliveryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailDelivery

    notification = factory.SubFactory(NotificationFactory)
    recipient = factory.SelfAttribute("notification.recipient")


class DigestItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigestItem

    delivery = factory.SubFactory(
        EmailDeliveryFactory,
        notification=None,
        recipient=factory.SubFactory(UserFactory),
        digest_key=factory.Sequence(lambda n: f"weekly:{n}"),
    )
    notification = factory.SubFactory(
        NotificationFactory, recipient=factory.SelfAttribute("..delivery.recipient")
    )


class MatchThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchThreshold

    organisation = factory.SubFactory(OrganisationFactory)
    threshold = 60
