import factory

from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.exchange.models import OrganisationExtra


class OrganisationExtraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationExtra

    organisation = factory.SubFactory(OrganisationFactory)
    organization = factory.LazyFunction(lambda: {"source_url": "https://example.org/orgs/1"})
