"""The partnership API: the same rules as the pages, answered as JSON and problem documents."""

import datetime

import pytest
from django.utils import timezone

from cityhive.partnership.models import Application, ApplicationStatus, Partnership, Tier
from cityhive.partnership.tests.factories import (
    REFERENCES,
    ApplicationFactory,
    PartnershipFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def test_tiers_are_public_and_only_managers_define_them(api, world):
    TierFactory(name="Partner", annual_fee=5000, unlocks=["partners_content"])
    listed = api("GET", "/api/v1/partnership/tiers").json()
    assert [(t["name"], t["annual_fee"], t["unlocks"]) for t in listed] == [
        ("Partner", "5000.00", ["partners_content"])
    ]
    body = {"name": "Premium", "annual_fee": "9000", "unlocks": ["expert_groups"]}
    refused = api("POST", "/api/v1/partnership/tiers", user=world.admin_b, json=body)
    assert refused.status_code == 403
    assert Tier.objects.count() == 1
    made = api("POST", "/api/v1/partnership/tiers", user=world.manager, json=body)
    assert made.status_code == 201
    assert made.json()["unlocks"] == ["expert_groups"]


def test_an_admin_applies_submits_and_a_manager_asks_for_changes_then_approves(api, world):
    tier = TierFactory(name="Partner")
    body = {
        "organisation": world.org_b.slug,
        "tier": tier.pk,
        "references": REFERENCES,
        "sdgs": [11, 13],
        "accept_conduct": True,
    }
    created = api("POST", "/api/v1/partnership/applications", user=world.admin_b, json=body)
    assert created.status_code == 201, created.content
    application = created.json()
    assert (application["status"], application["kind"], application["conduct"]["version"]) == (
        "draft",
        "new",
        "2026.1",
    )
    path = f"/api/v1/partnership/applications/{application['id']}"

    submitted = api("POST", f"{path}/submit", user=world.admin_b)
    assert submitted.json()["status"] == "submitted"
    changes = {"decision": "changes", "reason": "Name a city."}
    asked = api("POST", f"{path}/decision", user=world.manager, json=changes).json()
    assert (asked["status"], asked["decision_reason"]) == ("changes_requested", "Name a city.")

    api("PATCH", path, user=world.admin_b, json={"motivation": "Recife."})
    api("POST", f"{path}/submit", user=world.admin_b)
    approved = api("POST", f"{path}/decision", user=world.manager, json={"decision": "approve"})
    assert approved.json()["status"] == "approved"
    assert approved.json()["partnership"]["tier"] == "Partner"
    partners = api("GET", "/api/v1/partnership/partners").json()
    assert [(p["organisation"]["slug"], p["tier"]) for p in partners["results"]] == [
        (world.org_b.slug, "Partner")
    ]


def test_a_city_cannot_apply(api, world):
    body = {"organisation": world.org_a.slug, "tier": TierFactory().pk}
    refused = api("POST", "/api/v1/partnership/applications", user=world.admin_a, json=body)
    assert refused.status_code == 422
    assert refused.json()["errors"] == {
        "organisation": ["Only companies apply to the partnership programme."]
    }
    assert Application.objects.count() == 0


def test_an_incomplete_submission_is_a_problem_with_field_paths(api, world):
    application = ApplicationFactory(organisation=world.org_b, references=[], sdgs=[])
    response = api(
        "POST", f"/api/v1/partnership/applications/{application.pk}/submit", user=world.admin_b
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == {
        "references": ["give at least 2 references"],
        "sdgs": ["commit to at least one SDG"],
    }
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_a_decided_application_answers_conflict(api, world):
    application = ApplicationFactory(organisation=world.org_b, status=ApplicationStatus.REJECTED)
    response = api(
        "POST",
        f"/api/v1/partnership/applications/{application.pk}/decision",
        user=world.manager,
        json={"decision": "approve"},
    )
    assert (response.status_code, response.json()["code"]) == (409, "application_not_decidable")
    assert Partnership.objects.count() == 0


def test_members_list_their_organisations_applications_and_managers_the_queue(api, world):
    own = ApplicationFactory(organisation=world.org_b, status=ApplicationStatus.SUBMITTED)
    other = ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(status=ApplicationStatus.DRAFT)
    mine = api("GET", "/api/v1/partnership/applications", user=world.member_b).json()
    assert [a["id"] for a in mine["results"]] == [own.pk]
    queue = api(
        "GET",
        "/api/v1/partnership/applications",
        user=world.manager,
        data={"status": "submitted"},
    ).json()
    assert sorted(a["id"] for a in queue["results"]) == sorted([own.pk, other.pk])
    hidden = api("GET", f"/api/v1/partnership/applications/{other.pk}", user=world.member_b)
    assert (hidden.status_code, hidden.json()["code"]) == (404, "application_not_found")


def test_the_partner_list_filters_by_tier_and_country(api, world):
    tier = TierFactory(name="Premium")
    PartnershipFactory(application__organisation__country="NL", tier=tier)
    PartnershipFactory(application__organisation__country="KE")
    future = PartnershipFactory(application__organisation__country="KE")
    Partnership.objects.filter(pk=future.pk).update(
        starts_on=timezone.localdate() + datetime.timedelta(days=5)
    )
    by_tier = api("GET", "/api/v1/partnership/partners", data={"tier": tier.pk}).json()
    assert [p["organisation"]["country"] for p in by_tier["results"]] == ["NL"]
    by_country = api("GET", "/api/v1/partnership/partners", data={"country": "KE"}).json()
    assert by_country["count"] == 1
