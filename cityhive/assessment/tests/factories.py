import factory

from cityhive.assessment.models import (
    Assessment,
    ClimateRisk,
    DerivedNeed,
    EmissionEntry,
    GapChallenge,
    GapKind,
    KpiEvidence,
    KpiTarget,
    KpiValue,
    KpiValueChange,
)
from cityhive.core.tests.factories import StoredFileFactory
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


class KpiValueChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiValueChange

    assessment = factory.SubFactory(AssessmentFactory)
    kpi = factory.SubFactory(KpiFactory)
    before = None
    after = factory.LazyFunction(lambda: {"value": 50.0, "unit": "%"})


class KpiEvidenceFactory(StoredFileFactory):
    class Meta:
        model = KpiEvidence

    kpi_value = factory.SubFactory(KpiValueFactory)
    title = "Census report"
    file = factory.django.FileField(filename="evidence.pdf", data=b"%PDF-1.4 evidence")


class GapChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GapChallenge

    assessment = factory.SubFactory(AssessmentFactory)
    kind = GapKind.KPI
    code = "EC: I: WS: 3C"
    challenge = factory.SubFactory(
        "cityhive.challenges.tests.factories.ChallengeFactory",
        city=factory.SelfAttribute("..assessment.city"),
        status="draft",
    )
