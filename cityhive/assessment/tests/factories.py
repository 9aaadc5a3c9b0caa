import factory

from cityhive.assessment.models import (
    Assessment,
    ClimateRisk,
    DerivedNeed,
    EmissionEntry,
    KpiTarget,
    KpiValue,
)
from cityhive.directory.tests.factories import CityFactory
from cityhive.taxonomy.tests.factories import KpiFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    city = factory.SubFactory(CityFactory)
    year = 2025


class KpiValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiValue

    assessment = factory.SubFactory(AssessmentFactory)
    kpi = factory.SubFactory(KpiFactory)
    value = 50.0
    unit = "%"


class KpiTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiTarget

    kpi = factory.SubFactory(KpiFactory)
    target = 100.0


class ClimateRiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClimateRisk

    assessment = factory.SubFactory(AssessmentFactory)
    hazard = "floods"
    key_impact = "Riverside districts flooded"
    risk = 0.8


class EmissionEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmissionEntry

    assessment = factory.SubFactory(AssessmentFactory)
    sector = "transportation"
    tonnes_co2e = 1000.0


class DerivedNeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DerivedNeed

    city = factory.SubFactory(CityFactory)
    facet = "hazard"
    value = "floods"
    weight = 0.8
    source = "climate_risk"
    reason = "Highest risk 0.8"
