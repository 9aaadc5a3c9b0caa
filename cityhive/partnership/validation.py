"""Checking an application's and a tier's fields: one message per field path, whatever the
channel (the pages' forms and the API show the same words)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from cityhive.core.checks import FieldErrors, add_error
from cityhive.core.storable import storable_check
from cityhive.partnership.models import Application, Tier, Unlock

MIN_REFERENCES = 2
MAX_REFERENCES = 5
REFERENCE_FIELDS = {"name": 200, "organisation": 200, "email": 254, "relation": 300}
SDG_GOALS = range(1, 18)
MAX_FEE = Decimal(10**10)


def _text(errors: FieldErrors, path: str, value, *, max_length: int, required: bool) -> None:
    if not isinstance(value, str):
        add_error(errors, path, _("must be text"))
    elif required and not value.strip():
        add_error(errors, path, _("is required"))
    elif len(value) > max_length:
        add_error(errors, path, _("must be at most %(n)d characters") % {"n": max_length})


def references_check(errors: FieldErrors, references, *, complete: bool) -> None:
    """Each reference has a name, organisation, email and relation; a submission needs 2 to 5."""
    if not isinstance(references, list):
        add_error(errors, "references", _("must be a list"))
        return
    if len(references) > MAX_REFERENCES:
        add_error(errors, "references", _("give at most %(n)d references") % {"n": MAX_REFERENCES})
    if complete and len(references) < MIN_REFERENCES:
        add_error(errors, "references", _("give at least %(n)d references") % {"n": MIN_REFERENCES})
    for index, reference in enumerate(references):
        path = f"references[{index}]"
        if not isinstance(reference, dict) or set(reference) - set(REFERENCE_FIELDS):
            add_error(errors, path, _("must have a name, organisation, email and relation"))
            continue
        for field, max_length in REFERENCE_FIELDS.items():
            value = reference.get(field, "")
            _text(errors, f"{path}.{field}", value, max_length=max_length, required=True)
        email = reference.get("email", "")
        if isinstance(email, str) and email.strip():
            try:
                validate_email(email)
            except ValidationError:
                add_error(errors, f"{path}.email", _("must be an email address"))


def sdgs_check(errors: FieldErrors, sdgs, *, complete: bool) -> None:
    """Goal numbers 1 to 17, each once; a submission commits to at least one."""
    if not isinstance(sdgs, list):
        add_error(errors, "sdgs", _("must be a list"))
        return
    for index, goal in enumerate(sdgs):
        if isinstance(goal, bool) or not isinstance(goal, int) or goal not in SDG_GOALS:
            add_error(errors, f"sdgs[{index}]", _("must be an SDG number from 1 to 17"))
    if len(set(map(str, sdgs))) != len(sdgs):
        add_error(errors, "sdgs", _("name each goal once"))
    if complete and not sdgs:
        add_error(errors, "sdgs", _("commit to at least one SDG"))


def application_check(data: dict, *, complete: bool) -> FieldErrors:
    """Problems of an application's fields; `complete`: what a submission needs as well."""
    errors: FieldErrors = {}
    if "references" in data:
        references_check(errors, data["references"], complete=complete)
    if "sdgs" in data:
        sdgs_check(errors, data["sdgs"], complete=complete)
    if "motivation" in data:
        _text(errors, "motivation", data["motivation"], max_length=5_000, required=False)
    return _storable(Application, data, errors)


def tier_check(data: dict) -> FieldErrors:
    """Problems of a tier's fields (only those given are checked)."""
    errors: FieldErrors = {}
    if "name" in data:
        _text(errors, "name", data["name"], max_length=100, required=True)
    if "benefits" in data:
        _text(errors, "benefits", data["benefits"], max_length=5_000, required=False)
    if "currency" in data:
        currency = data["currency"]
        if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
            add_error(errors, "currency", _("must be a three-letter currency code, e.g. EUR"))
    if "annual_fee" in data:
        _fee_check(errors, data["annual_fee"])
    if "unlocks" in data:
        unlocks = data["unlocks"]
        if not isinstance(unlocks, list) or any(code not in Unlock.values for code in unlocks):
            add_error(errors, "unlocks", _("choose among the listed benefits"))
    if "position" in data:
        position = data["position"]
        if isinstance(position, bool) or not isinstance(position, int) or not 0 <= position <= 999:
            add_error(errors, "position", _("must be a whole number between 0 and 999"))
    return _storable(Tier, data, errors)


def _storable(model, data: dict, errors: FieldErrors) -> FieldErrors:
    """The database's limits, for the fields the domain checks found no problem with."""
    unchecked = {key: value for key, value in data.items() if key not in errors}
    return storable_check(model, unchecked, errors=errors)


def _fee_check(errors: FieldErrors, fee) -> None:
    try:
        amount = Decimal(str(fee))
    except (InvalidOperation, ValueError):
        add_error(errors, "annual_fee", _("must be an amount"))
        return
    if not amount.is_finite() or amount < 0 or amount >= MAX_FEE:
        add_error(errors, "annual_fee", _("must be an amount from 0 to 9,999,999,999.99"))
    elif amount.as_tuple().exponent < -2:
        add_error(errors, "annual_fee", _("must have at most two decimals"))
