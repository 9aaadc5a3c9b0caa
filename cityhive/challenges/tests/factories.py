import factory

from cityhive.challenges.models import (
    Challenge,
    ChallengeStatus,
    ChallengeTag,
    NeedItem,
    NeedSource,
    NeedsProfile,
    Visibility,
)
from cityhive.content.tests.factories import FacetedItemFactory, FacetTagFactory
from cityhive.directory.tests.factories import CityFactory


class ChallengeFactory(FacetedItemFactory):
    """An open public challenge."""

    class Meta:
        model = Challenge

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")
    description = "Our riverside districts flood every rainy season."
    visibility = Visibility.PUBLIC
    status = ChallengeStatus.OPEN


class ChallengeTagFactory(FacetTagFactory):
    class Meta:
        model = ChallengeTag

    challenge = factory.SubFactory(ChallengeFactory)
    strength = 1.0


class NeedsProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedsProfile

    city = factory.SubFactory(CityFactory)
    visibility = Visibility.PUBLIC


class NeedItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedItem

    city = factory.SubFactory(CityFactory)
    facet = "hazard"
    value = "floods"
    weight = 0.9
    source = NeedSource.CLIMATE_RISK
