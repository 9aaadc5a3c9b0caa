import factory
from django.contrib.contenttypes.models import ContentType

from cityhive.accounts.tests.factories import UserFactory
from cityhive.challenges.models import Challenge
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.tests.factories import CityFactory
from cityhive.matching.models import ChallengeVector, LearnedRanking, MatchFeedback
from cityhive.solutions.models import Solution
from cityhive.solutions.tests.factories import SolutionFactory


class ChallengeVectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeVector

    challenge = factory.SubFactory(ChallengeFactory)
    text_sha256 = "0" * 64
    vector = factory.LazyFunction(lambda: bytes(4 * 384))


class MatchFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchFeedback

    organisation = factory.SubFactory(CityFactory)
    actor = factory.SubFactory(UserFactory)
    subject_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Challenge))
    subject_id = factory.LazyFunction(lambda: ChallengeFactory().pk)
    candidate_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(Solution))
    candidate_id = factory.LazyFunction(lambda: SolutionFactory().pk)
    signal = "declined"


class LearnedRankingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearnedRanking

    direction = factory.Sequence(lambda n: f"direction-{n}")
    coefficients = factory.LazyFunction(lambda: {"coverage": 0.5, "lexical": 0.2})
    pairs = 10
