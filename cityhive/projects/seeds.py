"""Demo seeds: a PPP project of the first demo city, made from its first challenge, with a demo
company in its consortium, the demo financier's mandate, an open investment opportunity, a plan
that adds up and a first gate passed (through the services, as people would; idempotent)."""

from decimal import Decimal

from cityhive.challenges.models import Challenge
from cityhive.core.actors import SYSTEM
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.seeds import demo_organisations
from cityhive.projects import consortium, financing, services
from cityhive.projects.models import Project
from cityhive.projects.stages import GATES

DEMO_PROJECT = "demo:project:riverside-resilience"


def _project(city: Organisation) -> Project:
    challenge = Challenge.objects.filter(city=city).order_by("pk").first()
    project = services.project_create(
        actor=SYSTEM,
        city=city,
        challenge=challenge,
        fields={
            "title": "" if challenge else "Riverside resilience (demo)",
            "objectives": "Protect the riverside districts from floods and reuse storm water.",
            "scope": "Flood barriers, sensors and a retention basin, operated for 20 years.",
            "capital_cost": Decimal("12000000"),
            "operating_cost": Decimal("3000000"),
            "currency": "EUR",
            "categories": list(challenge.categories) if challenge else ["environment/water"],
            "sdg_targets": list(challenge.sdg_targets) if challenge else ["11.5", "6.4"],
        },
    )
    project.external_id, project.is_demo = DEMO_PROJECT, True
    project.save(update_fields=["external_id", "is_demo"])
    checklist = {code: "Confirmed in the demo." for code in GATES[project.stage]}
    services.project_advance(
        actor=SYSTEM, project=project, from_stage=project.stage, checklist=checklist
    )
    return project


def _financing(project: Project, financier: Organisation | None) -> None:
    financing.plan_replace(
        actor=SYSTEM,
        project=project,
        sources=[
            {
                "label": "City budget",
                "instrument": "city_budget",
                "amount": "3000000",
                "currency": "EUR",
                "status": "committed",
            },
            {
                "label": "Availability-payment PPP",
                "instrument": "ppp_availability",
                "ppp_model": "dbfo",
                "amount": "9000000",
                "currency": "EUR",
            },
            {
                "label": "Concessional loan",
                "instrument": "concessional_loan",
                "amount": "3000000",
                "currency": "EUR",
                "financier": financier.slug if financier else "",
            },
        ],
    )
    financing.opportunity_open(
        actor=SYSTEM,
        project=project,
        fields={
            "summary": "A DBFO flood-protection PPP paid by availability payments.",
            "ticket_min": "1000000",
            "ticket_max": "5000000",
            "instruments": ["concessional_loan", "ppp_availability"],
            "risk_notes": "Construction risk sits with the private partner.",
        },
    )


def projects_demo_seed() -> str:
    """Seed the demo project once; say what was done."""
    if Project.objects.filter(external_id=DEMO_PROJECT).exists():
        return "already there"
    cities = demo_organisations(OrganisationKind.CITY)
    if not cities:
        return "no demo city"
    financiers = demo_organisations(OrganisationKind.FINANCIER)
    financier = financiers[0] if financiers else None
    if financier is not None:
        financing.mandate_set(
            actor=SYSTEM,
            financier=financier,
            fields={
                "sectors": ["environment", "energy", "mobility"],
                "instruments": ["concessional_loan", "blended", "ppp_availability"],
                "sdgs": [6, 7, 11, 13],
                "ticket_min": "500000",
                "ticket_max": "10000000",
                "currency": "EUR",
            },
        )
    project = _project(cities[0])
    members = 0
    for company in demo_organisations(OrganisationKind.COMPANY)[:1]:
        member = consortium.member_invite(
            actor=SYSTEM, project=project, organisation=company, role="solution_provider"
        )
        consortium.member_answer(actor=SYSTEM, member=member, accept=True)
        members += 1
    _financing(project, financier)
    return f"one project, {members} consortium member(s), an investment opportunity"
