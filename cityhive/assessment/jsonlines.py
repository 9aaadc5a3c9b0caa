"""Assessments in the exchange format's JSON Lines: one `"type": "assessment"` line per city and
year, with its values, climate risks and emissions, so a national programme loads many cities at
once.

The line type is registered with the exchange (`ASSESSMENT_LINES`, from AppConfig.ready), so the
general `cityhive import` / `cityhive export` and the API's exchange import and export carry it;
the assessment's own commands (`cityhive assessments_import FILE`, `cityhive assessments_export`)
read and write the same lines with the same checks and writer. A file is imported whole or not at
all; an export imports back unchanged. Cities are named by their exchange id (an external id, or
`org-<slug>`). Writes go through the services' shared writers (values with their history, risks,
emissions) and recompute each changed city's derived needs.
"""

import json
from collections.abc import Iterator
from functools import cache
from importlib import resources

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from cityhive.assessment.derivation import needs_derive
from cityhive.assessment.models import Assessment, AssessmentStatus
from cityhive.assessment.selectors import assessment_list_visible_to
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
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.exchange.lookups import (
    exchange_id_expression,
    exchange_id_of,
    exchange_id_order,
    rows_by_exchange_id,
)
from cityhive.exchange.permissions import OPERATOR
from cityhive.exchange.records import canonical, line_encode
from cityhive.exchange.registry import LineType
from cityhive.taxonomy.vocabulary import Vocabulary

TYPE = "assessment"
FIELDS = ("type", "city", "year", "status", "visibility", "values", "climate_risks", "emissions")
VALUE_KEYS = ("kpi", "value", "unit", "data_source", "data_quality", "notes")


@cache
def line_schema() -> dict:
    """The JSON Schema of an assessment line (cityhive/assessment/schemas/)."""
    text = resources.files("cityhive.assessment").joinpath("schemas/assessment.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


def assessment_line(assessment: Assessment) -> dict:
    """One assessment as an exchange line, its rows in a fixed order, then its extra fields."""
    values = sorted(assessment.values.select_related("kpi"), key=lambda v: v.kpi.code)
    line = {
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
    for key in sorted(assessment.extra or {}):
        line.setdefault(key, canonical(assessment.extra[key]))
    return line


def _in_exchange_order(assessments: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """By the city's exchange id (code points, as every export), then year."""
    identified = assessments.select_related("city").annotate(
        city_xid=exchange_id_expression("organization", "city__")
    )
    return identified.order_by(exchange_id_order(F("city_xid")), "year")


def assessment_records(actor) -> Iterator[dict]:
    """The assessment lines an actor may see (OPERATOR: every one), by city then year."""
    if actor is OPERATOR:
        assessments = Assessment.objects.all()
    else:
        assessments = assessment_list_visible_to(actor=actor)
    for assessment in _in_exchange_order(assessments).iterator(chunk_size=200):
        yield assessment_line(assessment)


def assessments_export(assessments) -> Iterator[str]:
    """The lines of these assessments (the caller chose what the reader may see)."""
    for assessment in _in_exchange_order(assessments):
        yield line_encode(assessment_line(assessment)).decode()


# --- checking ----------------------------------------------------------------------------------


def line_fields_check(line: dict, vocabulary: Vocabulary) -> FieldErrors:
    """Every problem of an assessment line's own fields (its city is resolved by the caller)."""
    errors: FieldErrors = {}
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
    city = cities.get(line.get("city"))
    if city is None or city.kind != OrganisationKind.CITY:
        add_error(errors, "city", f"names no city organisation: {line.get('city')!r}")
    errors.update(line_fields_check(line, vocabulary))
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


# --- writing -----------------------------------------------------------------------------------


def assessments_import(*, text: str, actor=None) -> int:
    """Import assessment lines, all or nothing (the command line: the programme's own data);
    returns how many lines were read."""
    lines, cities = _checked(text)
    with transaction.atomic():
        changed = {}
        for _number, line in lines:
            city = cities[line["city"]]
            if line_store(line, city, actor) != "unchanged":
                changed[city.pk] = city
        for city in changed.values():
            needs_derive(city=city)
    return len(lines)


def line_store(line: dict, city, actor) -> str:
    """Write one checked line; "created", "updated" or "unchanged" (then nothing is written:
    no history entry, no new `updated_at`)."""
    existing = Assessment.objects.filter(city=city, year=line["year"]).first()
    before = assessment_line(existing) if existing is not None else None
    savepoint = transaction.savepoint()
    after = assessment_line(_line_write(line, city, actor))
    if after == before:
        transaction.savepoint_rollback(savepoint)
        return "unchanged"
    transaction.savepoint_commit(savepoint)
    return "created" if existing is None else "updated"


def _line_write(line: dict, city, actor) -> Assessment:
    assessment, _created = Assessment.objects.get_or_create(city=city, year=line["year"])
    values_write(actor=actor, assessment=assessment, values=line.get("values", []), replace=True)
    risks_write(assessment=assessment, risks=line.get("climate_risks", []))
    emissions_write(assessment=assessment, emissions=line.get("emissions", []))
    assessment.status = line.get("status", AssessmentStatus.DRAFT)
    assessment.visibility = line.get("visibility", Visibility.PRIVATE)
    if assessment.status == AssessmentStatus.SUBMITTED and assessment.submitted_at is None:
        assessment.submitted_at = timezone.now()
    assessment.extra = {key: line[key] for key in sorted(line) if key not in FIELDS}
    assessment.save()
    return assessment


def exchange_lines_write(batch: list[dict], *, index, actor, counts) -> None:
    """Write a batch of checked exchange lines (the general import, in its transaction)."""
    index.load(line["city"] for line in batch)
    cities = Organisation.objects.in_bulk({index.pk(line["city"]) for line in batch})
    changed = set()
    for line in batch:
        city = cities[index.pk(line["city"])]
        outcome = line_store(line, city, actor)
        if outcome == "unchanged":
            counts.unchanged += 1
            continue
        changed.add(city.pk)
        if outcome == "created":
            counts.created += 1
        else:
            counts.updated += 1
    for pk in sorted(changed):
        needs_derive(city=cities[pk])


ASSESSMENT_LINES = LineType(
    name=TYPE,
    schema=line_schema(),
    check=line_fields_check,
    key_fields=("city", "year"),
    references=(("city", "city"),),
    owner="city",
    write=exchange_lines_write,
    export=assessment_records,
)
