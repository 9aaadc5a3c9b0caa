import factory
from django.utils import timezone

from cityhive.accounts.tests.factories import UserFactory
from cityhive.directory.models import (
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
)
from cityhive.places.tests.factories import PlaceFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.COMPANY
    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    country = "DE"
    languages = factory.LazyFunction(lambda: ["en"])


class CityFactory(OrganisationFactory):
    kind = OrganisationKind.CITY
    place = factory.SubFactory(PlaceFactory)
    country = factory.SelfAttribute("place.country")
    name = factory.LazyAttribute(lambda org: f"City of {org.place.name}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = MembershipRole.MEMBER
    token_hash = factory.Sequence(lambda n: f"{n:064x}")
    expires_at = factory.LazyFunction(lambda: timezone.now() + timezone.timedelta(days=14))
