"""Assessments in the exchange format's JSON Lines: one `"type": "assessment"` line per city and
year, with its values, climate risks and emissions, so a national programme loads many cities at
once (`cityhive assessments-import FILE`, `cityhive assessments-export`).

A file is imported whole or not at all; an export imports back unchanged. Cities are named by
their exchange id (an external id, or `org-<slug>`). Writes go through the services' shared
writers (values with their history, risks, emissions) and recompute each city's derived needs.
"""

import json
from collections.abc import Iterator

from django.db import transaction
from django.utils import timezone

from cityhive.assessment.derivation import needs_derive
from cityhive.assessment.models import Assessment, AssessmentStatus
from cityhive.assessment.services import emissions_write, risks_write, values_write
from cityhive.assessment.validation import (
    emission_rows_check,
    kpi_rows_check,
    risk_rows_check,
    year_check,
)
from cityhive.challenges.models import Visibility
from cityhive.core.checks import FieldErrors, add_error, check_choice
from cityhive.core.errors import ValidationFailed
from cityhive.directory.models import OrganisationKind
from cityhive.exchange.lookups import exchange_id_of, rows_by_exchange_id
from cityhive.taxonomy.vocabulary import Vocabulary

TYPE = "assessment"
FIELDS = ("type", "city", "year", "status", "visibility", "values", "climate_risks", "emissions")
VALUE_KEYS = ("kpi", "value", "unit", "data_source", "data_quality", "notes")


def assessment_line(assessment: Assessment) -> dict:
    """One assessment as an exchange line, its rows in a fixed order."""
    values = sorted(assessment.values.select_related("kpi"), key=lambda v: v.kpi.code)
    return {
        "type": TYPE,
        "city": exchange_id_of("organization", assessment.city),
        "year": assessment.year,
        "status": assessment.status,
        "visibility": assessment.visibility,
        "values": [
            {
                "kpi": v.kpi.code,
                "value": v.value,
                "unit": v.unit,
                "data_source": v.data_source,
                "data_quality": v.data_quality,
                "notes": v.notes,
            }
            for v in values
        ],
        "climate_risks": sorted(
            (
                {"hazard": r.hazard, "key_impact": r.key_impact, "risk": r.risk}
                for r in assessment.climate_risks.all()
            ),
            key=lambda r: (r["hazard"], r["key_impact"]),
        ),
        "emissions": sorted(
            (
                {"sector": e.sector, "tonnes_co2e": e.tonnes_co2e}
                for e in assessment.emissions.all()
            ),
            key=lambda e: e["sector"],
        ),
    }


def assessments_export(assessments) -> Iterator[str]:
    """The lines of these assessments (the caller chose what the reader may see)."""
    for assessment in assessments.select_related("city").order_by("city__slug", "year"):
        yield json.dumps(assessment_line(assessment), ensure_ascii=False) + "\n"


def _parsed(text: str) -> tuple[list[tuple[int, dict]], FieldErrors]:
    lines, errors = [], {}
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = json.loads(raw, parse_constant=_refuse_constant)
        except ValueError as error:
            add_error(errors, f"line {number}", f"is not JSON: {error}")
            continue
        if not isinstance(line, dict) or line.get("type") != TYPE:
            add_error(errors, f"line {number}", f'must be an object with "type": "{TYPE}"')
            continue
        lines.append((number, line))
    return lines, errors


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not allowed")


def _line_check(line: dict, cities: dict, vocabulary: Vocabulary) -> FieldErrors:
    errors: FieldErrors = {}
    for key in sorted(set(line) - set(FIELDS)):
        add_error(errors, key, "unknown field")
    city = cities.get(line.get("city"))
    if city is None or city.kind != OrganisationKind.CITY:
        add_error(errors, "city", f"names no city organisation: {line.get('city')!r}")
    year_check(errors, line.get("year"))
    check_choice(errors, "status", line.get("status", "draft"), AssessmentStatus.values)
    check_choice(errors, "visibility", line.get("visibility", "private"), Visibility.values)
    errors.update(kpi_rows_check(line.get("values", []), vocabulary=vocabulary))
    for row in line.get("values", []) if isinstance(line.get("values"), list) else []:
        for key in sorted(set(row) - set(VALUE_KEYS)) if isinstance(row, dict) else []:
            add_error(errors, "values", f"unknown field {key!r}")
    errors.update(
        risk_rows_check(line.get("climate_risks", []), vocabulary=vocabulary, field="climate_risks")
    )
    errors.update(emission_rows_check(line.get("emissions", []), vocabulary=vocabulary))
    return errors


def _checked(text: str) -> tuple[list[tuple[int, dict]], dict]:
    lines, errors = _parsed(text)
    cities = rows_by_exchange_id("organization", {str(line.get("city")) for _, line in lines})
    vocabulary, seen = Vocabulary(), {}
    for number, line in lines:
        for path, messages in _line_check(line, cities, vocabulary).items():
            errors.setdefault(f"line {number}: {path}", []).extend(messages)
        key = (line.get("city"), line.get("year"))
        if key in seen:
            add_error(errors, f"line {number}", f"repeats the city and year of line {seen[key]}")
        seen.setdefault(key, number)
    if errors:
        raise ValidationFailed(errors)
    return lines, cities


def assessments_import(*, text: str, actor=None) -> int:
    """Import assessment lines, all or nothing (the command line: the programme's own data);
    returns how many lines were written."""
    lines, cities = _checked(text)
    with transaction.atomic():
        for _number, line in lines:
            _line_write(line, cities[line["city"]], actor)
        for city in {cities[line["city"]] for _, line in lines}:
            needs_derive(city=city)
    return len(lines)


def _line_write(line: dict, city, actor) -> None:
    assessment, _created = Assessment.objects.get_or_create(city=city, year=line["year"])
    values_write(actor=actor, assessment=assessment, values=line.get("values", []), replace=True)
    risks_write(assessment=assessment, risks=line.get("climate_risks", []))
    emissions_write(assessment=assessment, emissions=line.get("emissions", []))
    assessment.status = line.get("status", AssessmentStatus.DRAFT)
    assessment.visibility = line.get("visibility", Visibility.PRIVATE)
    if assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_at is None:
        assessment.submitted_at = timezone.now()
    assessment.save()
