import factory

from cityhive.audit.models import ContactAction, ContactLogEntry, SecurityEvent, SecurityEventKind
from cityhive.directory.tests.factories import CityFactory, OrganisationFactory


class ContactLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactLogEntry

    action = ContactAction.INTEREST_SENT
    city = factory.SubFactory(CityFactory)
    city_label = factory.LazyAttribute(lambda entry: entry.city.name)
    company = factory.SubFactory(OrganisationFactory)
    company_label = factory.LazyAttribute(lambda entry: entry.company.name)
    summary = "Interest in a pilot"


class SecurityEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecurityEvent

    event = SecurityEventKind.SIGNED_IN
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    ip = "192.0.2.10"
