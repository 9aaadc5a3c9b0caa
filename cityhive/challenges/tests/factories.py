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
from cityhive.directory.tests.factories import CityFactory


class ChallengeFactory(factory.django.DjangoModelFactory):
    """An open public challenge; tags are not indexed (use challenges.services for that)."""

    class Meta:
        model = Challenge

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")
    description = "Our riverside districts flood every rainy season."
    categories = factory.LazyFunction(lambda: ["environment/water"])
    visibility = Visibility.PUBLIC
    status = ChallengeStatus.OPEN


class ChallengeTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeTag

    challenge = factory.SubFactory(ChallengeFactory)
    facet = "hazard"
    value = "floods"
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
