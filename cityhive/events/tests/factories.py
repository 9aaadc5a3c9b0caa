import datetime

import factory
from django.utils import timezone

from cityhive.accounts.tests.factories import UserFactory
from cityhive.content.tests.factories import FacetedItemFactory
from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.events.models import (
    Availability,
    Event,
    EventFormat,
    EventStatus,
    EventTag,
    Meeting,
    MeetingRequest,
    MeetingSeat,
    MeetingSlot,
    Registration,
    RegistrationStatus,
    Session,
)


def _soon(days: int = 7, hours: int = 9) -> datetime.datetime:
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return today + datetime.timedelta(days=days, hours=hours)


class EventFactory(FacetedItemFactory):
    class Meta:
        model = Event

    organiser = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Smart city forum {n}")
    format = EventFormat.IN_PERSON
    venue = "Centro de Convenciones"
    time_zone = "UTC"
    starts_at = factory.LazyFunction(lambda: _soon())
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=9))
    status = EventStatus.PUBLISHED


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = RegistrationStatus.CONFIRMED


class MeetingSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSlot

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at + datetime.timedelta(hours=1))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(minutes=20))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda s: s.event.starts_at)
    ends_at = factory.LazyAttribute(lambda s: s.event.starts_at + datetime.timedelta(hours=1))


class EventTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventTag

    event = factory.SubFactory(EventFactory)
    facet = "sdg_goal"
    value = "11"


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    registration = factory.SubFactory(RegistrationFactory)
    slot = factory.SubFactory(
        MeetingSlotFactory, event=factory.SelfAttribute("..registration.event")
    )


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    event = factory.SubFactory(EventFactory)
    requester = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..event"))
    recipient = factory.SubFactory(RegistrationFactory, event=factory.SelfAttribute("..event"))
    message = "Could we meet about floods?"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    request = factory.SubFactory(MeetingRequestFactory, status="accepted")
    slot = factory.SubFactory(MeetingSlotFactory, event=factory.SelfAttribute("..request.event"))
    table = 1


class MeetingSeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSeat

    meeting = factory.SubFactory(MeetingFactory)
    registration = factory.SelfAttribute("meeting.request.requester")
    slot = factory.SelfAttribute("meeting.slot")
