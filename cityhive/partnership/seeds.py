"""The demo programme: three tiers, two demo companies approved as partners and one whose
application waits in the managers' queue. Idempotent: seeding twice changes nothing."""

from django.utils import timezone

from cityhive.directory.models import MembershipRole, Organisation, OrganisationKind
from cityhive.partnership.conduct import CONDUCT_TEXT, CONDUCT_VERSION
from cityhive.partnership.models import (
    Application,
    ApplicationKind,
    ApplicationStatus,
    Partnership,
    Tier,
    Unlock,
)
from cityhive.partnership.services import one_year_from

DEMO_TIERS = [
    # name, position, annual fee (EUR), unlocks, benefits
    (
        "Start-up partner",
        0,
        500,
        [Unlock.PARTNERS_CONTENT],
        "For companies under five years old: partners-only challenges and needs profiles.",
    ),
    (
        "Partner",
        1,
        5000,
        [Unlock.PARTNERS_CONTENT, Unlock.INTRODUCTIONS],
        "Partners-only challenges and needs profiles, and introductions to cities.",
    ),
    (
        "Premium partner",
        2,
        15000,
        list(Unlock.values),
        "Everything partners get, a seat in the expert groups and a featured presence at events.",
    ),
]
# Demo company (by name, as directory.seeds names it) -> its tier; None: an application waiting.
DEMO_PARTNERS = {
    "AquaSense Analytics (demo)": "Premium partner",
    "SolarGrid Cities (demo)": "Partner",
    "MoveSmart Mobility (demo)": None,
}
DEMO_REFERENCES = [
    {
        "name": "City official (demo)",
        "organisation": "City of Recife (demo)",
        "email": "recife.official@demo.cityhive.example",
        "relation": "Ran a pilot with us (demo reference)",
    },
    {
        "name": "Programme officer (demo)",
        "organisation": "Green Infrastructure Fund (demo)",
        "email": "programme@demo.cityhive.example",
        "relation": "Financed one of our projects (demo reference)",
    },
]


def _tiers() -> dict[str, Tier]:
    tiers = {}
    for name, position, fee, unlocks, benefits in DEMO_TIERS:
        tiers[name], _ = Tier.objects.get_or_create(
            name=name,
            defaults={
                "position": position,
                "annual_fee": fee,
                "currency": "EUR",
                "unlocks": [str(code) for code in unlocks],
                "benefits": benefits,
            },
        )
    return tiers


def _application(company: Organisation, tier: Tier, *, status: str) -> Application:
    admin = company.memberships.filter(role=MembershipRole.ADMIN).select_related("user").first()
    signer = admin.user if admin else None
    now = timezone.now()
    application, _ = Application.objects.get_or_create(
        organisation=company,
        kind=ApplicationKind.NEW,
        defaults={
            "tier": tier,
            "status": status,
            "references": DEMO_REFERENCES,
            "sdgs": [9, 11, 13],
            "motivation": "We want to bring our solutions to more cities (demo application).",
            "conduct_version": CONDUCT_VERSION,
            "conduct_text": CONDUCT_TEXT,
            "conduct_accepted_at": now,
            "conduct_accepted_by": signer,
            "created_by": signer,
            "submitted_at": now,
            "submitted_by": signer,
            "completeness": 60,
            "decided_at": now if status == ApplicationStatus.APPROVED else None,
        },
    )
    return application


def demo_partnership_seed() -> str:
    """Seed the demo tiers, partners and waiting application; what was seeded, in words."""
    tiers = _tiers()
    partners = waiting = 0
    for name, tier_name in DEMO_PARTNERS.items():
        company = Organisation.objects.filter(
            external_id=f"demo:{OrganisationKind.COMPANY}:{name}"
        ).first()
        if company is None:
            continue
        if tier_name is None:
            _application(company, tiers["Partner"], status=ApplicationStatus.SUBMITTED)
            waiting += 1
            continue
        application = _application(company, tiers[tier_name], status=ApplicationStatus.APPROVED)
        starts = timezone.localdate()
        Partnership.objects.get_or_create(
            application=application,
            defaults={
                "organisation": company,
                "tier": application.tier,
                "starts_on": starts,
                "ends_on": one_year_from(starts),
            },
        )
        partners += 1
    return f"{len(tiers)} tiers, {partners} partners, {waiting} application waiting for review"
