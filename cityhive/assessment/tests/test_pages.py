"""The assessment pages: values form, CSV import and export, submission, needs review, gaps."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cityhive.accounts.tests.sessions import sign_in
from cityhive.assessment import services
from cityhive.assessment.models import (
    Assessment,
    DerivedNeed,
    KpiEvidence,
    KpiTarget,
    KpiValue,
)
from cityhive.assessment.tests.factories import AssessmentFactory
from cityhive.challenges.models import Challenge, NeedItem
from cityhive.taxonomy.models import Kpi

pytestmark = pytest.mark.django_db

WATER_LOSS = "EC: I: WS: 3C"
LIFE = "SC: EH: H: 1C"


@pytest.fixture
def draft(world):
    return services.assessment_open(actor=world.member_a, city=world.org_a, year=2025)


def _kpi(code: str) -> Kpi:
    return Kpi.objects.get(code=code)


def test_the_values_form_saves_changes_and_removes_emptied_values(client, world, draft):
    sign_in(client, world.member_a)
    services.kpi_values_set(
        actor=world.member_a, assessment=draft, values=[{"kpi": LIFE, "value": 70}]
    )
    url = f"/organisations/{world.org_a.slug}/assessment/edit/?year=2025"
    response = client.post(
        url,
        {
            "year": "2025",
            f"value-{_kpi(WATER_LOSS).pk}": "38,5",
            f"source-{_kpi(WATER_LOSS).pk}": "Utility",
            f"quality-{_kpi(WATER_LOSS).pk}": "4",
        },
    )
    assert response.status_code == 302
    stored = list(draft.values.values_list("kpi__code", "value", "data_source", "data_quality"))
    assert stored == [(WATER_LOSS, 38.5, "Utility", 4)]
    assert draft.changes.count() == 3  # LIFE entered, WATER_LOSS entered, LIFE removed


def test_a_bad_value_in_the_form_writes_nothing(client, world, draft):
    sign_in(client, world.member_a)
    url = f"/organisations/{world.org_a.slug}/assessment/edit/?year=2025"
    response = client.post(
        url,
        {f"value-{_kpi(WATER_LOSS).pk}": "140", f"value-{_kpi(LIFE).pk}": "70", "year": "2025"},
    )
    assert response.status_code == 400
    assert "value: must be between 0 and 100" in response.content.decode()
    assert KpiValue.objects.count() == 0


def test_an_import_with_errors_is_reported_by_line_and_column(client, world):
    sign_in(client, world.member_a)
    text = f"kpi_code,value\n{LIFE},70\n{WATER_LOSS},lots\n"
    response = client.post(
        f"/organisations/{world.org_a.slug}/assessment/import/",
        {
            "what": "values",
            "year": "2025",
            "file": SimpleUploadedFile("v.csv", text.encode(), content_type="text/csv"),
        },
    )
    assert response.status_code == 400
    assert "line 3, column value: must be a number" in response.content.decode()
    assert Assessment.objects.count() == 0


def test_the_export_is_a_template_with_every_kpi(client, world, draft):
    sign_in(client, world.member_a)
    services.kpi_values_set(
        actor=world.member_a, assessment=draft, values=[{"kpi": LIFE, "value": 70}]
    )
    response = client.get(f"/organisations/{world.org_a.slug}/assessment/export/?year=2025")
    lines = response.content.decode().splitlines()
    assert response["Content-Disposition"] == (
        f'attachment; filename="{world.org_a.slug}-assessment-2025.csv"'
    )
    assert lines[0] == (
        "kpi_code,value,unit,data_source,data_quality,notes,dimension,sub_dimension,kind,definition"
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 1 + Kpi.objects.count()
    life = next(row for row in rows if row[0] == LIFE)
    assert life[:8] == [
        LIFE,
        "70",
        "years",
        "",
        "",
        "",
        "Society and Culture",
        "Education, Health and Culture",
    ]


def test_an_admin_submits_and_chooses_who_sees_it(client, world, draft):
    sign_in(client, world.admin_a)
    client.post(
        f"/organisations/{world.org_a.slug}/assessment/submit/",
        {"year": "2025", "visibility": "public"},
    )
    draft.refresh_from_db()
    assert (draft.status, draft.visibility, draft.submitted_by) == (
        "submitted",
        "public",
        world.admin_a,
    )


def test_visitors_see_only_a_shared_assessment(client, world):
    AssessmentFactory(city=world.org_a, year=2024, status="submitted", visibility="public")
    AssessmentFactory(city=world.org_a, year=2025)
    page = client.get(f"/organisations/{world.org_a.slug}/assessment/").content.decode()
    assert "Bands in 2024" in page
    assert "2025" not in page
    hidden = client.get(f"/organisations/{world.org_a.slug}/assessment/?year=2025")
    assert hidden.status_code == 404


def test_the_needs_review_is_saved_and_applied(client, world, draft):
    services.climate_risks_replace(
        actor=world.member_a,
        assessment=draft,
        risks=[{"hazard": "floods", "key_impact": "Roads cut", "risk": 0.7}],
    )
    derived = DerivedNeed.objects.get(city=world.org_a)
    sign_in(client, world.admin_a)
    url = f"/organisations/{world.org_a.slug}/assessment/needs/"
    client.post(url, {f"weight-{derived.pk}": "0.5", "action": "apply"})
    assert list(NeedItem.objects.values_list("facet", "value", "weight", "source")) == [
        ("hazard", "floods", 0.5, "climate_risk")
    ]


def test_a_gap_is_drafted_and_published_from_the_gaps_page(client, world, draft):
    KpiTarget.objects.create(kpi=_kpi(WATER_LOSS), target=10)
    services.kpi_values_set(
        actor=world.member_a, assessment=draft, values=[{"kpi": WATER_LOSS, "value": 40}]
    )
    sign_in(client, world.member_a)
    url = f"/organisations/{world.org_a.slug}/assessment/gaps/?year=2025"
    assert "Draft a challenge for this gap" in client.get(url).content.decode()
    client.post(url, {"year": "2025", "kind": "kpi", "code": WATER_LOSS})
    challenge = Challenge.objects.get()
    assert challenge.status == "draft"
    client.post(url, {"year": "2025", "action": "publish", "challenge": str(challenge.pk)})
    challenge.refresh_from_db()
    assert challenge.status == "open"


def test_a_submitted_assessment_shows_its_values_read_only(client, world):
    AssessmentFactory(city=world.org_a, year=2024, status="submitted")
    sign_in(client, world.member_a)
    page = client.get(f"/organisations/{world.org_a.slug}/assessment/edit/?year=2024")
    assert "can no longer be changed" in page.content.decode()
    assert Assessment.objects.get().status == "submitted"


def test_evidence_is_checked_by_content_and_served_to_the_city_only(client, world, draft):
    services.kpi_values_set(
        actor=world.member_a, assessment=draft, values=[{"kpi": LIFE, "value": 70}]
    )
    sign_in(client, world.member_a)
    url = f"/organisations/{world.org_a.slug}/assessment/evidence/"
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", content_type="application/pdf")
    client.post(url, {"year": "2025", "kpi": str(_kpi(LIFE).pk), "file": fake})
    assert KpiEvidence.objects.count() == 0
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 a report", content_type="application/pdf")
    client.post(url, {"year": "2025", "kpi": str(_kpi(LIFE).pk), "title": "Census", "file": pdf})
    evidence = KpiEvidence.objects.get()
    assert (evidence.title, evidence.content_type, evidence.size) == (
        "Census",
        "application/pdf",
        17,
    )
    file_url = f"/organisations/{world.org_a.slug}/assessment/evidence/file/?id={evidence.pk}"
    response = client.get(file_url)
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 a report"
    sign_in(client, world.member_b)
    assert client.get(file_url).status_code == 403


def test_an_organisation_that_is_not_a_city_has_no_assessment_page(client, world):
    assert client.get(f"/organisations/{world.org_b.slug}/assessment/").status_code == 404
