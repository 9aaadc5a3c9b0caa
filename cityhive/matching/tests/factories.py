import factory

from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.matching.models import ChallengeVector


class ChallengeVectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeVector

    challenge = factory.SubFactory(ChallengeFactory)
    text_sha256 = "0" * 64
    vector = factory.LazyFunction(lambda: bytes(4 * 384))
