import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from cityhive.content.tests.factories import FacetedItemFactory
from cityhive.core.tests.factories import StoredFileFactory
from cityhive.directory.models import OrganisationKind
from cityhive.directory.tests.factories import CityFactory, OrganisationFactory
from cityhive.projects.models import (
    ConsortiumMember,
    ConsortiumRole,
    FinancingSource,
    GateApproval,
    Instrument,
    InvestmentOpportunity,
    Mandate,
    MemberStatus,
    Milestone,
    OpportunityInterest,
    Project,
    ProjectDocument,
    ProjectTarget,
)


class ProjectFactory(FacetedItemFactory):
    """A consortium-only PPP project at its first stage, costing 1,000,000 EUR in all."""

    class Meta:
        model = Project

    city = factory.SubFactory(CityFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    objectives = "Keep the riverside districts dry."
    capital_cost = factory.LazyFunction(lambda: Decimal("900000.00"))
    operating_cost = factory.LazyFunction(lambda: Decimal("100000.00"))
    currency = "EUR"
    sdg_targets = factory.LazyFunction(lambda: ["6.4", "11.5"])


class FinancierFactory(OrganisationFactory):
    kind = OrganisationKind.FINANCIER
    is_verified = True


class ConsortiumMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsortiumMember

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ConsortiumRole.SOLUTION_PROVIDER
    status = MemberStatus.ACTIVE


class OpportunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvestmentOpportunity

    project = factory.SubFactory(ProjectFactory)
    summary = "A flood barrier paid by availability payments."
    ticket_min = 100_000
    ticket_max = 500_000
    instruments = factory.LazyFunction(lambda: [Instrument.CONCESSIONAL_LOAN])


class FinancingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingSource

    project = factory.SubFactory(ProjectFactory)
    label = "City budget"
    instrument = Instrument.CITY_BUDGET
    amount = 1_000_000
    currency = "EUR"


class MandateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mandate

    financier = factory.SubFactory(FinancierFactory)
    sectors = factory.LazyFunction(lambda: ["environment"])
    countries = factory.LazyFunction(list)
    instruments = factory.LazyFunction(lambda: [Instrument.CONCESSIONAL_LOAN])
    sdgs = factory.LazyFunction(lambda: [6])
    ticket_min = 50_000
    ticket_max = 1_000_000
    currency = "EUR"


class GateApprovalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GateApproval

    project = factory.SubFactory(ProjectFactory)
    from_stage = "identify"
    to_stage = "appraise"
    checklist = factory.LazyFunction(lambda: {"rationale": "The districts flood every year."})
    approved_at = factory.LazyFunction(timezone.now)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Milestone {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))


class ProjectTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectTarget

    project = factory.SubFactory(ProjectFactory)
    kpi = "EC: I: WS: 3C"
    baseline = Decimal("40")
    target = Decimal("60")


class OpportunityInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpportunityInterest

    opportunity = factory.SubFactory(OpportunityFactory)
    financier = factory.SubFactory(FinancierFactory)
    note = "We fund resilience projects of this size."


class ProjectDocumentFactory(StoredFileFactory):
    class Meta:
        model = ProjectDocument

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Feasibility study {n}")
    file = factory.django.FileField(filename="study.pdf", data=b"%PDF-1.4 feasibility")
    uploaded_at = factory.LazyFunction(timezone.now)
