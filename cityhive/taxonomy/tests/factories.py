"""Factories for taxonomy rows; most tests use the real reference data loaded once per session."""

import factory

from cityhive.taxonomy.models import (
    FacetTerm,
    Kpi,
    KpiCategory,
    KpiDimension,
    KpiKind,
    KpiSubDimension,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
)


class SdgGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SdgGoal
        django_get_or_create = ["number"]

    number = 11
    colour = "#FD9D24"
    titles = factory.LazyFunction(lambda: {"en": "Sustainable cities and communities"})
    short_titles = factory.LazyFunction(lambda: {"en": "Sustainable cities"})


class SdgTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SdgTarget
        django_get_or_create = ["code"]

    goal = factory.SubFactory(SdgGoalFactory)
    code = factory.Sequence(lambda n: f"{n % 17 + 1}.x{n}")
    sort_key = factory.LazyAttribute(lambda target: target.code)
    titles = factory.LazyFunction(lambda: {"en": "A test target"})


class SdgIndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SdgIndicator
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"99.{n}.1")
    sort_key = factory.LazyAttribute(lambda indicator: indicator.code)
    titles = factory.LazyFunction(lambda: {"en": "A test indicator"})


class KpiDimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiDimension
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"T{n}")
    name = factory.Sequence(lambda n: f"Test dimension {n}")
    slug = factory.Sequence(lambda n: f"test-dimension-{n}")


class KpiSubDimensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiSubDimension

    dimension = factory.SubFactory(KpiDimensionFactory)
    code = "TS"
    name = factory.Sequence(lambda n: f"Test sub-dimension {n}")
    slug = factory.Sequence(lambda n: f"test-sub-dimension-{n}")


class KpiCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiCategory
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"C{n}")
    name = factory.Sequence(lambda n: f"Test category {n}")
    slug = factory.Sequence(lambda n: f"test-category-{n}")


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    code = factory.Sequence(lambda n: f"TT: TS: C: {n}C")
    slug = factory.Sequence(lambda n: f"test-kpi-{n}")
    definition = "Percentage of something measured in a test"
    kind = KpiKind.CORE
    sub_dimension = factory.SubFactory(KpiSubDimensionFactory)
    category = factory.SubFactory(KpiCategoryFactory)


class FacetTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacetTerm
        django_get_or_create = ["facet", "code"]

    facet = "hazard"
    code = factory.Sequence(lambda n: f"test-hazard-{n}")
    label = factory.LazyAttribute(lambda term: term.code.replace("-", " ").capitalize())
