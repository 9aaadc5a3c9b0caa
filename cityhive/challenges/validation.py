"""Checking a challenge's fields and a needs profile's items, in the exchange format's shape."""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext

from cityhive.challenges.models import Challenge, ChallengeStatus, NeedItem, Visibility
from cityhive.core import checks
from cityhive.core.checks import FieldErrors, add_error
from cityhive.core.storable import storable_check
from cityhive.taxonomy.vocabulary import NEED_SOURCES, Vocabulary

CHALLENGE_FIELDS = (
    "title",
    "description",
    "categories",
    "sdg_targets",
    "kpis",
    "addresses",
    "budget",
    "deadline",
    "visibility",
    "status",
)
CURRENCY_LENGTH = 3
MAX_AMOUNT = Decimal(10**13)  # the budget columns hold 14 digits before the decimal point


def challenge_check(data: dict, *, vocabulary: Vocabulary) -> FieldErrors:
    """Every problem with a challenge's fields, by field path."""
    errors: FieldErrors = {}
    checks.check_text(errors, "title", data.get("title"), max_length=200, required=True)
    checks.check_text(
        errors, "description", data.get("description"), max_length=50_000, required=True
    )
    vocabulary.check_codes(
        data.get("categories", []), facet="category", field="categories", errors=errors
    )
    vocabulary.check_codes(
        data.get("sdg_targets", []), facet="sdg_target", field="sdg_targets", errors=errors
    )
    vocabulary.check_codes(data.get("kpis", []), facet="kpi", field="kpis", errors=errors)
    vocabulary.check_weighted(
        data.get("addresses", []), field="addresses", weight="strength", errors=errors
    )
    _check_budget(errors, data.get("budget"))
    _check_deadline(errors, data.get("deadline"))
    checks.check_choice(
        errors, "visibility", data.get("visibility", "public"), Visibility.values, blank=False
    )
    checks.check_choice(
        errors, "status", data.get("status", "draft"), ChallengeStatus.values, blank=False
    )
    return storable_check(Challenge, data, errors=errors)


def needs_visibility_check(visibility) -> FieldErrors:
    """A needs profile's visibility: public, partners or private."""
    errors: FieldErrors = {}
    checks.check_choice(errors, "visibility", visibility, Visibility.values, blank=False)
    return errors


def needs_check(items, *, vocabulary: Vocabulary) -> FieldErrors:
    """Every problem with a needs profile's items, by field path."""
    errors: FieldErrors = {}
    vocabulary.check_weighted(
        items, field="items", weight="weight", errors=errors, sources=NEED_SOURCES
    )
    if isinstance(items, list):
        seen: set[tuple] = set()
        for index, item in enumerate(items):
            key = (item.get("facet"), str(item.get("value"))) if isinstance(item, dict) else None
            if key in seen:
                add_error(errors, f"items[{index}]", gettext("repeats a facet value listed before"))
            seen.add(key)
            if isinstance(item, dict):
                storable_check(NeedItem, item, errors=errors, prefix=f"items[{index}]")
    return errors


def _amount(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and 0 <= amount <= MAX_AMOUNT else None


def _check_budget(errors: FieldErrors, budget) -> None:
    if budget is None:
        return
    if not isinstance(budget, dict):
        add_error(errors, "budget", gettext("must be an object {min, max, currency}"))
        return
    low, high = budget.get("min"), budget.get("max")
    for key, value in (("min", low), ("max", high)):
        if value is not None and _amount(value) is None:
            add_error(
                errors,
                f"budget.{key}",
                gettext("must be a number from 0 to %(max)s") % {"max": f"{MAX_AMOUNT:,}"},
            )
    if _amount(low) is not None and _amount(high) is not None and _amount(low) > _amount(high):
        add_error(errors, "budget.max", gettext("must not be below budget.min"))
    currency = budget.get("currency")
    if not (
        isinstance(currency, str)
        and len(currency) == CURRENCY_LENGTH
        and currency.isalpha()
        and currency.isupper()
    ):
        add_error(errors, "budget.currency", gettext("must be an ISO 4217 code such as EUR or BRL"))


def _check_deadline(errors: FieldErrors, deadline) -> None:
    if deadline in (None, ""):
        return
    try:
        datetime.date.fromisoformat(str(deadline))
    except ValueError:
        add_error(errors, "deadline", gettext("must be an ISO date (YYYY-MM-DD)"))
