import factory

from cityhive.accounts.tests.factories import UserFactory
from cityhive.notifications.models import Channel, Notification


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
