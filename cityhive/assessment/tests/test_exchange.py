"""Assessment lines through the general exchange import and export (command line and API)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from cityhive.accounts.services import api_token_create
from cityhive.assessment.jsonlines import assessments_export
from cityhive.assessment.models import Assessment, DerivedNeed, KpiValue, KpiValueChange
from cityhive.assessment.tests.factories import AssessmentFactory
from cityhive.directory.models import Organisation
from cityhive.directory.tests.factories import CityFactory, OrganisationFactory
from cityhive.exchange.errors import ImportInvalid
from cityhive.exchange.tests import helpers as h

pytestmark = pytest.mark.django_db

LIFE = "SC: EH: H: 1C"
WATER_LOSS = "EC: I: WS: 3C"
A = "org-city-of-alpha"


def assessment(city: str = "org-recife", year: int = 2025, **fields) -> dict:
    return {"type": "assessment", "city": city, "year": year, **fields}


def errors_of(data: bytes) -> list[str]:
    with pytest.raises(ImportInvalid) as refused:
        h.run_import(data)
    return [str(error) for error in refused.value.errors]


def test_the_general_import_writes_assessment_lines_and_derives_needs():
    recife = CityFactory(slug="recife")
    report = h.run_import(
        h.jsonl(
            assessment(
                status="submitted",
                visibility="public",
                values=[{"kpi": LIFE, "value": 71, "data_quality": 5}],
                climate_risks=[{"hazard": "floods", "key_impact": "Roads cut", "risk": 0.8}],
                emissions=[{"sector": "waste", "tonnes_co2e": 12.5}],
            )
        )
    )
    assert report.as_dict()["counts"]["assessment"] == {"created": 1, "updated": 0, "unchanged": 0}
    stored = Assessment.objects.get(city=recife, year=2025)
    assert (stored.status, stored.visibility) == ("submitted", "public")
    assert stored.submitted_at is not None
    assert list(stored.values.values_list("kpi__code", "value", "unit", "data_quality")) == [
        (LIFE, 71.0, "years", 5)
    ]
    derived = DerivedNeed.objects.filter(city=recife).order_by("facet")
    assert list(derived.values_list("facet", "value", "weight")) == [
        ("emission_sector", "waste", 1.0),
        ("hazard", "floods", 0.8),
    ]


def test_a_bad_assessment_line_refuses_the_whole_file_with_every_error_by_line():
    CityFactory(slug="recife")
    OrganisationFactory(slug="acme")
    data = h.jsonl(
        h.organization("new-company"),
        assessment(values=[{"kpi": "NOPE", "value": 1}]),
        assessment(
            city="org-acme", climate_risks=[{"hazard": "tsunami", "key_impact": "x", "risk": 2}]
        ),
        assessment(year=2025, emissions=[{"sector": "waste", "tonnes_co2e": -1}]),
        assessment(city="nowhere", year=1800),
        assessment(values="many"),
    )
    assert errors_of(data) == [
        "line 2: assessment.values[0].kpi: unknown KPI code 'NOPE'",
        "line 3: assessment.city: must name a city; 'org-acme' is of kind 'company'",
        "line 3: assessment.climate_risks[0].hazard: unknown hazard 'tsunami'",
        "line 3: assessment.climate_risks[0].risk: must be a number from 0 to 1",
        "line 4: assessment.emissions[0].tonnes_co2e: must be a number of at least 0",
        "line 4: assessment.year: repeats the city and year of line 2",
        "line 5: assessment.city: unknown organization 'nowhere': it is neither in this file nor "
        "on the platform",
        "line 5: assessment.year: must be a year between 1990 and 2100",
        "line 6: assessment.values: must be a list",
        "line 6: assessment.year: repeats the city and year of line 2",
    ]
    assert Assessment.objects.count() == 0
    assert not Organisation.objects.filter(external_id="new-company").exists()


def test_reimporting_the_same_lines_changes_nothing_and_keeps_no_new_history():
    CityFactory(slug="recife")
    data = h.jsonl(assessment(values=[{"kpi": LIFE, "value": 70}], note="from the census"))
    h.run_import(data)
    stored = Assessment.objects.get()
    before = (stored.updated_at, KpiValueChange.objects.count(), KpiValue.objects.get().updated_at)
    report = h.run_import(data)
    assert report.as_dict()["counts"]["assessment"] == {"created": 0, "updated": 0, "unchanged": 1}
    stored.refresh_from_db()
    after = (stored.updated_at, KpiValueChange.objects.count(), KpiValue.objects.get().updated_at)
    assert after == before
    changed = h.run_import(h.jsonl(assessment(values=[{"kpi": LIFE, "value": 72}])))
    assert changed.as_dict()["counts"]["assessment"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert KpiValueChange.objects.count() == 2
    assert Assessment.objects.get().extra == {}


def test_a_full_export_imports_into_an_empty_platform_and_exports_the_same_bytes():
    CityFactory(slug="recife", population=1_650_000)
    CityFactory(slug="olinda", external_id="br-olinda")
    h.run_import(
        h.jsonl(
            assessment(
                values=[
                    {"kpi": WATER_LOSS, "value": 40, "unit": "%", "notes": "Utility, 2024"},
                    {"kpi": LIFE, "value": 74.5, "data_source": "Census", "data_quality": 6},
                ],
                climate_risks=[
                    {"hazard": "heatwaves", "key_impact": "Hospital admissions", "risk": 0.4},
                    {"hazard": "floods", "key_impact": "Roads cut", "risk": 0.7},
                ],
                status="submitted",
                visibility="partners",
                programme={"cohort": 3},
            ),
            assessment(year=2024, emissions=[{"sector": "transportation", "tonnes_co2e": 1.5e6}]),
            assessment(city="br-olinda", values=[{"kpi": LIFE, "value": 70}]),
        )
    )
    first = h.export(types=None)
    assert [json.loads(line)["type"] for line in first.splitlines()][-3:] == ["assessment"] * 3
    Assessment.objects.all().delete()
    h.wipe()
    h.run_import(first)
    assert h.export(types=None) == first
    assert Assessment.objects.get(city__slug="recife", year=2025).extra == {
        "programme": {"cohort": 3}
    }


def test_the_general_export_and_the_assessments_own_export_write_the_same_lines():
    CityFactory(slug="recife")
    h.run_import(h.jsonl(assessment(values=[{"kpi": LIFE, "value": 70}])))
    general = [line for line in h.export(types=["assessment"]).decode().splitlines(True)]
    assert general == list(assessments_export(Assessment.objects.all()))


def test_an_admin_imports_their_citys_assessment_through_the_api_but_not_anothers(api, world):
    other = CityFactory(slug="recife")
    lines = [assessment(city=A, values=[{"kpi": LIFE, "value": 70}])]
    response = api("POST", "/api/v1/exchange/import", user=world.admin_a, json={"lines": lines})
    assert response.status_code == 200, response.content
    assert response.json()["counts"]["assessment"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert Assessment.objects.get().city == world.org_a
    refused = api(
        "POST",
        "/api/v1/exchange/import",
        user=world.admin_a,
        json={"lines": [assessment(city="org-recife")]},
    )
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {
            "line": 1,
            "path": "assessment.city",
            "message": "'org-recife' is not an organization you administer",
        }
    ]
    assert not Assessment.objects.filter(city=other).exists()


def test_the_api_export_shows_each_reader_the_assessments_they_may_see(client, world):
    AssessmentFactory(city=world.org_a, year=2024, status="submitted", visibility="public")
    AssessmentFactory(city=world.org_a, year=2025)  # a private draft

    def years(user=None) -> list[int]:
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Bearer {api_token_create(actor=user, name='t').key}"
        response = client.get("/api/v1/exchange/export", {"types": "assessment"}, headers=headers)
        assert response.status_code == 200
        return [
            json.loads(line)["year"] for line in b"".join(response.streaming_content).splitlines()
        ]

    assert years() == [2024]
    assert years(world.member_b) == [2024]
    assert years(world.member_a) == [2024, 2025]
    assert years(world.manager) == [2024, 2025]


def test_the_import_and_export_commands_carry_assessments(tmp_path):
    CityFactory(slug="recife")
    path = tmp_path / "programme.jsonl"
    path.write_bytes(h.jsonl(assessment(values=[{"kpi": LIFE, "value": 70}])))
    out = io.StringIO()
    call_command("import", str(path), "--quiet", stdout=out)
    assert "assessment: 1 created, 0 updated, 0 unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("export", "--types", "assessment", stdout=out)
    assert json.loads(out.getvalue())["values"][0] == {
        "kpi": LIFE,
        "value": 70.0,
        "unit": "years",
        "data_source": "",
        "data_quality": None,
        "notes": "",
    }
    path.write_bytes(h.jsonl(assessment(values=[{"kpi": LIFE, "value": "old"}])))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", str(path), "--quiet", stderr=err)
    assert err.getvalue() == "line 1: assessment.values[0].value: must be a number\n"
