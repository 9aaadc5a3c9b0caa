"""Writes of assessments: values, climate risks, emissions, submission, targets, evidence.

Every service checks the actor's permission first and writes in one transaction; every change of
the data recomputes the city's derived needs (derivation.needs_derive) in the same transaction.
"""

from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityhive.assessment import csvio
from cityhive.assessment.derivation import needs_derive
from cityhive.assessment.errors import AssessmentErrorCode
from cityhive.assessment.models import (
    Assessment,
    AssessmentStatus,
    ClimateRisk,
    EmissionEntry,
    KpiEvidence,
    KpiTarget,
    KpiValue,
    KpiValueChange,
    SizeClass,
)
from cityhive.assessment.tasks import derived_needs_refresh
from cityhive.assessment.validation import (
    emission_rows_check,
    kpi_row_clean,
    kpi_rows_check,
    number_of,
    risk_rows_check,
    year_check,
)
from cityhive.challenges.validation import needs_visibility_check
from cityhive.core.errors import Conflict, ValidationFailed
from cityhive.core.permissions import require
from cityhive.core.uploads import document_check, stored_name
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.taxonomy.models import Kpi
from cityhive.taxonomy.vocabulary import Vocabulary

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024


def assessment_open(*, actor, city: Organisation, year: int) -> Assessment:
    """The city's assessment of a year, opened as a draft when it has none (city members)."""
    require(actor, "assessment.add_assessment_for", city)
    errors: dict = {}
    year_check(errors, year)
    if city.kind != OrganisationKind.CITY:
        errors.setdefault("city", []).append(_("must be a city organisation"))
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        assessment, _created = Assessment.objects.get_or_create(city=city, year=year)
    return assessment


def _editable(actor, assessment: Assessment) -> None:
    require(actor, "assessment.view_assessment", assessment, hide=True)
    if assessment.status != AssessmentStatus.DRAFT and (
        actor.has_perm("assessment.add_assessment_for", assessment.city)
    ):
        raise Conflict(
            _("This assessment was submitted; open the next year's to enter new values."),
            code=AssessmentErrorCode.ASSESSMENT_SUBMITTED,
        )
    require(actor, "assessment.change_assessment", assessment)


def _snapshot(value: KpiValue | None) -> dict | None:
    if value is None:
        return None
    return {
        "value": value.value,
        "unit": value.unit,
        "data_source": value.data_source,
        "data_quality": value.data_quality,
        "notes": value.notes,
    }


def kpi_values_set(*, actor, assessment: Assessment, values: list[dict]) -> list[KpiValue]:
    """Enter or change KPI values (rows `{kpi, value, unit, data_source, data_quality, notes}`);
    all rows or none, each change kept in the assessment's history."""
    write = partial(values_write, actor=actor)
    return _rows_store(actor, assessment, kpi_rows_check, write, values=values)


def _rows_store(actor, assessment: Assessment, check, write, **rows: list[dict]) -> list:
    """Check the rows (one keyword: `write`'s argument, the field `check` reports errors under),
    write them and recompute the city's derived needs, in one transaction."""
    _editable(actor, assessment)
    [(field, given)] = rows.items()
    errors = check(given, vocabulary=Vocabulary(), field=field)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        stored = write(assessment=assessment, **rows)
        needs_derive(city=assessment.city)
    return stored


def values_write(
    *, actor, assessment: Assessment, values: list[dict], replace: bool = False
) -> list[KpiValue]:
    """Store checked value rows with their history (shared with the JSON Lines import, where
    `replace` also takes out the values the rows leave out)."""
    rows = [kpi_row_clean(row) for row in values]
    kpis = Kpi.objects.in_bulk([row["kpi"] for row in rows], field_name="code")
    current = {v.kpi_id: v for v in assessment.values.select_for_update()}
    stored = [_value_store(actor, assessment, kpis[row["kpi"]], current, row) for row in rows]
    if replace:
        kept = {value.kpi_id for value in stored}
        for value in current.values():
            if value.kpi_id not in kept:
                _value_delete(actor, value)
    return stored


def _value_store(actor, assessment, kpi: Kpi, current: dict, row: dict) -> KpiValue:
    value = current.get(kpi.pk)
    before = _snapshot(value)
    value = value or KpiValue(assessment=assessment, kpi=kpi)
    for key in ("value", "unit", "data_source", "data_quality", "notes"):
        setattr(value, key, row[key])
    after = _snapshot(value)
    if before != after:
        value.save()
        KpiValueChange.objects.create(
            assessment=assessment, kpi=kpi, before=before, after=after, changed_by=actor
        )
    return value


def kpi_value_remove(*, actor, assessment: Assessment, kpi: Kpi) -> None:
    """Take a KPI's value out of a draft assessment (kept in its history)."""
    _editable(actor, assessment)
    with transaction.atomic():
        value = assessment.values.filter(kpi=kpi).first()
        if value is None:
            return
        _value_delete(actor, value)
        needs_derive(city=assessment.city)


def _value_delete(actor, value: KpiValue) -> None:
    KpiValueChange.objects.create(
        assessment=value.assessment,
        kpi=value.kpi,
        before=_snapshot(value),
        after=None,
        changed_by=actor,
    )
    value.delete()


def _import(service, *, actor, assessment: Assessment, text: str, fmt: csvio.CsvFormat):
    """Run a service on a CSV file's rows; its errors come back by line and column."""
    _editable(actor, assessment)
    parsed = csvio.csv_read(text, fmt)
    try:
        return service(actor=actor, assessment=assessment, **{fmt.field: parsed.rows})
    except ValidationFailed as error:
        raise ValidationFailed(csvio.errors_by_line(error.field_errors, parsed, fmt)) from error


def year_rows_store(*, actor, city: Organisation, year: int, service, **arguments):
    """Open the city's assessment of a year and run a writing service on it, together: when the
    service refuses its input, no assessment is left opened either. Returns the assessment."""
    with transaction.atomic():
        assessment = assessment_open(actor=actor, city=city, year=year)
        service(actor=actor, assessment=assessment, **arguments)
    return assessment


def kpi_values_import(*, actor, assessment: Assessment, text: str) -> list[KpiValue]:
    """Enter KPI values from a CSV file (one row per KPI); a bad row writes nothing."""
    return _import(
        kpi_values_set, actor=actor, assessment=assessment, text=text, fmt=csvio.KPI_VALUES
    )


def climate_risks_replace(*, actor, assessment: Assessment, risks: list[dict]) -> list:
    """Replace the assessment's climate-risk lines `{hazard, key_impact, risk}`."""
    return _rows_store(actor, assessment, risk_rows_check, risks_write, risks=risks)


def risks_write(*, assessment: Assessment, risks: list[dict]) -> list[ClimateRisk]:
    """Store checked climate-risk rows in place of the assessment's (shared with the import)."""
    assessment.climate_risks.all().delete()
    return ClimateRisk.objects.bulk_create(
        ClimateRisk(
            assessment=assessment,
            hazard=row["hazard"],
            key_impact=row["key_impact"].strip(),
            risk=number_of(row["risk"]),
        )
        for row in risks
    )


def climate_risks_import(*, actor, assessment: Assessment, text: str) -> list:
    """Replace the climate-risk lines from a CSV file; a bad row writes nothing."""
    return _import(
        climate_risks_replace,
        actor=actor,
        assessment=assessment,
        text=text,
        fmt=csvio.CLIMATE_RISKS,
    )


def emissions_replace(*, actor, assessment: Assessment, emissions: list[dict]) -> list:
    """Replace the assessment's greenhouse-gas inventory `{sector, tonnes_co2e}` by GPC sector."""
    return _rows_store(actor, assessment, emission_rows_check, emissions_write, emissions=emissions)


def emissions_write(*, assessment: Assessment, emissions: list[dict]) -> list[EmissionEntry]:
    """Store checked inventory rows in place of the assessment's (shared with the import)."""
    assessment.emissions.all().delete()
    return EmissionEntry.objects.bulk_create(
        EmissionEntry(
            assessment=assessment,
            sector=row["sector"],
            tonnes_co2e=number_of(row["tonnes_co2e"]),
        )
        for row in emissions
    )


def emissions_import(*, actor, assessment: Assessment, text: str) -> list:
    """Replace the inventory from a CSV file; a bad row writes nothing."""
    return _import(
        emissions_replace, actor=actor, assessment=assessment, text=text, fmt=csvio.EMISSIONS
    )


def assessment_submit(*, actor, assessment: Assessment, visibility: str) -> Assessment:
    """Submit a draft (the city's admins) and choose who sees it: private, partners or public."""
    require(actor, "assessment.view_assessment", assessment, hide=True)
    require(actor, "assessment.submit_assessment_for", assessment.city)
    errors = needs_visibility_check(visibility)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if locked.status != AssessmentStatus.DRAFT:
            raise Conflict(
                _("This assessment was already submitted."),
                code=AssessmentErrorCode.ASSESSMENT_SUBMITTED,
            )
        locked.status = AssessmentStatus.SUBMITTED
        locked.visibility = visibility
        locked.submitted_at = timezone.now()
        locked.submitted_by = actor
        locked.save()
    return locked


def assessment_visibility_set(*, actor, assessment: Assessment, visibility: str) -> Assessment:
    """Change who sees an assessment (the city's admins)."""
    require(actor, "assessment.view_assessment", assessment, hide=True)
    require(actor, "assessment.submit_assessment_for", assessment.city)
    errors = needs_visibility_check(visibility)
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        assessment.visibility = visibility
        assessment.save(update_fields=["visibility", "updated_at"])
    return assessment


def kpi_targets_set(*, actor, targets: list[dict]) -> list[KpiTarget]:
    """Set targets `{kpi, size_class, target}` (programme managers); a null target removes it."""
    require(actor, "assessment.set_targets")
    errors = _targets_check(targets)
    if errors:
        raise ValidationFailed(errors)
    kpis = Kpi.objects.in_bulk([row["kpi"] for row in targets], field_name="code")
    stored = []
    with transaction.atomic():
        for row in targets:
            key = {"kpi": kpis[row["kpi"]], "size_class": row.get("size_class") or ""}
            if row.get("target") in (None, ""):
                KpiTarget.objects.filter(**key).delete()
                continue
            target, _created = KpiTarget.objects.update_or_create(
                **key, defaults={"target": number_of(row["target"])}
            )
            stored.append(target)
        # Targets move bands, and bands move every assessed city's suggested needs.
        city_ids = sorted(set(Assessment.objects.values_list("city_id", flat=True)))
        if city_ids:
            transaction.on_commit(lambda: derived_needs_refresh.enqueue(city_ids))
    return stored


def _targets_check(targets) -> dict:
    errors: dict = {}
    if not isinstance(targets, list):
        return {"targets": [_("must be a list")]}
    known = Vocabulary().codes("kpi")
    for index, row in enumerate(targets):
        path = f"targets[{index}]"
        if not isinstance(row, dict) or row.get("kpi") not in known:
            errors.setdefault(f"{path}.kpi", []).append(_("unknown KPI code"))
            continue
        if (row.get("size_class") or "") not in SizeClass.values:
            errors.setdefault(f"{path}.size_class", []).append(
                _("must be one of: small, medium, large (or empty for every city)")
            )
        target = row.get("target")
        if target not in (None, "") and (number_of(target) is None or number_of(target) < 0):
            errors.setdefault(f"{path}.target", []).append(_("must be a number of at least 0"))
    return errors


def kpi_evidence_add(*, actor, kpi_value: KpiValue, upload, title: str) -> KpiEvidence:
    """Attach a PDF or image that backs a KPI value (checked by its content, at most 5 MB)."""
    _editable(actor, kpi_value.assessment)
    checked = document_check(upload, field="file", max_bytes=MAX_EVIDENCE_BYTES)
    title = (title or "").strip() or _("Evidence")
    if len(title) > 200:
        raise ValidationFailed({"title": [_("must be at most 200 characters")]})
    with transaction.atomic():
        evidence = KpiEvidence(
            kpi_value=kpi_value,
            title=title,
            content_type=checked.content_type,
            size=upload.size,
        )
        evidence.file.save(stored_name(checked.extension), upload, save=False)
        evidence.save()
    return evidence
