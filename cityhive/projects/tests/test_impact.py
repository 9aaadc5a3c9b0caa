"""The SDG contribution report counts what has evidence and only what the reader may see."""

from decimal import Decimal

import pytest
from django.utils import timezone

from cityhive.projects.impact import contribution_table, sdg_contribution
from cityhive.projects.models import ProjectTarget, ProjectVisibility
from cityhive.projects.tests.factories import ConsortiumMemberFactory, ProjectFactory
from cityhive.solutions.tests.factories import ImplementationFactory, SolutionFactory

pytestmark = pytest.mark.django_db


def test_a_company_is_credited_with_evidence_only(world):
    solution = SolutionFactory(provider=world.org_b, status="published", sdg_targets=["6.4"])
    ImplementationFactory(solution=solution, city=world.org_a, confirmed_at=timezone.now())
    ImplementationFactory(solution=solution, city=world.org_a)  # not confirmed: not counted
    SolutionFactory(provider=world.org_b, status="draft", sdg_targets=["7.2"])  # not counted
    project = ProjectFactory(
        city=world.org_a, visibility=ProjectVisibility.PUBLIC, sdg_targets=["6.4"]
    )
    ConsortiumMemberFactory(project=project, organisation=world.org_b)
    ProjectTarget.objects.create(
        project=project,
        kpi="EN-WS-1",
        sdg_target="6.4",
        baseline=Decimal("40"),
        target=Decimal("20"),
        after=Decimal("25"),
        confirmed_at=timezone.now(),
    )

    table = contribution_table(sdg_contribution(actor=None, organisation=world.org_b))

    assert table == [
        {
            "goal": 6,
            "solutions": 1,
            "implementations": 1,
            "challenges": 0,
            "projects": 1,
            "targets": ["6.4"],
            "kpi_changes": [
                {
                    "project": project.title,
                    "kpi": "EN-WS-1",
                    "baseline": Decimal("40.0000"),
                    "target": Decimal("20.0000"),
                    "after": Decimal("25.0000"),
                }
            ],
        }
    ]


def test_a_consortium_only_project_counts_for_its_readers_only(world):
    ProjectFactory(city=world.org_a, sdg_targets=["11.5"])

    seen_by_city = sdg_contribution(actor=world.member_a, organisation=world.org_a)
    seen_by_visitor = sdg_contribution(actor=None, organisation=world.org_a)

    assert [(r.goal, r.counts["projects"]) for r in seen_by_city] == [(11, 1)]
    assert seen_by_visitor == []


def test_the_page_offers_csv(client, world):
    SolutionFactory(provider=world.org_b, status="published", sdg_targets=["6.4", "13.1"])

    response = client.get(f"/organisations/{world.org_b.slug}/sdg-contribution/?format=csv")

    assert response.content.decode().splitlines() == [
        "goal,solutions,implementations,challenges,projects,targets,confirmed_kpi_changes",
        "6,1,0,0,0,6.4,0",
        "13,1,0,0,0,13.1,0",
    ]


def test_the_programme_report_counts_projects_by_country_year_and_goal(world):
    from cityhive.projects.impact import programme_contribution

    first = ProjectFactory(city=world.org_a, visibility="public", sdg_targets=["6.4", "11.5"])
    ProjectFactory(city=world.org_a, visibility="public", sdg_targets=["6.1"])
    ProjectFactory(city=world.org_a, sdg_targets=["6.1"])  # consortium-only: not for visitors
    ProjectTarget.objects.create(
        project=first,
        kpi="EN-WS-1",
        sdg_target="6.4",
        baseline=Decimal("40"),
        target=Decimal("20"),
        after=Decimal("25"),
        confirmed_at=timezone.now(),
    )
    country, year = str(world.org_a.country), first.created_at.year

    assert programme_contribution(actor=None) == [
        {"country": country, "year": year, "goal": 6, "projects": 2, "confirmed_kpi_changes": 1},
        {"country": country, "year": year, "goal": 11, "projects": 1, "confirmed_kpi_changes": 1},
    ]
