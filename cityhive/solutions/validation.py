"""Checking a solution's or implementation's fields, in the exchange format's shape.

The services and the exchange import both use these, so a bad value gets the same message whether it
came from a form, the API or line 12 of a file.
"""

from django.utils.translation import gettext

from cityhive.core import checks
from cityhive.core.checks import FieldErrors, add_error
from cityhive.core.storable import storable_check
from cityhive.solutions.models import (
    CostLevel,
    Implementation,
    ImplementationStatus,
    Solution,
    Timeline,
)
from cityhive.taxonomy.vocabulary import Vocabulary

MAX_POPULATION = 10**10
SOLUTION_FIELDS = (
    "title",
    "summary",
    "description",
    "categories",
    "sdg_targets",
    "kpis",
    "addresses",
    "cost_level",
    "timeline",
    "cobenefits",
    "maturity",
    "regions_served",
    "languages",
    "population_range",
    "pricing_model",
    "tags",
    "website",
)


def solution_check(data: dict, *, vocabulary: Vocabulary) -> FieldErrors:
    """Every problem with a solution's fields, by field path."""
    errors: FieldErrors = {}
    checks.check_text(errors, "title", data.get("title"), max_length=200, required=True)
    checks.check_text(errors, "summary", data.get("summary"), max_length=600, required=True)
    checks.check_text(
        errors, "description", data.get("description", ""), max_length=50_000, required=False
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
    checks.check_choice(errors, "cost_level", data.get("cost_level", ""), CostLevel.values)
    checks.check_choice(errors, "timeline", data.get("timeline", ""), Timeline.values)
    _check_cobenefits(errors, data.get("cobenefits", {}))
    checks.check_int(errors, "maturity", data.get("maturity"), low=1, high=9)
    checks.check_regions(errors, "regions_served", data.get("regions_served", []))
    checks.check_languages(errors, "languages", data.get("languages", []))
    _check_population_range(errors, data.get("population_range"))
    checks.check_text(
        errors, "pricing_model", data.get("pricing_model", ""), max_length=100, required=False
    )
    _check_tags(errors, data.get("tags", []))
    checks.check_url(errors, "website", data.get("website", ""))
    return storable_check(Solution, data, errors=errors)


def implementation_check(data: dict, *, vocabulary: Vocabulary) -> FieldErrors:
    """Every problem with an implementation's fields, by field path."""
    errors: FieldErrors = {}
    checks.check_int(errors, "year", data.get("year"), low=1950, high=2100)
    if data.get("year") is None:
        add_error(errors, "year", gettext("is required"))
    checks.check_choice(
        errors, "status", data.get("status"), ImplementationStatus.values, blank=False
    )
    checks.check_text(errors, "summary", data.get("summary", ""), max_length=5_000, required=False)
    changes = data.get("kpi_changes", [])
    if not isinstance(changes, list):
        add_error(errors, "kpi_changes", gettext("must be a list"))
        return errors
    known = vocabulary.codes("kpi")
    for index, change in enumerate(changes):
        _check_kpi_change(errors, f"kpi_changes[{index}]", change, known)
    return storable_check(Implementation, data, errors=errors)


def _check_kpi_change(errors: FieldErrors, path: str, change, known: frozenset) -> None:
    if not isinstance(change, dict):
        add_error(errors, path, gettext("must be an object with kpi, before, after, unit, year"))
        return
    if change.get("kpi") not in known:
        add_error(
            errors,
            f"{path}.kpi",
            gettext("unknown KPI %(code)s") % {"code": repr(change.get("kpi"))},
        )
    for key in ("before", "after"):
        value = change.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
            add_error(errors, f"{path}.{key}", gettext("must be a number"))
    checks.check_int(errors, f"{path}.year", change.get("year"), low=1950, high=2100)


def _check_cobenefits(errors: FieldErrors, cobenefits) -> None:
    if not isinstance(cobenefits, dict):
        add_error(errors, "cobenefits", gettext("must be an object of name -> -2..2"))
        return
    for name, value in cobenefits.items():
        checks.check_int(errors, f"cobenefits.{name}", value, low=-2, high=2)


def _check_population_range(errors: FieldErrors, value) -> None:
    if value is None:
        return
    valid = (
        isinstance(value, list)
        and len(value) == 2
        and all(
            isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= MAX_POPULATION
            for v in value
        )
    )
    if not valid or value[0] > value[1]:
        add_error(
            errors,
            "population_range",
            f"must be [min, max] with 0 <= min <= max <= {MAX_POPULATION:,}, or null",
        )


def _check_tags(errors: FieldErrors, tags) -> None:
    if not isinstance(tags, list) or not all(isinstance(t, str) and len(t) <= 60 for t in tags):
        add_error(errors, "tags", gettext("must be a list of short texts (60 characters at most)"))
