"""Projects in the exchange format: exported, imported back unchanged, and a bad file refused
whole with every error by line and path."""

import datetime
import json
from decimal import Decimal

import pytest

from cityhive.directory.models import MembershipRole, Organisation
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.exchange.errors import ImportInvalid
from cityhive.exchange.registry import all_types, contributed
from cityhive.exchange.tests import helpers as h
from cityhive.exchange.validation import line_check
from cityhive.projects.jsonlines import line_schema
from cityhive.projects.models import ConsortiumMember, Milestone, Project, ProjectTarget
from cityhive.projects.tests.factories import (
    MilestoneFactory,
    ProjectFactory,
    ProjectTargetFactory,
)
from cityhive.taxonomy.vocabulary import Vocabulary

pytestmark = pytest.mark.django_db

TYPES = ("organization", "project")
WATER = "EC: I: WS: 3C"


def _recife_project() -> Project:
    recife = CityFactory(name="Recife", slug="recife", country="BR")
    project = ProjectFactory(
        city=recife,
        title="Capibaribe flood barrier",
        objectives="Keep the river out.",
        capital_cost=Decimal("1250000.50"),
        operating_cost=Decimal("40000"),
        currency="BRL",
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2029, 12, 31),
        categories=["environment"],
        sdg_targets=["11.5"],
        visibility="public",
        extra={"funding_call": {"name": "Resilient cities", "round": 2}},
    )
    MilestoneFactory(project=project, title="Design", due_on=datetime.date(2026, 6, 1))
    MilestoneFactory(
        project=project,
        title="Works start",
        due_on=datetime.date(2026, 9, 1),
        done_on=datetime.date(2026, 9, 3),
        evidence="Site handover report.",
    )
    ProjectTargetFactory(project=project, kpi=WATER, sdg_target="6.4", baseline=Decimal("40.25"))
    return project


def _wipe() -> None:
    Project.objects.all().delete()
    Organisation.objects.all().delete()


def test_an_export_imports_into_an_empty_platform_and_exports_the_same_lines():
    project = _recife_project()
    first = h.export(types=TYPES)
    _wipe()

    report = h.run_import(first)
    again = h.export(types=TYPES)

    assert again == first
    assert report.counts["project"].created == 1
    line = json.loads(first.splitlines()[1])
    assert line == {
        "type": "project",
        "id": f"project-{project.pk}",
        "city": "org-recife",
        "title": "Capibaribe flood barrier",
        "objectives": "Keep the river out.",
        "scope": "",
        "location": "",
        "path": "ppp",
        "visibility": "public",
        "capital_cost": 1250000.5,
        "operating_cost": 40000,
        "currency": "BRL",
        "starts_on": "2026-03-01",
        "ends_on": "2029-12-31",
        "categories": ["environment"],
        "sdg_targets": ["11.5"],
        "kpis": [],
        "milestones": [
            {"title": "Design", "due_on": "2026-06-01", "done_on": None, "evidence": ""},
            {
                "title": "Works start",
                "due_on": "2026-09-01",
                "done_on": "2026-09-03",
                "evidence": "Site handover report.",
            },
        ],
        "targets": [{"kpi": WATER, "sdg_target": "6.4", "baseline": 40.25, "target": 60}],
        "funding_call": {"name": "Resilient cities", "round": 2},
    }
    imported = Project.objects.get()
    assert (imported.pk, imported.stage, imported.city.slug) == (project.pk, "identify", "recife")
    assert ConsortiumMember.objects.filter(project=imported, role="lead_city").count() == 1


def test_importing_an_export_again_changes_nothing():
    project = _recife_project()
    ProjectTarget.objects.filter(project=project).update(after=Decimal("38"))
    data = h.export(types=TYPES)
    version = Project.objects.get().version

    report = h.run_import(data)

    assert report.counts["project"].unchanged == 1
    assert Project.objects.get().version == version
    assert ProjectTarget.objects.get().after == Decimal("38.0000")  # confirmed on the platform


def test_an_import_updates_a_project_by_its_external_id():
    project = _recife_project()
    line = json.loads(h.export(types=("project",)))
    line.update(id="recife-barrier", title="Barrier, phase 1", milestones=[], targets=[])
    h.run_import(h.jsonl(line))
    line.update(title="Barrier, phase 2")

    report = h.run_import(h.jsonl(line))

    assert report.counts["project"].updated == 1
    assert list(Project.objects.order_by("pk").values_list("external_id", "title")) == [
        (None, "Capibaribe flood barrier"),
        ("recife-barrier", "Barrier, phase 2"),
    ]
    assert Milestone.objects.filter(project=project).count() == 2


def test_a_bad_file_is_refused_whole_with_every_error_by_line():
    project = _recife_project()
    other = CityFactory(slug="olinda")
    good = json.loads(h.export(types=("project",)))
    lines = [
        {**good, "id": "new-one", "title": "Fine but in a bad file"},
        {
            **good,
            "id": "bad-one",
            "currency": "XXY",
            "ends_on": "2020-01-01",
            "kpis": ["no such kpi"],
            "milestones": [{"title": "Later", "due_on": "2031-02-30", "done_on": "2999-01-01"}],
            "targets": [
                {"kpi": WATER, "baseline": 1, "target": 2},
                {"kpi": WATER, "sdg_target": "99.9", "baseline": -1, "target": 2},
            ],
        },
        {**good, "city": f"org-{other.slug}"},  # another city's project
        {**good, "id": "nowhere", "city": "org-atlantis"},
        {**good, "id": "new-one"},
    ]
    before = h.export(types=("project",))

    with pytest.raises(ImportInvalid) as refused:
        h.run_import(h.jsonl(*lines))

    assert [str(error) for error in refused.value.errors] == [
        "line 2: project.currency: unknown ISO 4217 currency 'XXY'",
        "line 2: project.ends_on: comes before starts_on",
        "line 2: project.kpis[0]: unknown kpi 'no such kpi'",
        "line 2: project.milestones[0].done_on: a milestone is reached today or earlier",
        "line 2: project.milestones[0].due_on: must be a date (YYYY-MM-DD)",
        "line 2: project.targets[1].baseline: must be between 0 and 999999999999",
        "line 2: project.targets[1].kpi: repeats the KPI of targets[0]",
        "line 2: project.targets[1].sdg_target: unknown SDG target '99.9'",
        "line 3: project.city: the project belongs to another city: a project stays in it",
        "line 4: project.city: unknown organization 'org-atlantis': it is neither in this file "
        "nor on the platform",
        "line 5: project.id: repeats the id of line 1",
    ]
    assert Project.objects.count() == 1
    assert h.export(types=("project",)) == before
    assert project.pk == Project.objects.get().pk


def test_a_city_admin_imports_only_its_own_projects(world):
    _recife_project()
    line = json.loads(h.export(types=("project",)))
    admin = MembershipFactory(organisation=world.org_a, role=MembershipRole.ADMIN).user

    with pytest.raises(ImportInvalid) as refused:
        h.run_import(h.jsonl({**line, "id": "theirs"}), actor=admin)

    assert [str(error) for error in refused.value.errors] == [
        "line 1: project.city: 'org-recife' is not an organization you administer"
    ]
    assert Project.objects.count() == 1


def test_the_project_type_is_registered_and_its_lines_follow_the_schema():
    _recife_project()
    line = json.loads(h.export(types=("project",)))

    assert contributed("project").schema == line_schema()
    assert all_types()[-2:] == ("assessment", "project")
    assert line_check("project", line, vocabulary=Vocabulary()) == {}
