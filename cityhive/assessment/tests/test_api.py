"""The assessment API: values with scores, problem documents with field paths, targets, derived
needs, and who sees what."""

import pytest

from cityhive.assessment.models import Assessment, KpiTarget
from cityhive.assessment.tests.factories import AssessmentFactory
from cityhive.challenges.models import NeedItem

pytestmark = pytest.mark.django_db

WATER_LOSS = "EC: I: WS: 3C"


def test_a_member_enters_values_and_gets_the_scores(api, world, settings):
    KpiTarget.objects.create(kpi_id=_kpi_id(WATER_LOSS), target=10)
    response = api(
        "PUT",
        f"/api/v1/assessments/{world.org_a.slug}/values",
        user=world.member_a,
        json={"year": 2025, "values": [{"kpi": WATER_LOSS, "value": 20, "unit": "%"}]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["year"], body["status"], body["visibility"]) == (2025, "draft", "private")
    assert body["kpis"] == [
        {
            "kpi": WATER_LOSS,
            "value": 20.0,
            "unit": "%",
            "target": 10.0,
            "less_is_better": True,
            "achievement": 50.0,
            "band": 2,
        }
    ]
    assert body["dimensions"][0]["name"] == "Economy"
    assert body["dimensions"][0]["band"] == 2
    water = next(c for c in body["categories"] if c["name"] == "Water and Sanitation")
    assert (water["achievement"], water["band"], water["core_entered"]) == (50.0, 2, 1)


def test_a_bad_row_is_a_problem_document_and_nothing_is_written(api, world):
    response = api(
        "PUT",
        f"/api/v1/assessments/{world.org_a.slug}/values",
        user=world.member_a,
        json={"year": 2025, "values": [{"kpi": WATER_LOSS, "value": "a lot"}]},
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {"values[0].value": ["must be a number"]}
    assert Assessment.objects.count() == 0


def test_another_organisation_cannot_enter_values(api, world):
    response = api(
        "PUT",
        f"/api/v1/assessments/{world.org_a.slug}/values",
        user=world.member_b,
        json={"year": 2025, "values": [{"kpi": WATER_LOSS, "value": 20}]},
    )
    assert response.status_code == 403
    assert Assessment.objects.count() == 0


def test_the_list_shows_only_what_the_visitor_may_see(api, world):
    AssessmentFactory(city=world.org_a, year=2023, status="submitted", visibility="public")
    AssessmentFactory(city=world.org_a, year=2024, status="submitted", visibility="private")
    AssessmentFactory(city=world.org_a, year=2025)
    url = f"/api/v1/assessments/{world.org_a.slug}"
    assert [a["year"] for a in api("GET", url).json()] == [2023]
    assert [a["year"] for a in api("GET", url, user=world.member_a).json()] == [2025, 2024, 2023]


def test_risks_emissions_and_derived_needs_applied(api, world):
    slug = world.org_a.slug
    api(
        "PUT",
        f"/api/v1/assessments/{slug}/climate-risks",
        user=world.member_a,
        json={"year": 2025, "risks": [{"hazard": "floods", "key_impact": "Roads", "risk": 0.7}]},
    )
    api(
        "PUT",
        f"/api/v1/assessments/{slug}/emissions",
        user=world.member_a,
        json={"year": 2025, "emissions": [{"sector": "waste", "tonnes_co2e": 10}]},
    )
    derived = api("GET", f"/api/v1/assessments/{slug}/derived-needs", user=world.member_a)
    assert [(d["facet"], d["value"], d["weight"]) for d in derived.json()] == [
        ("emission_sector", "waste", 1.0),
        ("hazard", "floods", 0.7),
    ]
    denied = api("POST", f"/api/v1/assessments/{slug}/derived-needs/apply", user=world.member_a)
    assert denied.status_code == 403
    assert NeedItem.objects.count() == 0
    applied = api("POST", f"/api/v1/assessments/{slug}/derived-needs/apply", user=world.admin_a)
    assert applied.status_code == 200
    assert set(NeedItem.objects.values_list("facet", "value", "source")) == {
        ("emission_sector", "waste", "emissions_inventory"),
        ("hazard", "floods", "climate_risk"),
    }


def test_only_programme_managers_set_targets(api, world):
    payload = {"targets": [{"kpi": WATER_LOSS, "size_class": "large", "target": 12}]}
    denied = api("PUT", "/api/v1/assessments/targets", user=world.admin_a, json=payload)
    assert denied.status_code == 403
    assert KpiTarget.objects.count() == 0
    done = api("PUT", "/api/v1/assessments/targets", user=world.manager, json=payload)
    assert done.json() == [{"kpi": WATER_LOSS, "size_class": "large", "target": 12.0}]
    assert api("GET", "/api/v1/assessments/targets").json() == done.json()
    bad = {"targets": [{"kpi": WATER_LOSS, "size_class": "huge", "target": -1}]}
    refused = api("PUT", "/api/v1/assessments/targets", user=world.manager, json=bad)
    assert refused.json()["errors"] == {
        "targets[0].size_class": ["must be one of: small, medium, large (or empty for every city)"],
        "targets[0].target": ["must be a number of at least 0"],
    }


def _kpi_id(code: str) -> int:
    from cityhive.taxonomy.models import Kpi

    return Kpi.objects.get(code=code).pk


def test_a_city_admin_submits_a_draft_through_the_api(api, world):
    draft = AssessmentFactory(city=world.org_a, year=2025)
    response = api(
        "POST",
        f"/api/v1/assessments/{world.org_a.slug}/submit",
        user=world.admin_a,
        json={"year": 2025, "visibility": "partners"},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["city"], body["year"], body["status"], body["visibility"]) == (
        world.org_a.slug,
        2025,
        "submitted",
        "partners",
    )
    draft.refresh_from_db()
    assert (draft.status, draft.visibility, draft.submitted_by) == (
        "submitted",
        "partners",
        world.admin_a,
    )


@pytest.mark.parametrize(
    ("actor", "status"), [("member_a", 403), ("admin_b", 404), ("outsider", 404)]
)
def test_only_the_citys_admins_submit_and_nothing_changes_otherwise(api, world, actor, status):
    draft = AssessmentFactory(city=world.org_a, year=2025)
    response = api(
        "POST",
        f"/api/v1/assessments/{world.org_a.slug}/submit",
        user=getattr(world, actor),
        json={"year": 2025, "visibility": "public"},
    )
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    draft.refresh_from_db()
    assert (draft.status, draft.visibility, draft.submitted_at) == ("draft", "private", None)


def test_a_submission_with_a_bad_visibility_or_twice_is_refused(api, world):
    AssessmentFactory(city=world.org_a, year=2025)
    url = f"/api/v1/assessments/{world.org_a.slug}/submit"
    bad = api("POST", url, user=world.admin_a, json={"year": 2025, "visibility": "everyone"})
    assert bad.status_code == 422
    assert Assessment.objects.get(city=world.org_a).status == "draft"
    first = api("POST", url, user=world.admin_a, json={"year": 2025, "visibility": "public"})
    again = api("POST", url, user=world.admin_a, json={"year": 2025, "visibility": "private"})
    assert (first.status_code, again.status_code) == (200, 409)
    assert again.json()["code"] == "assessment_submitted"
    assert Assessment.objects.get(city=world.org_a).visibility == "public"
