"""Implementation progress: a project's edit with its version, milestones reached with evidence,
KPI targets with values after recorded by the city's members and confirmed by its admins."""

import datetime
from decimal import Decimal

import factory
import pytest
from django.utils import timezone

from cityhive.accounts.tests.sessions import sign_in
from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.projects import progress, services
from cityhive.projects.errors import ProjectErrorCode
from cityhive.projects.forms import AfterForm
from cityhive.projects.impact import sdg_contribution
from cityhive.projects.models import Milestone, Project, ProjectTarget
from cityhive.projects.tests.factories import (
    MilestoneFactory,
    ProjectFactory,
    ProjectTargetFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)
EARLIER = datetime.date(2025, 11, 2)  # a past day, whatever the day the tests run
KPIS = ["EC: I: WS: 3C", "EN: EN: AQ: 1C", "SC: H: HO: 1C"]


# --- the project's fields, with optimistic locking ----------------------------------------------


def test_an_edit_from_an_old_version_is_refused_and_changes_nothing(world):
    project = ProjectFactory(city=world.org_a, title="Flood barrier")
    services.project_update(
        actor=world.member_a, project=project, fields={"title": "Barrier"}, version=1
    )

    with pytest.raises(Conflict) as refused:
        services.project_update(
            actor=world.admin_a, project=project, fields={"title": "Dyke"}, version=1
        )

    assert refused.value.code == ProjectErrorCode.STALE_VERSION
    assert Project.objects.values_list("title", "version").get() == ("Barrier", 2)


def test_the_edit_page_saves_the_fields_the_api_changes(client, world):
    project = ProjectFactory(city=world.org_a, stage="identify", path="ppp")
    sign_in(client, world.member_a)
    url = f"/projects/{project.pk}/edit/"

    page = client.get(url)
    response = client.post(url, _edit_form(project.version, title="Riverside barrier"))

    assert page.status_code == 200
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.title, project.capital_cost, project.currency, project.version) == (
        "Riverside barrier",
        Decimal("2000000.00"),
        "USD",
        2,
    )
    assert (project.stage, project.path, project.kpis) == ("identify", "ppp", [])


def test_a_stale_edit_keeps_what_was_typed_and_takes_the_new_version(client, world):
    project = ProjectFactory(city=world.org_a, title="Flood barrier")
    services.project_update(actor=world.admin_a, project=project, fields={"scope": "Dyke."})
    sign_in(client, world.member_a)

    response = client.post(f"/projects/{project.pk}/edit/", _edit_form(1, title="Mine"))

    text = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this project" in text
    assert 'value="Mine"' in text and 'name="version" value="2"' in text
    assert Project.objects.get().title == "Flood barrier"


def test_a_company_member_cannot_open_the_edit_page(client, world):
    project = ProjectFactory(city=world.org_a, visibility="public", title="Flood barrier")
    sign_in(client, world.member_b)

    response = client.post(f"/projects/{project.pk}/edit/", _edit_form(1, title="Taken"))

    assert response.status_code == 403
    assert Project.objects.get().title == "Flood barrier"


def _edit_form(version: int, **fields) -> dict:
    return {
        "version": version,
        "title": "Barrier",
        "objectives": "Keep the river out.",
        "scope": "",
        "location": "Riverside",
        "visibility": "consortium",
        "capital_cost": "2000000",
        "operating_cost": "0",
        "currency": "usd",
        "starts_on": "",
        "ends_on": "",
        **fields,
    }


# --- milestones ---------------------------------------------------------------------------------


def test_a_city_member_adds_reschedules_reaches_and_removes_milestones(world):
    project = ProjectFactory(city=world.org_a)
    first = progress.milestone_add(
        actor=world.member_a, project=project, title=" Design ", due_on=TODAY
    )
    second = progress.milestone_add(
        actor=world.member_a, project=project, title="Build", due_on=TODAY
    )

    progress.milestone_update(
        actor=world.member_a, milestone=first, title="Design signed", due_on=TODAY
    )
    progress.milestone_reach(
        actor=world.member_a,
        milestone=first,
        done_on=EARLIER,
        evidence=" Signed report no. 4. ",
    )
    progress.milestone_remove(actor=world.member_a, milestone=second)

    assert list(Milestone.objects.values_list("title", "done_on", "evidence")) == [
        ("Design signed", EARLIER, "Signed report no. 4.")
    ]


def test_a_milestone_is_not_reached_in_the_future(world):
    milestone = MilestoneFactory(project=ProjectFactory(city=world.org_a))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    with pytest.raises(ValidationFailed) as refused:
        progress.milestone_reach(actor=world.member_a, milestone=milestone, done_on=tomorrow)

    assert refused.value.field_errors == {"done_on": ["A milestone is reached today or earlier."]}
    milestone.refresh_from_db()
    assert milestone.done_on is None


def test_a_consortium_company_cannot_change_the_timeline(world):
    milestone = MilestoneFactory(project=ProjectFactory(city=world.org_a), title="Design")

    with pytest.raises(Forbidden):
        progress.milestone_update(
            actor=world.admin_b, milestone=milestone, title="Mine", due_on=TODAY
        )
    with pytest.raises(Forbidden):
        progress.milestone_remove(actor=world.admin_b, milestone=milestone)

    assert Milestone.objects.values_list("title", flat=True).get() == "Design"


def test_the_progress_page_marks_a_milestone_reached(client, world):
    milestone = MilestoneFactory(project=ProjectFactory(city=world.org_a))
    sign_in(client, world.member_a)

    response = client.post(
        f"/projects/milestones/{milestone.pk}/reached/",
        {"done_on": EARLIER.isoformat(), "evidence": "Inspection report"},
    )
    refused = client.post(f"/projects/milestones/{milestone.pk}/reached/", {"done_on": ""})

    assert response.status_code == 302
    assert refused.status_code == 400
    milestone.refresh_from_db()
    assert (milestone.done_on, milestone.evidence) == (EARLIER, "Inspection report")


# --- KPI targets and values after ---------------------------------------------------------------


def test_a_member_records_the_value_after_and_an_admin_confirms_it(world):
    target = ProjectTargetFactory(project=ProjectFactory(city=world.org_a))

    progress.target_after_record(actor=world.member_a, target=target, after="55.5")
    recorded = ProjectTarget.objects.get()
    progress.target_confirm(actor=world.admin_a, target=target)

    assert (recorded.after, recorded.recorded_by, recorded.confirmed_at) == (
        Decimal("55.5000"),
        world.member_a,
        None,
    )
    target.refresh_from_db()
    assert (target.after, target.confirmed_by) == (Decimal("55.5000"), world.admin_a)


def test_a_member_cannot_confirm_and_nothing_unrecorded_is_confirmed(world):
    target = ProjectTargetFactory(project=ProjectFactory(city=world.org_a))

    with pytest.raises(Forbidden):
        progress.target_confirm(actor=world.member_a, target=target, after="70")
    with pytest.raises(Conflict) as unrecorded:
        progress.target_confirm(actor=world.admin_a, target=target)

    assert unrecorded.value.code == ProjectErrorCode.NOT_RECORDED
    target.refresh_from_db()
    assert (target.after, target.confirmed_at) == (None, None)


def test_a_changed_value_after_needs_a_new_confirmation(world):
    project = ProjectFactory(city=world.org_a, sdg_targets=["6.4"])
    target = ProjectTargetFactory(project=project, sdg_target="6.4")
    progress.target_confirm(actor=world.admin_a, target=target, after="50")

    progress.target_after_record(actor=world.member_a, target=target, after="52")

    target.refresh_from_db()
    assert (target.after, target.confirmed_at) == (Decimal("52.0000"), None)
    report = sdg_contribution(actor=world.admin_a, organisation=world.org_a)
    assert [change for row in report for change in row.kpi_changes] == []


def test_targets_are_added_changed_and_removed_with_their_numbers_checked(world):
    project = ProjectFactory(city=world.org_a)
    target = progress.target_set(
        actor=world.member_a, project=project, kpi="EC: I: WS: 3C", baseline="40", target="60"
    )

    progress.target_update(
        actor=world.member_a, target=target, baseline="42", target_value="65", sdg_target="6.4"
    )
    with pytest.raises(ValidationFailed) as refused:
        progress.target_update(actor=world.member_a, target=target, baseline="-1", target_value="x")

    assert refused.value.field_errors == {
        "baseline": ["Enter an amount of zero or more."],
        "target": ["Enter a number."],
    }
    assert ProjectTarget.objects.values_list("sdg_target", "baseline", "target").get() == (
        "6.4",
        Decimal("42.0000"),
        Decimal("65.0000"),
    )
    progress.target_remove(actor=world.member_a, target=target)
    assert ProjectTarget.objects.count() == 0


def test_the_progress_page_lists_and_confirms(client, world, django_assert_max_num_queries):
    project = ProjectFactory(city=world.org_a)
    MilestoneFactory.create_batch(3, project=project)
    targets = ProjectTargetFactory.create_batch(
        3, project=project, kpi=factory.Iterator(KPIS), after=Decimal("50")
    )
    sign_in(client, world.admin_a)

    with django_assert_max_num_queries(16):
        page = client.get(f"/projects/{project.pk}/progress/")
    confirmed = client.post(f"/projects/targets/{targets[0].pk}/confirm/")

    assert page.status_code == 200
    assert page.content.decode().count("Confirm the value after") == 3
    assert confirmed.status_code == 302
    assert ProjectTarget.objects.filter(confirmed_by=world.admin_a).count() == 1


def test_the_api_refuses_a_stale_patch_and_records_then_confirms_a_value(api, world):
    project = ProjectFactory(city=world.org_a, title="Flood barrier")
    target = ProjectTargetFactory(project=project)
    url = f"/api/v1/projects/{project.pk}"

    saved = api("PATCH", url, user=world.member_a, json={"title": "Barrier", "version": 1})
    stale = api("PATCH", url, user=world.member_a, json={"title": "Dyke", "version": 1})
    recorded = api(
        "POST",
        f"/api/v1/project-targets/{target.pk}/after",
        user=world.member_a,
        json={"after": 48},
    )
    confirmed = api(
        "POST", f"/api/v1/project-targets/{target.pk}/confirm", user=world.admin_a, json={}
    )

    assert (saved.status_code, saved.json()["version"]) == (200, 2)
    assert (stale.status_code, stale.json()["code"]) == (409, "stale_version")
    assert (recorded.json()["after"], recorded.json()["confirmed_at"]) == ("48", None)
    assert confirmed.status_code == 200 and confirmed.json()["confirmed_at"] is not None
    assert Project.objects.get().title == "Barrier"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [("52.0000", "52"), ("52.5000", "52.5"), ("100.0000", "100"), ("0.0001", "0.0001")],
)
def test_a_kpi_value_is_shown_in_its_field_as_people_write_it(stored, shown):
    html = str(AfterForm(initial={"after": Decimal(stored)})["after"])
    assert f'value="{shown}"' in html
