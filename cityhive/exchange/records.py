"""The exchange format's objects: ids, the canonical form of each type, and copying onto models.

One canonical form serves export (what a line looks like) and import (whether a line changes a
row): a row is unchanged when the canonical form of the line equals that of the row.
"""

import json
from decimal import Decimal

from cityhive.challenges.models import Challenge
from cityhive.challenges.services import challenge_apply, challenge_data
from cityhive.challenges.validation import CHALLENGE_FIELDS
from cityhive.directory.models import Organisation
from cityhive.solutions.models import Implementation, Solution, SolutionStatus
from cityhive.solutions.services import solution_apply, solution_data
from cityhive.solutions.validation import SOLUTION_FIELDS

# The order of types in an export; also the order in which an import writes them.
TYPES = ("organization", "solution", "implementation", "needs", "challenge")
ORGANIZATION_FIELDS = (
    "kind",
    "name",
    "country",
    "geonames_id",
    "population",
    "area_km2",
    "region",
    "description",
    "website",
    "languages",
    "context",
)
IMPLEMENTATION_FIELDS = ("year", "status", "summary", "kpi_changes")
ADDRESS_KEYS = ("facet", "value", "strength")
KPI_CHANGE_KEYS = ("kpi", "before", "after", "unit", "year")
# Fields each type defines (beyond "type"); anything else on a line is an extra field.
KNOWN_FIELDS = {
    "organization": frozenset({"id", *ORGANIZATION_FIELDS}),
    "solution": frozenset({"id", "provider", "status", *SOLUTION_FIELDS}),
    "implementation": frozenset({"id", "solution", "city", *IMPLEMENTATION_FIELDS}),
    "needs": frozenset({"city", "visibility", "items"}),
    "challenge": frozenset({"id", "city", *CHALLENGE_FIELDS}),
}
# Prefixes of the ids generated for rows that have no external id.
GENERATED_PREFIX = {
    "organization": "org-",
    "solution": "solution-",
    "implementation": "implementation-",
    "challenge": "challenge-",
}
CENT = Decimal("0.01")


def line_encode(record: dict) -> bytes:
    """One JSON line: compact, UTF-8, keys in the record's (canonical) order."""
    text = json.dumps(record, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode() + b"\n"


def extra_fields(record: dict, kind: str) -> dict:
    """A line's unknown fields, sorted by name."""
    known = KNOWN_FIELDS[kind]
    return {key: record[key] for key in sorted(record) if key != "type" and key not in known}


def canonical(value):
    """A JSON value with the keys of every object sorted (free-form objects: context, extras)."""
    if isinstance(value, dict):
        return {key: canonical(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [canonical(item) for item in value]
    return value


def _ordered(items, keys: tuple[str, ...]) -> list:
    """Objects of a list with their keys in the schema's order (databases may reorder them)."""
    return [{key: item[key] for key in keys if key in item} for item in items]


def _with_extra(record: dict, extra: dict | None) -> dict:
    for key in sorted(extra or {}):
        record.setdefault(key, canonical(extra[key]))
    return record


# --- organization ------------------------------------------------------------------------------


def organization_state(organisation: Organisation) -> dict:
    """An organisation's exchange fields (without id), in canonical order."""
    return {
        "kind": organisation.kind,
        "name": organisation.name,
        "country": str(organisation.country) or None,
        "geonames_id": organisation.place_id,
        "population": organisation.population,
        "area_km2": organisation.area_km2,
        "region": organisation.region,
        "description": organisation.description,
        "website": organisation.website,
        "languages": organisation.languages,
        "context": canonical(organisation.context),
    }


def organization_record(organisation: Organisation, *, id: str, extra: dict | None) -> dict:
    """An organisation as an exchange line."""
    record = {"type": "organization", "id": id, **organization_state(organisation)}
    return _with_extra(record, extra)


def organization_fill(organisation: Organisation, data: dict) -> None:
    """Copy a checked organization line onto the model (absent fields take their defaults)."""
    area = data.get("area_km2")
    organisation.kind = data["kind"]
    organisation.name = data["name"]
    organisation.country = data.get("country") or ""
    organisation.place_id = data.get("geonames_id")
    organisation.population = data.get("population")
    organisation.area_km2 = float(area) if area is not None else None
    organisation.region = data.get("region") or ""
    organisation.description = data.get("description") or ""
    organisation.website = data.get("website") or ""
    organisation.languages = data.get("languages", [])
    organisation.context = data.get("context", {})


# --- solution ----------------------------------------------------------------------------------


def solution_state(solution: Solution) -> dict:
    """A solution's exchange fields (without id and provider), in canonical order."""
    data = solution_data(solution)
    data["addresses"] = _ordered(data["addresses"], ADDRESS_KEYS)
    data["cobenefits"] = canonical(data["cobenefits"])
    return {"status": solution.status, **{field: data[field] for field in SOLUTION_FIELDS}}


def solution_record(solution: Solution, *, id: str, provider: str) -> dict:
    """A solution as an exchange line."""
    record = {"type": "solution", "id": id, "provider": provider, **solution_state(solution)}
    return _with_extra(record, solution.extra)


def solution_fill(solution: Solution, data: dict) -> None:
    """Copy a checked solution line onto the model, with its status and extra fields."""
    defaults = {field: None for field in SOLUTION_FIELDS if field not in ("title", "summary")}
    defaults.update(categories=[], sdg_targets=[], kpis=[], addresses=[], cobenefits={})
    defaults.update(regions_served=[], languages=[], tags=[])
    solution_apply(solution, {**defaults, **{f: data[f] for f in SOLUTION_FIELDS if f in data}})
    solution.status = data.get("status", SolutionStatus.PUBLISHED)
    solution.extra = extra_fields(data, "solution")


# --- implementation ----------------------------------------------------------------------------


def implementation_state(implementation: Implementation) -> dict:
    """An implementation's exchange fields (without id and references), in canonical order."""
    return {
        "year": implementation.year,
        "status": implementation.status,
        "summary": implementation.summary,
        "kpi_changes": _ordered(implementation.kpi_changes, KPI_CHANGE_KEYS),
    }


def implementation_record(
    implementation: Implementation, *, id: str, solution: str, city: str
) -> dict:
    """An implementation as an exchange line."""
    record = {"type": "implementation", "id": id, "solution": solution, "city": city}
    record.update(implementation_state(implementation))
    return _with_extra(record, implementation.extra)


def implementation_fill(implementation: Implementation, data: dict) -> None:
    """Copy a checked implementation line onto the model, with its extra fields."""
    implementation.year = data["year"]
    implementation.status = data["status"]
    implementation.summary = data.get("summary") or ""
    implementation.kpi_changes = data.get("kpi_changes", [])
    implementation.extra = extra_fields(data, "implementation")


# --- needs -------------------------------------------------------------------------------------


def need_items_canonical(items) -> list[dict]:
    """Needs items as stored: value as text, weight as a float, strongest first."""
    rows = [
        {
            "facet": item["facet"],
            "value": str(item["value"]),
            "weight": float(item["weight"]),
            "source": item["source"],
        }
        for item in items
    ]
    return sorted(rows, key=lambda row: (-row["weight"], row["facet"], row["value"]))


def needs_record(*, city: str, visibility: str, items: list[dict], extra: dict | None) -> dict:
    """A city's needs profile as an exchange line."""
    line = {"type": "needs", "city": city, "visibility": visibility, "items": items}
    return _with_extra(line, extra)


# --- challenge ---------------------------------------------------------------------------------


def challenge_state(challenge: Challenge) -> dict:
    """A challenge's exchange fields (without id and city), in canonical order."""
    data = challenge_data(challenge)
    data["addresses"] = _ordered(data["addresses"], ADDRESS_KEYS)
    return {field: data[field] for field in CHALLENGE_FIELDS}


def challenge_record(challenge: Challenge, *, id: str, city: str) -> dict:
    """A challenge as an exchange line."""
    record = {"type": "challenge", "id": id, "city": city, **challenge_state(challenge)}
    return _with_extra(record, challenge.extra)


def challenge_fill(challenge: Challenge, data: dict) -> None:
    """Copy a checked challenge line onto the model; budgets are kept to the cent."""
    defaults = {"categories": [], "sdg_targets": [], "kpis": [], "addresses": []}
    defaults.update(budget=None, deadline=None, visibility="public", status="draft")
    challenge_apply(challenge, {**defaults, **{f: data[f] for f in CHALLENGE_FIELDS if f in data}})
    for field in ("budget_min", "budget_max"):
        amount = getattr(challenge, field)
        if amount is not None:
            setattr(challenge, field, amount.quantize(CENT))
    challenge.extra = extra_fields(data, "challenge")
