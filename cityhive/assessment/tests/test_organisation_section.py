"""The organisation page links to a city's assessment (a section the assessment contributes)."""

import pytest

from cityhive.accounts.tests.sessions import sign_in
from cityhive.assessment.tests.factories import AssessmentFactory

pytestmark = pytest.mark.django_db


def page(client, organisation) -> str:
    response = client.get(f"/organisations/{organisation.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_shared_assessment_is_linked_for_everyone(client, world):
    AssessmentFactory(city=world.org_a, year=2024, status="submitted", visibility="public")
    AssessmentFactory(city=world.org_a, year=2025)  # a draft: the city's own
    html = page(client, world.org_a)
    assert f'href="/organisations/{world.org_a.slug}/assessment/?year=2024"' in html
    assert "City of Alpha's assessment 2024: bands, climate risks and emissions" in html
    assert "?year=2025" not in html
    assert "Enter the assessment" not in html


def test_the_citys_members_see_their_draft_and_the_way_to_enter_values(client, world):
    AssessmentFactory(city=world.org_a, year=2025)
    sign_in(client, world.member_a)
    html = page(client, world.org_a)
    assert f'href="/organisations/{world.org_a.slug}/assessment/?year=2025"' in html
    assert f'href="/organisations/{world.org_a.slug}/assessment/edit/"' in html


def test_a_city_with_nothing_shared_shows_no_section_to_strangers(client, world):
    AssessmentFactory(city=world.org_a, year=2025)
    sign_in(client, world.member_b)
    assert "U4SSC self-assessment" not in page(client, world.org_a)


def test_a_company_has_no_assessment_section(client, world):
    sign_in(client, world.admin_b)
    assert "U4SSC self-assessment" not in page(client, world.org_b)
