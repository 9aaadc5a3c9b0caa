import datetime

import factory
from django.utils import timezone

from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.partnership.conduct import CONDUCT_TEXT, CONDUCT_VERSION
from cityhive.partnership.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Partnership,
    Tier,
    Unlock,
)

REFERENCES = [
    {
        "name": "Ana Costa",
        "organisation": "Prefeitura do Recife",
        "email": "ana@recife.example",
        "relation": "Ran our flood-sensor pilot",
    },
    {
        "name": "Ben Okoth",
        "organisation": "Nairobi City County",
        "email": "ben@nairobi.example",
        "relation": "Bought our analytics service",
    },
]


class TierFactory(factory.django.DjangoModelFactory):
    """A tier that unlocks partners-only content."""

    class Meta:
        model = Tier

    name = factory.Sequence(lambda n: f"Tier {n}")
    benefits = "Access to partners-only challenges."
    annual_fee = 5000
    currency = "EUR"
    unlocks = factory.LazyFunction(lambda: [Unlock.PARTNERS_CONTENT])
    position = factory.Sequence(lambda n: n)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft of a company, ready to submit."""

    class Meta:
        model = Application

    organisation = factory.SubFactory(OrganisationFactory)
    tier = factory.SubFactory(TierFactory)
    kind = ApplicationKind.NEW
    status = ApplicationStatus.DRAFT
    references = factory.LazyFunction(lambda: [dict(r) for r in REFERENCES])
    sdgs = factory.LazyFunction(lambda: [6, 11, 13])
    conduct_version = CONDUCT_VERSION
    conduct_text = CONDUCT_TEXT
    conduct_accepted_at = factory.LazyFunction(timezone.now)


class PartnershipFactory(factory.django.DjangoModelFactory):
    """An approved application's period, covering today (one year from yesterday)."""

    class Meta:
        model = Partnership

    application = factory.SubFactory(
        ApplicationFactory,
        status=ApplicationStatus.APPROVED,
        decided_at=factory.LazyFunction(timezone.now),
    )
    organisation = factory.SelfAttribute("application.organisation")
    tier = factory.SelfAttribute("application.tier")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))
    ends_on = factory.LazyAttribute(lambda p: p.starts_on + datetime.timedelta(days=364))


def partner_company(**organisation):
    """A company with an active partnership in a tier that unlocks partners' content."""
    company = OrganisationFactory(**organisation)
    PartnershipFactory(application__organisation=company)
    return company
