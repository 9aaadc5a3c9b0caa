"""A city official keeps a project up to date in a real browser: edits its fields, adds a
milestone and marks it reached with evidence, sets a KPI target, records the value after and
confirms it, and shares a confidential document with the consortium."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.projects.models import Milestone, Project, ProjectDocument, ProjectTarget
from cityhive.projects.tests.factories import ProjectFactory
from cityhive.taxonomy.services import reference_data_load
from tests.e2e import test_events_journeys
from tests.e2e.pickers import pick

pytestmark = pytest.mark.django_db(transaction=True)
person = test_events_journeys.person  # a browser signed in as each person of the journey

WATER = "EC: I: WS: 3C"


def test_a_city_official_records_the_progress_of_a_project(person, tmp_path):
    reference_data_load()  # a browser test's database starts empty (the KPIs to choose from)
    city = CityFactory(name="Riverton", slug="riverton")
    official = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    project = ProjectFactory(city=city, title="Riverside floods", capital_cost=Decimal("900000"))
    page = person(official)
    reached = timezone.localdate() - datetime.timedelta(days=3)

    # The project's fields, edited on a page.
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name="Edit the project").click()
    page.get_by_label("Title").fill("Riverside flood barrier")
    page.get_by_label("Estimated capital cost").fill("1200000")
    page.get_by_label("Location").fill("North bank")
    page.get_by_role("button", name="Save the project").click()
    expect(page.get_by_text("Project saved.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riverside flood barrier")

    # A milestone, then reached with its evidence.
    page.get_by_role("link", name="Milestones and KPI targets").click()
    adding = page.get_by_role("group", name="Add a milestone")
    adding.get_by_label("Milestone").fill("Design approved")
    adding.get_by_label("Due on").fill("2027-06-30")
    adding.get_by_role("button", name="Add the milestone").click()
    expect(page.get_by_text("Milestone added.")).to_be_visible()
    card = page.locator("article", has_text="Design approved")
    card.get_by_text("Mark reached").first.click()
    card.get_by_label("Reached on").fill(reached.isoformat())
    card.get_by_label("Evidence").fill("Approval letter of the planning board.")
    card.get_by_role("button", name="Mark reached").click()
    expect(page.get_by_text("Milestone marked reached.")).to_be_visible()

    # A KPI target, its value after recorded, then confirmed.
    target_form = page.get_by_role("group", name="Add a KPI target")
    pick(page, "U4SSC KPI", "WS: 3C", WATER)
    target_form.get_by_label("Baseline").fill("40")
    target_form.get_by_role("spinbutton", name="Target").fill("20")
    target_form.get_by_role("button", name="Add the target").click()
    expect(page.get_by_text("KPI target saved.")).to_be_visible()
    target_card = page.locator("article", has_text=WATER)
    target_card.get_by_label("Value after implementation").fill("25")
    target_card.get_by_role("button", name="Record the value after").click()
    expect(page.get_by_text("waiting for the city's confirmation")).to_be_visible()
    page.get_by_role("button", name="Confirm the value after").click()
    expect(page.get_by_text("Value after confirmed.")).to_be_visible()
    expect(page.get_by_text("confirmed by the city")).to_be_visible()

    # A confidential document for the consortium.
    study = tmp_path / "study.pdf"
    study.write_bytes(b"%PDF-1.4 flood study")
    page.goto(f"/projects/{project.pk}/")
    page.get_by_role("link", name="The consortium's documents").click()
    page.get_by_label("Title").fill("Flood study")
    page.get_by_label("File").set_input_files(str(study))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("link", name="Flood study")).to_be_visible()

    project = Project.objects.get()
    assert (project.title, project.capital_cost, project.location, project.version) == (
        "Riverside flood barrier",
        Decimal("1200000.00"),
        "North bank",
        2,
    )
    assert list(Milestone.objects.values_list("title", "done_on", "evidence")) == [
        ("Design approved", reached, "Approval letter of the planning board.")
    ]
    target = ProjectTarget.objects.get()
    assert (target.kpi, target.baseline, target.target, target.after) == (
        WATER,
        Decimal("40.0000"),
        Decimal("20.0000"),
        Decimal("25.0000"),
    )
    assert (target.recorded_by, target.confirmed_by) == (official, official)
    assert ProjectDocument.objects.values_list("title", "organisation__slug").get() == (
        "Flood study",
        "riverton",
    )
