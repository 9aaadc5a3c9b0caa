"""The OCDS export of a project validates, carries one release per stage reached, and leaves the
confidential parts out."""

import datetime

import pytest
from django.utils import timezone

from cityhive.projects import ocds
from cityhive.projects.models import MemberStatus, ProjectStage, SourceStatus
from cityhive.projects.ocds_schema import package_errors, package_validator
from cityhive.projects.tests.factories import (
    ConsortiumMemberFactory,
    FinancierFactory,
    FinancingSourceFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

URI = "https://example.org/projects/1/ocds.json"


def _errors(package: dict) -> list[str]:
    return package_errors(package)


def test_a_project_being_identified_has_one_planning_release():
    project = ProjectFactory(objectives="Stay dry.")
    package = ocds.release_package(project, uri=URI)

    assert _errors(package) == []
    assert [r["tag"] for r in package["releases"]] == [["planning"]]
    planning = package["releases"][0]["planning"]
    assert planning["budget"]["amount"] == {"amount": 1000000.0, "currency": "EUR"}
    assert planning["rationale"] == "Stay dry."


def test_a_closed_ppp_in_its_contract_has_every_stage_and_its_funders():
    project = ProjectFactory(stage=ProjectStage.CONTRACT, financial_close_at=timezone.now())
    company = ConsortiumMemberFactory(project=project, status=MemberStatus.ACTIVE).organisation
    bank = FinancierFactory(name="Green Bank")
    FinancingSourceFactory(
        project=project,
        financier=bank,
        instrument="ppp_availability",
        ppp_model="dbfo",
        status=SourceStatus.CLOSED,
    )
    project.milestones.create(title="Barrier built", due_on=timezone.localdate())

    package = ocds.release_package(project, uri=URI)

    assert _errors(package) == []
    assert [r["tag"] for r in package["releases"]] == [
        ["planning"],
        ["tender"],
        ["award"],
        ["contract"],
    ]
    award = package["releases"][2]
    assert award["awards"][0]["suppliers"] == [
        {"id": f"cityhive-org-{company.pk}", "name": company.name}
    ]
    roles = {p["name"]: p["roles"] for p in award["parties"]}
    assert roles["Green Bank"] == ["funder"]
    tender = package["releases"][1]["tender"]
    assert tender["procurementMethodDetails"] == "Design-build-finance-operate (DBFO)"
    contract = package["releases"][3]["contracts"][0]
    assert [m["title"] for m in contract["implementation"]["milestones"]] == ["Barrier built"]


def test_an_unclosed_plan_names_no_funder():
    project = ProjectFactory(stage=ProjectStage.TRANSACTION)
    FinancingSourceFactory(project=project, financier=FinancierFactory(name="Quiet Bank"))

    package = ocds.release_package(project, uri=URI)

    names = {p["name"] for r in package["releases"] for p in r["parties"]}
    assert "Quiet Bank" not in names


def test_a_broken_package_is_caught_by_the_schema():
    package = ocds.release_package(ProjectFactory(), uri=URI)
    package["releases"][0]["tag"] = ["finished"]
    del package["releases"][0]["ocid"]
    assert len(_errors(package)) == 2


def test_the_export_is_checked_against_the_official_schema():
    validator = package_validator()
    release_id = "https://standard.open-contracting.org/schema/1__1__5/release-schema.json"

    assert validator.schema["id"].endswith("/1__1__5/release-package-schema.json")
    assert validator.schema["properties"]["releases"]["items"] == {"$ref": release_id}
    package = ocds.release_package(ProjectFactory(), uri=URI)
    package["releases"][0]["parties"][0]["roles"] = "buyer"  # a list in the release schema
    assert package_errors(package) == ["'buyer' is not of type 'array', 'null'"]


def test_a_reached_milestone_says_when_and_with_what_evidence():
    project = ProjectFactory()
    project.milestones.create(
        title="Design",
        due_on=datetime.date(2026, 3, 1),
        done_on=datetime.date(2026, 3, 4),
        evidence="Signed design report.",
    )

    package = ocds.release_package(project, uri=URI)

    assert _errors(package) == []
    milestone = package["releases"][0]["planning"]["milestones"][0]
    assert {k: milestone[k] for k in ("status", "dateMet", "description")} == {
        "status": "met",
        "dateMet": "2026-03-04T00:00:00Z",
        "description": "Signed design report.",
    }
