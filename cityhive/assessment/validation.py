"""Checking KPI values, climate risks and emissions rows; every channel (form, API, CSV) uses these,
so a problem reads the same with the same field path (`values[2].unit`)."""

import math

from django.utils.translation import gettext as _

from cityhive.assessment.measures import measure_of
from cityhive.assessment.models import ClimateRisk, DataQuality, KpiValue
from cityhive.core.checks import FieldErrors, add_error
from cityhive.core.storable import storable_check
from cityhive.taxonomy.vocabulary import Vocabulary

MIN_YEAR = 1990
MAX_YEAR = 2100


def number_of(value) -> float | None:
    """A finite number from a number or numeric text (comma decimals allowed), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = value.strip().replace(" ", "").replace(",", ".")
        if not value:
            return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def quality_of(value) -> int | None:
    """A data-quality level from a whole number or its digits (None when neither)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def unit_normal(unit: str) -> str:
    return " ".join(str(unit).lower().replace(",", "").split())


def year_check(errors: FieldErrors, year) -> None:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        add_error(
            errors,
            "year",
            _("must be a year between %(low)s and %(high)s")
            % {
                "low": MIN_YEAR,
                "high": MAX_YEAR,
            },
        )


def _object_rows(rows, *, field: str, errors: FieldErrors, shape: str):
    """(index, path, row) of each object in a list of rows; a non-list or non-object is recorded."""
    if not isinstance(rows, list):
        add_error(errors, field, _("must be a list"))
        return
    for index, row in enumerate(rows):
        path = f"{field}[{index}]"
        if isinstance(row, dict):
            yield index, path, row
        else:
            add_error(errors, path, shape)


def kpi_rows_check(rows, *, vocabulary: Vocabulary, field: str = "values") -> FieldErrors:
    """Every problem of KPI value rows `{kpi, value, unit, data_source, data_quality, notes}`."""
    errors: FieldErrors = {}
    seen: dict[str, int] = {}
    shape = _("must be an object with kpi and value")
    for index, path, row in _object_rows(rows, field=field, errors=errors, shape=shape):
        _kpi_row_check(errors, path, row, vocabulary)
        code = row.get("kpi")
        if code in seen:
            add_error(
                errors,
                f"{path}.kpi",
                _("repeats the KPI of row %(row)s")
                % {
                    "row": seen[code] + 1,
                },
            )
        seen.setdefault(code, index)
    return errors


def _kpi_row_check(errors: FieldErrors, path: str, row: dict, vocabulary: Vocabulary) -> None:
    code = row.get("kpi")
    if not isinstance(code, str) or code not in vocabulary.codes("kpi"):
        add_error(errors, f"{path}.kpi", _("unknown KPI code %(code)r") % {"code": code})
        return
    measure = measure_of(code)
    value = number_of(row.get("value"))
    if value is None:
        add_error(errors, f"{path}.value", _("must be a number"))
    elif measure.out_of_range(value):
        add_error(errors, f"{path}.value", _("must be %(range)s") % {"range": measure.range_text()})
    unit = row.get("unit") or ""
    if not isinstance(unit, str) or (unit and unit_normal(unit) != unit_normal(measure.unit)):
        add_error(
            errors,
            f"{path}.unit",
            _("must be “%(unit)s” for this KPI")
            % {
                "unit": measure.unit,
            },
        )
    quality = row.get("data_quality")
    if quality not in (None, "") and quality_of(quality) not in DataQuality.values:
        add_error(errors, f"{path}.data_quality", _("must be a whole number from 1 to 6"))
    text = {key: row.get(key) or "" for key in ("data_source", "notes")}
    storable_check(KpiValue, text, errors=errors, prefix=path)


def kpi_row_clean(row: dict) -> dict:
    """A checked row as stored: a number, the KPI's unit, an integer quality or None."""
    quality = row.get("data_quality")
    return {
        "kpi": row["kpi"],
        "value": number_of(row["value"]),
        "unit": measure_of(row["kpi"]).unit,
        "data_source": (row.get("data_source") or "").strip(),
        "data_quality": quality_of(quality),
        "notes": (row.get("notes") or "").strip(),
    }


def risk_rows_check(rows, *, vocabulary: Vocabulary, field: str = "risks") -> FieldErrors:
    """Every problem of climate-risk rows `{hazard, key_impact, risk}` (risk from 0 to 1)."""
    errors: FieldErrors = {}
    seen: dict[tuple, int] = {}
    shape = _("must be an object with hazard, key_impact and risk")
    for index, path, row in _object_rows(rows, field=field, errors=errors, shape=shape):
        if row.get("hazard") not in vocabulary.codes("hazard"):
            add_error(
                errors,
                f"{path}.hazard",
                _("unknown hazard %(code)r")
                % {
                    "code": row.get("hazard"),
                },
            )
        impact = row.get("key_impact")
        if not isinstance(impact, str) or not impact.strip():
            add_error(errors, f"{path}.key_impact", _("is required"))
        risk = number_of(row.get("risk"))
        if risk is None or not 0 <= risk <= 1:
            add_error(errors, f"{path}.risk", _("must be a number from 0 to 1"))
        key = (row.get("hazard"), str(impact).strip().lower())
        if key in seen:
            add_error(errors, path, _("repeats row %(row)s") % {"row": seen[key] + 1})
        seen.setdefault(key, index)
        storable_check(ClimateRisk, {"key_impact": impact}, errors=errors, prefix=path)
    return errors


def emission_rows_check(rows, *, vocabulary: Vocabulary, field: str = "emissions") -> FieldErrors:
    """Every problem of inventory rows `{sector, tonnes_co2e}` (one row per GPC sector)."""
    errors: FieldErrors = {}
    seen: dict[str, int] = {}
    shape = _("must be an object with sector and tonnes_co2e")
    for index, path, row in _object_rows(rows, field=field, errors=errors, shape=shape):
        sector = row.get("sector")
        if sector not in vocabulary.codes("emission_sector"):
            add_error(
                errors,
                f"{path}.sector",
                _("unknown emission sector %(code)r")
                % {
                    "code": sector,
                },
            )
        elif sector in seen:
            add_error(
                errors,
                f"{path}.sector",
                _("repeats the sector of row %(row)s")
                % {
                    "row": seen[sector] + 1,
                },
            )
        seen.setdefault(sector, index)
        tonnes = number_of(row.get("tonnes_co2e"))
        if tonnes is None or tonnes < 0:
            add_error(errors, f"{path}.tonnes_co2e", _("must be a number of at least 0"))
    return errors
