"""What every database must be able to store, checked before a write on every database.

SQLite stores a 318-character string in a 200-character column and a NUL inside a text; PostgreSQL
refuses both, but only at write time and with a message that names no field. Services (and the
checks the exchange import shares with them) call these so that a value is refused in the same
words, with the same field path, whatever the channel and the database.
"""

import math
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from cityhive.core.checks import FieldErrors
from cityhive.core.errors import ValidationFailed

NUL = "\x00"
NUL_MESSAGE = "must not contain the NUL character"
# The ranges of PostgreSQL's integer types: SQLite would hold more, but data must move between them.
INTEGER_RANGES = BaseDatabaseOperations.integer_field_ranges


def storable_check(
    model: type[models.Model], data: Mapping, *, errors: FieldErrors | None = None, prefix: str = ""
) -> FieldErrors:
    """Problems of `data`'s values against `model`'s columns: lengths, NULs, integer ranges and
    decimal digits. Keys that are not fields are only searched for NUL characters."""
    errors = {} if errors is None else errors
    fields = _fields_by_name(model)
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else str(key)
        if NUL in str(key):
            _add(errors, prefix or "__all__", NUL_MESSAGE)
            continue
        field = fields.get(key)
        if field is not None and value is not None:
            _field_check(errors, path, field, value)
        _nul_check(errors, path, value)
    return errors


def instance_storable_require(instance: models.Model, *, exclude: tuple[str, ...] = ()) -> None:
    """Raise ValidationFailed when a field of the instance could not be stored as it is."""
    data = {
        field.name: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if not field.is_relation and field.name not in exclude
    }
    errors = storable_check(type(instance), data)
    if errors:
        raise ValidationFailed(errors)


def _fields_by_name(model: type[models.Model]) -> dict[str, models.Field]:
    return {field.name: field for field in model._meta.concrete_fields if not field.is_relation}


def _add(errors: FieldErrors, path: str, message: str) -> None:
    # The domain checks may already have said the same thing about this field.
    if message not in errors.get(path, []):
        errors.setdefault(path, []).append(message)


def _field_check(errors: FieldErrors, path: str, field: models.Field, value) -> None:
    if isinstance(value, str) and field.max_length and len(value) > field.max_length:
        _add(errors, path, f"must be at most {field.max_length} characters")
    elif isinstance(value, int) and not isinstance(value, bool):
        low_high = INTEGER_RANGES.get(field.get_internal_type())
        if low_high and not low_high[0] <= value <= low_high[1]:
            _add(errors, path, f"must be a whole number between {low_high[0]} and {low_high[1]}")
    elif isinstance(value, float) and not math.isfinite(value):
        _add(errors, path, "must be a finite number")
    elif isinstance(value, Decimal) and isinstance(field, models.DecimalField):
        _decimal_check(errors, path, field, value)


def _decimal_check(errors: FieldErrors, path: str, field: models.DecimalField, value) -> None:
    try:
        DecimalValidator(field.max_digits, field.decimal_places)(value)
    except ValidationError as error:
        for message in error.messages:
            _add(errors, path, message)


def _nul_check(errors: FieldErrors, path: str, value) -> None:
    """NUL anywhere in a text, a list or an object (keys included): PostgreSQL's text and jsonb
    both refuse it."""
    if isinstance(value, str):
        if NUL in value:
            _add(errors, path, NUL_MESSAGE)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            if NUL in str(key):
                _add(errors, path, NUL_MESSAGE)
            else:
                _nul_check(errors, f"{path}.{key}", item)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _nul_check(errors, f"{path}[{index}]", item)
