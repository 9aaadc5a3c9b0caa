"""A fast yes/no check of a value against a JSON Schema, for the keywords our schemas use.

The `jsonschema` library is thorough but slow (about 0.3 ms a line). Nearly every line of a large
import is valid, so each line first goes through this compiled check (a few microseconds); only a
line it refuses goes through `jsonschema`, which finds and words the errors. Compiling a schema
with a keyword this module does not implement fails, so the two cannot silently disagree; a test
compares them on generated values.
"""

import re
from collections.abc import Callable

Check = Callable[[object], bool]
ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "format", "examples", "default"}
)
TYPES: dict[str, Check] = {
    "null": lambda value: value is None,
    "boolean": lambda value: isinstance(value, bool),
    "string": lambda value: isinstance(value, str),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "integer": lambda value: (
        (isinstance(value, int) and not isinstance(value, bool))
        or (isinstance(value, float) and value.is_integer())
    ),
}


def _is_number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def compile_schema(schema: dict) -> Check:
    """A function telling whether a value is valid against the schema."""
    return _compile(schema, schema.get("$defs", {}))


def _compile(node: dict, defs: dict) -> Check:
    checks = [
        _keyword(keyword, value, node, defs)
        for keyword, value in node.items()
        if keyword not in ANNOTATIONS and keyword != "additionalProperties"
    ]
    if "additionalProperties" in node:
        checks.append(_additional(node["additionalProperties"], node, defs))

    def check(value) -> bool:
        return all(one(value) for one in checks)

    return check


def _keyword(keyword: str, value, node: dict, defs: dict) -> Check:
    if keyword == "type":
        names = [value] if isinstance(value, str) else value
        tests = [TYPES[name] for name in names]
        return lambda v: any(test(v) for test in tests)
    if keyword == "$ref":
        prefix = "#/$defs/"
        if not value.startswith(prefix):
            raise ValueError(f"Only local $defs references are supported, not {value}.")
        return _compile(defs[value.removeprefix(prefix)], defs)
    if keyword in ("const", "enum"):
        return _enum([value] if keyword == "const" else value)
    if keyword == "required":
        return lambda v: not isinstance(v, dict) or all(name in v for name in value)
    if keyword == "properties":
        return _properties(value, defs)
    if keyword == "items":
        item = _compile(value, defs)
        return lambda v: not isinstance(v, list) or all(item(x) for x in v)
    return _bound(keyword, value)


def _bound(keyword: str, limit) -> Check:
    if keyword == "minItems":
        return lambda v: not isinstance(v, list) or len(v) >= limit
    if keyword == "maxItems":
        return lambda v: not isinstance(v, list) or len(v) <= limit
    if keyword == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= limit
    if keyword == "maxLength":
        return lambda v: not isinstance(v, str) or len(v) <= limit
    if keyword == "minimum":
        return lambda v: not _is_number(v) or v >= limit
    if keyword == "maximum":
        return lambda v: not _is_number(v) or v <= limit
    if keyword == "pattern":
        pattern = re.compile(limit)
        return lambda v: not isinstance(v, str) or pattern.search(v) is not None
    raise ValueError(f"The keyword {keyword!r} is not supported by the fast check.")


def _enum(choices: list) -> Check:
    if not all(choice is None or isinstance(choice, str) for choice in choices):
        raise ValueError("Only enums of strings and null are supported by the fast check.")
    texts = frozenset(choice for choice in choices if choice is not None)
    nullable = None in choices
    return lambda v: (v is None and nullable) or (isinstance(v, str) and v in texts)


def _properties(properties: dict, defs: dict) -> Check:
    compiled = {name: _compile(schema, defs) for name, schema in properties.items()}

    def check(value) -> bool:
        if not isinstance(value, dict):
            return True
        return all(test(value[name]) for name, test in compiled.items() if name in value)

    return check


def _additional(allowed, node: dict, defs: dict) -> Check:
    known = frozenset(node.get("properties", {}))
    if allowed is True:
        return lambda v: True
    if allowed is False:
        return lambda v: not isinstance(v, dict) or known.issuperset(v)
    other = _compile(allowed, defs)
    return lambda v: (
        not isinstance(v, dict) or all(other(item) for name, item in v.items() if name not in known)
    )
