"""Assessments in JSON Lines: all or nothing, errors by line and path, round trip identical."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from cityhive.assessment import services
from cityhive.assessment.jsonlines import assessments_export, assessments_import
from cityhive.assessment.models import Assessment, DerivedNeed, KpiValue
from cityhive.core.errors import ValidationFailed
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

LIFE = "SC: EH: H: 1C"


def _line(**fields) -> str:
    line = {"type": "assessment", "city": "org-recife", "year": 2025, **fields}
    return json.dumps(line) + "\n"


def test_a_file_with_one_bad_line_writes_nothing():
    CityFactory(slug="recife")
    OrganisationFactory(slug="acme")
    text = (
        _line(values=[{"kpi": LIFE, "value": 71}])
        + _line(city="org-acme", values=[{"kpi": LIFE, "value": "old"}])
        + "not json\n"
        + _line(climate_risks=[{"hazard": "floods", "key_impact": "x", "risk": 2}])
    )
    with pytest.raises(ValidationFailed) as refused:
        assessments_import(text=text)
    assert refused.value.field_errors == {
        "line 2: city": ["names no city organisation: 'org-acme'"],
        "line 2: values[0].value": ["must be a number"],
        "line 3": ["is not JSON: Expecting value: line 1 column 1 (char 0)"],
        "line 4: climate_risks[0].risk": ["must be a number from 0 to 1"],
        "line 4": ["repeats the city and year of line 1"],
    }
    assert Assessment.objects.count() == 0


def test_an_export_imports_back_unchanged():
    recife = CityFactory(slug="recife")
    official = MembershipFactory(organisation=recife, role=MembershipRole.ADMIN).user
    assessment = services.assessment_open(actor=official, city=recife, year=2024)
    services.kpi_values_set(
        actor=official,
        assessment=assessment,
        values=[{"kpi": LIFE, "value": 74.5, "data_source": "Census", "data_quality": 6}],
    )
    services.climate_risks_replace(
        actor=official,
        assessment=assessment,
        risks=[{"hazard": "floods", "key_impact": "Roads cut", "risk": 0.7}],
    )
    services.assessment_submit(actor=official, assessment=assessment, visibility="public")
    exported = "".join(assessments_export(Assessment.objects.all()))
    # into a fresh copy of the city: remove the assessment, import, export again
    Assessment.objects.all().delete()
    assert assessments_import(text=exported) == 1
    assert "".join(assessments_export(Assessment.objects.all())) == exported
    assert DerivedNeed.objects.filter(city=recife, facet="hazard").get().weight == 0.7


def test_an_import_replaces_a_years_values_and_keeps_the_history():
    recife = CityFactory(slug="recife")
    assessments_import(text=_line(values=[{"kpi": LIFE, "value": 70}]))
    assessments_import(text=_line(values=[]))
    assert KpiValue.objects.count() == 0
    assessment = Assessment.objects.get(city=recife)
    assert list(assessment.changes.order_by("pk").values_list("after__value", flat=True)) == [
        70.0,
        None,
    ]


def test_the_commands_import_and_export(tmp_path):
    CityFactory(slug="recife")
    path = tmp_path / "assessments.jsonl"
    path.write_text(_line(values=[{"kpi": LIFE, "value": 70}]), encoding="utf-8")
    out = StringIO()
    call_command("assessments_import", str(path), stdout=out)
    assert out.getvalue() == "1 assessments imported.\n"
    out = StringIO()
    call_command("assessments_export", stdout=out)
    assert json.loads(out.getvalue())["values"][0]["value"] == 70.0


def test_exported_lines_follow_the_published_schema():
    from pathlib import Path

    import jsonschema

    schema_path = Path(__file__).parents[1] / "schemas" / "assessment.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    CityFactory(slug="recife")
    assessments_import(
        text=_line(
            values=[{"kpi": LIFE, "value": 70, "data_quality": 5}],
            emissions=[{"sector": "waste", "tonnes_co2e": 12.5}],
        )
    )
    for line in assessments_export(Assessment.objects.all()):
        jsonschema.validate(json.loads(line), schema)
