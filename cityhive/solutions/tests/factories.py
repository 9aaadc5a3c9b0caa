import factory
from django.utils import timezone

from cityhive.content.tests.factories import FacetedItemFactory, FacetTagFactory
from cityhive.core.tests.factories import StoredFileFactory
from cityhive.directory.tests.factories import CityFactory, OrganisationFactory
from cityhive.solutions.models import (
    Implementation,
    ImplementationStatus,
    Solution,
    SolutionFile,
    SolutionStatus,
    SolutionTag,
)


class SolutionFactory(FacetedItemFactory):
    """A published solution."""

    class Meta:
        model = Solution

    provider = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Solution {n}")
    summary = "Sensors and analytics that warn a city before its rivers flood."
    description = "A **proven** approach."
    cost_level = "medium"
    timeline = "<5 years"
    maturity = 7
    status = SolutionStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class SolutionTagFactory(FacetTagFactory):
    class Meta:
        model = SolutionTag

    solution = factory.SubFactory(SolutionFactory)
    strength = 0.8


class ImplementationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Implementation

    solution = factory.SubFactory(SolutionFactory)
    city = factory.SubFactory(CityFactory)
    year = 2024
    status = ImplementationStatus.DEPLOYED
    summary = "Flood warnings now reach residents 40 minutes earlier."


class SolutionFileFactory(StoredFileFactory):
    class Meta:
        model = SolutionFile

    solution = factory.SubFactory(SolutionFactory)
    kind = "document"
    title = "Brochure"
    file = factory.django.FileField(filename="brochure.pdf", data=b"%PDF-1.7 test")
