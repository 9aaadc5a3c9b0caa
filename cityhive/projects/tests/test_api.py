"""The API runs the same services: the stage cannot be edited directly, a plan that does not add
up answers 400 with the sums, and a financier's interest needs a verified financier."""

import pytest

from cityhive.directory.tests.factories import MembershipFactory
from cityhive.projects.models import GateApproval
from cityhive.projects.tests.factories import FinancierFactory, OpportunityFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def test_patching_the_stage_changes_nothing_but_the_fields(api, world):
    project = ProjectFactory(city=world.org_a)

    response = api(
        "PATCH",
        f"/api/v1/projects/{project.pk}",
        user=world.admin_a,
        json={"stage": "contract", "location": "Riverside"},
    )

    assert response.status_code == 200
    assert (response.json()["stage"], response.json()["location"]) == ("identify", "Riverside")
    project.refresh_from_db()
    assert project.stage == "identify"
    assert GateApproval.objects.count() == 0


def test_advancing_without_the_checklist_is_refused(api, world):
    project = ProjectFactory(city=world.org_a)

    response = api(
        "POST",
        f"/api/v1/projects/{project.pk}/advance",
        user=world.admin_a,
        json={"from_stage": "identify", "checklist": {"need": "Flood data."}},
    )

    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == ["checklist.sponsor"]
    project.refresh_from_db()
    assert project.stage == "identify"


def test_a_plan_that_does_not_add_up_answers_with_the_sums(api, world):
    project = ProjectFactory(city=world.org_a)

    response = api(
        "PUT",
        f"/api/v1/projects/{project.pk}/plan",
        user=world.member_a,
        json={
            "sources": [
                {"label": "City", "instrument": "city_budget", "amount": "10", "currency": "EUR"}
            ]
        },
    )

    assert response.status_code == 422
    assert response.json()["errors"] == {
        "sources": ["The plan adds up to 10.00 EUR but the project costs 1000000.00 EUR."]
    }
    assert project.sources.count() == 0


def test_a_verified_financier_tells_the_city_through_the_api(api, world):
    opportunity = OpportunityFactory(project=ProjectFactory(city=world.org_a))
    financier = FinancierFactory()
    user = MembershipFactory(organisation=financier).user

    response = api(
        "POST", f"/api/v1/opportunities/{opportunity.pk}/interest", user=user, json={"note": "Yes"}
    )

    assert response.status_code == 201
    assert response.json()["financier"] == financier.slug


def test_the_city_admin_confirms_the_value_after_and_a_member_cannot(api, world):
    from decimal import Decimal

    from cityhive.projects.models import ProjectTarget

    project = ProjectFactory(city=world.org_a)
    target = ProjectTarget.objects.create(
        project=project,
        kpi="EN-WS-1",
        sdg_target="6.4",
        baseline=Decimal("40"),
        target=Decimal("20"),
    )
    url = f"/api/v1/project-targets/{target.pk}/confirm"

    denied = api("POST", url, user=world.member_a, json={"after": "25"})
    target.refresh_from_db()
    assert (denied.status_code, target.after) == (403, None)

    allowed = api("POST", url, user=world.admin_a, json={"after": "25"})
    target.refresh_from_db()
    assert (allowed.status_code, target.after, target.confirmed_by) == (
        200,
        Decimal("25.0000"),
        world.admin_a,
    )
