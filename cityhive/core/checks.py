"""Checks of plain values shared by services and the exchange import."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext, gettext_noop
from django_countries import countries

from cityhive.core.languages import LANGUAGE_CODES

FieldErrors = dict[str, list[str]]
COUNTRY_CODES = frozenset(code for code, _ in countries)


def add_error(errors: FieldErrors, path: str, message: str) -> None:
    """Record one message for a field path."""
    errors.setdefault(path, []).append(message)


def check_text(errors: FieldErrors, field: str, value, *, max_length: int, required: bool) -> None:
    """A string no longer than max_length (and not blank when required)."""
    if not isinstance(value, str):
        add_error(errors, field, gettext("must be text"))
    elif required and not value.strip():
        add_error(errors, field, gettext("is required"))
    elif len(value) > max_length:
        add_error(
            errors,
            field,
            gettext("must be at most %(max)s characters") % {"max": max_length},
        )


def check_choice(errors: FieldErrors, field: str, value, choices, *, blank: bool = True) -> None:
    """One of the given choices (or empty when blank is allowed)."""
    if (blank and value in ("", None)) or value in choices:
        return
    add_error(
        errors,
        field,
        gettext("must be one of %(choices)s") % {"choices": ", ".join(str(c) for c in choices)},
    )


def check_int(errors: FieldErrors, field: str, value, *, low: int, high: int) -> None:
    """An integer between low and high (None allowed)."""
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        add_error(
            errors,
            field,
            gettext("must be a whole number between %(low)s and %(high)s")
            % {"low": low, "high": high},
        )


def check_codes(errors: FieldErrors, field: str, values, known: frozenset, what: str) -> None:
    """A list of codes from a fixed set (languages, countries)."""
    if not isinstance(values, list):
        add_error(errors, field, gettext("must be a list"))
        return
    for index, value in enumerate(values):
        if value not in known:
            add_error(
                errors,
                f"{field}[{index}]",
                gettext("unknown %(what)s %(value)s")
                % {"what": gettext(what), "value": repr(value)},
            )


def check_languages(errors: FieldErrors, field: str, values) -> None:
    """ISO 639-1 language codes."""
    check_codes(errors, field, values, LANGUAGE_CODES, gettext_noop("language code"))


def check_regions(errors: FieldErrors, field: str, values) -> None:
    """ISO 3166-1 alpha-2 country codes, or "global"."""
    check_codes(errors, field, values, COUNTRY_CODES | {"global"}, gettext_noop("country code"))


def check_url(errors: FieldErrors, field: str, value) -> None:
    """An http(s) URL, or empty."""
    if value in ("", None):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        add_error(errors, field, gettext("must be an http(s) URL"))
