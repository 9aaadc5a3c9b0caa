"""Checking one exchange line: its JSON Schema (structure), then the domain checks (meaning).

The domain checks are the ones the forms use (`solution_check`, `challenge_check`, ...), so a bad
value gets the same message from a form and from line 12 of a file. The schema's own messages are
used where the domain checks say nothing: for a missing field, a wrong JSON type, an unknown
field inside an object, or a limit only the schema knows.
"""

import json
import re
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError as SchemaError

from cityhive.challenges.validation import challenge_check, needs_check
from cityhive.core import checks
from cityhive.core.checks import COUNTRY_CODES, FieldErrors, add_error
from cityhive.directory.models import OrganisationKind
from cityhive.exchange.fastschema import compile_schema
from cityhive.exchange.records import TYPES
from cityhive.exchange.registry import contributed
from cityhive.solutions.validation import implementation_check, solution_check
from cityhive.taxonomy.vocabulary import Vocabulary

# Keywords whose failure means the value has the wrong shape: the schema's message is the one
# reported, and the domain checks never see that field.
STRUCTURAL = frozenset({"type", "required", "additionalProperties", "const"})
TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "an object",
    "boolean": "true or false",
    "null": "null",
}
REGION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")
MAX_BIGINT = 2**63 - 1


def schema(kind: str) -> dict:
    """The JSON Schema of a type: shipped in cityhive/exchange/schemas/, or its contributor's."""
    line_type = contributed(kind)
    return line_type.schema if line_type is not None else _own_schema(kind)


@cache
def _own_schema(kind: str) -> dict:
    text = resources.files("cityhive.exchange").joinpath(f"schemas/{kind}.schema.json")
    return json.loads(text.read_text(encoding="utf-8"))


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


@cache
def _valid(kind: str):
    return compile_schema(schema(kind))


def path_text(parts) -> str:
    """`["addresses", 1, "strength"]` -> `addresses[1].strength`."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _join(base: str, name: str) -> str:
    return f"{base}.{name}" if base else name


def _range_message(node: dict) -> str:
    low, high = node.get("minimum"), node.get("maximum")
    types = node.get("type", [])
    whole = "integer" in types and "number" not in types
    what = "a whole number " if whole else ""
    if low is not None and high is not None:
        return f"must be {what}between {low} and {high}"
    return f"must be {what}at least {low}" if low is not None else f"must be at most {high}"


def _messages(error: SchemaError) -> list[tuple[str, str]]:
    """(path, message) pairs in our wording for one schema error."""
    base, keyword, node = path_text(error.absolute_path), error.validator, error.schema
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in error.instance]
        return [(_join(base, name), "is required") for name in missing]
    if keyword == "additionalProperties":
        allowed = node.get("properties", {})
        return [
            (_join(base, name), "unknown field") for name in error.instance if name not in allowed
        ]
    if keyword == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        words = [TYPE_WORDS[name] for name in wanted if name != "null"]
        nullable = " (or null)" if "null" in wanted else ""
        return [(base, f"must be {' or '.join(words)}{nullable}")]
    return [(base, _value_message(keyword, error))]


def _value_message(keyword: str, error: SchemaError) -> str:
    if keyword == "enum":
        choices = [str(choice) for choice in error.validator_value if choice not in ("", None)]
        return f"must be one of {', '.join(choices)}"
    if keyword in ("minimum", "maximum"):
        return _range_message(error.schema)
    if keyword == "minLength":
        return "must not be empty"
    if keyword == "maxLength":
        return f"must be at most {error.validator_value} characters"
    if keyword in ("minItems", "maxItems"):
        return f"must have {error.validator_value} items"
    return f"does not match the format: {error.message}"


def _top(path: str) -> str:
    return re.split(r"[.\[]", path, maxsplit=1)[0]


def _related(path: str, other: str) -> bool:
    """True when one path is the other or lies inside it."""
    shorter, longer = sorted((path, other), key=len)
    return longer == shorter or longer.startswith((f"{shorter}.", f"{shorter}["))


def schema_check(kind: str, data: dict) -> tuple[FieldErrors, FieldErrors]:
    """Structural and value errors of a line against its type's schema."""
    structural: FieldErrors = {}
    values: FieldErrors = {}
    if _valid(kind)(data):
        return structural, values
    for error in _validator(kind).iter_errors(data):
        target = structural if error.validator in STRUCTURAL else values
        for path, message in _messages(error):
            if message not in target.get(path, []):
                add_error(target, path, message)
    return structural, values


def line_check(kind: str, data: dict, *, vocabulary: Vocabulary) -> FieldErrors:
    """Every problem of one line of a known type, by field path."""
    structural, values = schema_check(kind, data)
    broken = {_top(path) for path in structural}
    # null means "not given": the domain checks then apply their defaults.
    sound = {k: v for k, v in data.items() if k not in broken and v is not None}
    line_type = contributed(kind)
    domain_check = DOMAIN_CHECKS[kind] if line_type is None else line_type.check
    domain = domain_check(sound, vocabulary)
    kept = {path: messages for path, messages in domain.items() if _top(path) not in broken}
    errors: FieldErrors = {**structural}
    for path, messages in kept.items():
        errors.setdefault(path, []).extend(messages)
    for path, messages in values.items():
        if not any(_related(path, other) for other in [*kept, *structural]):
            errors.setdefault(path, []).extend(messages)
    return errors


# --- domain checks per type --------------------------------------------------------------------


def organization_check(data: dict) -> FieldErrors:
    """Every problem with an organization's fields, by field path."""
    errors: FieldErrors = {}
    kind = data.get("kind")
    checks.check_text(errors, "name", data.get("name"), max_length=200, required=True)
    checks.check_choice(errors, "kind", kind, OrganisationKind.values, blank=False)
    _check_country(errors, data.get("country"), kind)
    _check_region(errors, data.get("region"), data.get("country"))
    if data.get("geonames_id") is not None and kind != OrganisationKind.CITY:
        add_error(errors, "geonames_id", "only a city links to a GeoNames place")
    checks.check_int(errors, "population", data.get("population"), low=0, high=MAX_BIGINT)
    area = data.get("area_km2")
    if (area is not None and (isinstance(area, bool) or not isinstance(area, int | float))) or (
        area is not None and area < 0
    ):
        add_error(errors, "area_km2", "must be a number of at least 0")
    checks.check_text(
        errors, "description", data.get("description") or "", max_length=10_000, required=False
    )
    checks.check_url(errors, "website", data.get("website") or "")
    checks.check_languages(errors, "languages", data.get("languages", []))
    if not isinstance(data.get("context", {}), dict):
        add_error(errors, "context", "must be an object")
    return errors


def _check_country(errors: FieldErrors, country, kind) -> None:
    if country in (None, ""):
        if kind != OrganisationKind.INTERNATIONAL_ORG:
            add_error(errors, "country", "is required (only an international_org may omit it)")
    elif country not in COUNTRY_CODES:
        add_error(errors, "country", f"unknown country code {country!r}")


def _check_region(errors: FieldErrors, region, country) -> None:
    if region in (None, ""):
        return
    if not isinstance(region, str) or not REGION.match(region):
        add_error(errors, "region", "must be an ISO 3166-2 code such as BR-PE")
    elif region[:2] != country:
        add_error(errors, "region", f"must be a region of the country {country!r}")


def _organization(data: dict, vocabulary: Vocabulary) -> FieldErrors:
    return organization_check(data)


def _solution(data: dict, vocabulary: Vocabulary) -> FieldErrors:
    return solution_check(data, vocabulary=vocabulary)


def _implementation(data: dict, vocabulary: Vocabulary) -> FieldErrors:
    return implementation_check(data, vocabulary=vocabulary)


def _needs(data: dict, vocabulary: Vocabulary) -> FieldErrors:
    return needs_check(data.get("items", []), vocabulary=vocabulary)


def _challenge(data: dict, vocabulary: Vocabulary) -> FieldErrors:
    return challenge_check(data, vocabulary=vocabulary)


DOMAIN_CHECKS = {
    "organization": _organization,
    "solution": _solution,
    "implementation": _implementation,
    "needs": _needs,
    "challenge": _challenge,
}
assert set(DOMAIN_CHECKS) == set(TYPES)
