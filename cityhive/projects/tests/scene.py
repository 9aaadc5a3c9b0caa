"""City A's projects for the authorisation matrix (tests/test_authorisation_matrix.py).

`kwargs` point at a consortium-only PPP project of A at its first stage, with a committed plan
that adds up (so A's admins may record financial close), an open investment opportunity, and an
invitation of company B into its consortium (`member_id`), a milestone and a
confidential document of A's. `overrides` send the opening of an
opportunity to a second project of A that has none, and the mandate pages to a verified financier
F; `payloads` carry what the API operations need.
"""

import datetime
from decimal import Decimal

from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.projects.models import MemberStatus, ProjectTarget, SourceStatus
from cityhive.projects.stages import GATES
from cityhive.projects.tests.factories import (
    ConsortiumMemberFactory,
    FinancierFactory,
    FinancingSourceFactory,
    OpportunityFactory,
    ProjectDocumentFactory,
    ProjectFactory,
)


def project_scene(world) -> dict:
    project = ProjectFactory(city=world.org_a, categories=["environment/water"])
    ConsortiumMemberFactory(
        project=project, organisation=world.org_a, role="lead_city", status=MemberStatus.ACTIVE
    )
    invited = ConsortiumMemberFactory(
        project=project, organisation=world.org_b, status=MemberStatus.INVITED
    )
    FinancingSourceFactory(
        project=project, amount=Decimal("1000000"), status=SourceStatus.COMMITTED
    )
    opportunity = OpportunityFactory(project=project)
    without_opportunity = ProjectFactory(city=world.org_a)
    target = ProjectTarget.objects.create(
        project=project, kpi="EN-WS-1", baseline=Decimal("40"), target=Decimal("20")
    )
    milestone = project.milestones.create(title="Design done", due_on=datetime.date(2030, 1, 1))
    document = ProjectDocumentFactory(project=project, organisation=world.org_a)
    financier = FinancierFactory()
    newcomer = OrganisationFactory()
    return {
        "kwargs": {
            "project_id": project.pk,
            "member_id": invited.pk,
            "opportunity_id": opportunity.pk,
            "target_id": target.pk,
            "milestone_id": milestone.pk,
            "document_id": document.pk,
        },
        "overrides": {
            "opportunity_open": {"project_id": without_opportunity.pk},
            "mandate_set": {"slug": financier.slug},
        },
        "page_overrides": {
            "project_opportunity_open": {"project_id": without_opportunity.pk},
            "mandate_edit": {"slug": financier.slug},
        },
        "payloads": {
            "project_create": {
                "city": world.org_a.slug,
                "title": "Matrix project",
                "capital_cost": "1000",
                "currency": "EUR",
            },
            "project_advance": {
                "from_stage": "identify",
                "checklist": {code: "Confirmed." for code in GATES["identify"]},
            },
            "project_member_invite": {"organisation": newcomer.slug, "role": "operator"},
            "project_member_answer": {"accept": True},
            "project_update": {"objectives": "Updated."},
            "milestone_add": {"title": "Barrier built", "due_on": "2031-05-04"},
            "project_target_set": {"kpi": "EN-WS-2", "baseline": "1", "target": "2"},
            "project_target_confirm": {"after": "25"},
            "project_target_after_record": {"after": "25"},
            "milestone_update": {"title": "Design signed off", "due_on": "2030-02-01"},
            "milestone_reach": {"done_on": "2025-05-04", "evidence": "Signed report."},
            "financing_plan_replace": {
                "sources": [
                    {
                        "label": "City",
                        "instrument": "city_budget",
                        "amount": "400000",
                        "currency": "EUR",
                    },
                    {
                        "label": "Bank",
                        "instrument": "commercial_loan",
                        "amount": "500000",
                        "currency": "USD",
                    },
                ],
                "rates": {"USD": "1.2"},
            },
            "opportunity_open": {
                "summary": "Matrix",
                "ticket_min": "1000",
                "ticket_max": "2000",
                "instruments": ["grant"],
            },
            "mandate_set": {"ticket_min": "1000", "ticket_max": "2000", "currency": "EUR"},
        },
    }
