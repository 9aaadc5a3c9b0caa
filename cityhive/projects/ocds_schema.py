"""The OCDS 1.1 schemas shipped in `schemas/`, to check an export against.

Two checks, both offline:

- the official release-package and release schemas (1.1.5), with format checks;
- the release schema merged with the published extensions (a test fixture of ocdskit 1.7.0, see
  `schemas/README.md`), which declares the extensions' fields the export carries (finance,
  metrics). OCDS allows fields a schema does not declare, so a misnamed field would pass plain
  validation: `extended_package_errors` also reports every field the merged schema does not
  declare.

The release-package schema names the release schema by its published address; the local copy
answers for it (the official one, or the merged one, which keeps the same `id`).
"""

import json
import re
from functools import cache
from importlib import resources

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

MERGED_RELEASE_SCHEMA = "release-schema-merged-extensions.json"


def _schema(name: str) -> dict:
    text = resources.files("cityhive.projects").joinpath(f"schemas/{name}").read_text("utf-8")
    return json.loads(text)


def _validator(release: dict, *, formats: bool) -> Draft4Validator:
    resource = Resource.from_contents(release, default_specification=DRAFT4)
    registry = Registry().with_resource(release["id"], resource)
    package = _schema("release-package-schema.json")
    checker = FormatChecker() if formats else None
    return Draft4Validator(package, registry=registry, format_checker=checker)


@cache
def package_validator() -> Draft4Validator:
    """A validator of OCDS 1.1 release packages (the official schemas, with format checks)."""
    return _validator(_schema("release-schema.json"), formats=True)


@cache
def merged_release_schema() -> dict:
    """The release schema merged with the published extensions (ocdskit's fixture, unchanged)."""
    return _schema(MERGED_RELEASE_SCHEMA)


@cache
def extended_package_validator() -> Draft4Validator:
    """A validator of release packages against the release schema merged with the extensions."""
    return _validator(merged_release_schema(), formats=False)


def package_errors(package: dict) -> list[str]:
    """What makes a release package invalid against the official schema (empty: valid)."""
    return [error.message for error in package_validator().iter_errors(package)]


def _definition(schema: dict, root: dict) -> tuple[str | None, dict]:
    """The definition a `$ref` names (its name and schema), or the schema itself."""
    name = None
    while "$ref" in schema and schema["$ref"].startswith("#/definitions/"):
        name = schema["$ref"].removeprefix("#/definitions/")
        schema = root["definitions"][name]
    return name, schema


def _fields(value, schema: dict, core: dict | None, path: str, out: dict) -> None:
    """Walk `value` along the merged schema and the official one (`core`: the same place in it,
    None where it has no such field): `out["undeclared"]` gets the paths the merged schema does
    not declare, `out["extensions"]` the extensions of the fields the official schema lacks. A
    definition the official schema also has (Value, Period, ...) is the official one again."""
    merged_root, core_root = merged_release_schema(), _core_schema()
    name, schema = _definition(schema, merged_root)
    if name in core_root["definitions"]:
        core = core_root["definitions"][name]
    elif core is not None:
        core = _definition(core, core_root)[1]
    if isinstance(value, list):
        core_items = core.get("items") if core else None
        for index, item in enumerate(value):
            _fields(item, schema.get("items", {}), core_items, f"{path}/{index}", out)
        return
    if not isinstance(value, dict):
        return
    properties = schema.get("properties", {})
    core_properties = core.get("properties", {}) if core else {}
    for key, item in value.items():
        where = f"{path}/{key}"
        if key in properties:
            field = properties[key]
            core_field = core_properties.get(key)
            if core_field is None and "extension" in field:
                out["extensions"].add(field["extension"])
            _fields(item, field, core_field, where, out)
        elif any(re.search(pattern, key) for pattern in schema.get("patternProperties", {})):
            continue
        elif schema.get("additionalProperties", True) is not False:
            out["undeclared"].append(where)


@cache
def _core_schema() -> dict:
    return _schema("release-schema.json")


def _walk(package: dict) -> dict:
    out: dict = {"undeclared": [], "extensions": set()}
    declared = _schema("release-package-schema.json")["properties"]
    out["undeclared"] += [f"/{key}" for key in package if key not in declared]
    for index, release in enumerate(package.get("releases", [])):
        _fields(release, merged_release_schema(), _core_schema(), f"/releases/{index}", out)
    return out


def extension_of(schema_url: str) -> str:
    """The extension.json address of an extension, from its release schema's address."""
    return schema_url.removesuffix("release-schema.json") + "extension.json"


def extensions_used(package: dict) -> set[str]:
    """The extensions (their extension.json addresses) whose fields the package carries, by the
    merged schema's annotations, counting only fields the official schema does not declare."""
    return {extension_of(url) for url in _walk(package)["extensions"]}


def _known_conflict(error) -> bool:
    """The one place where the merged schema contradicts the official one for our releases: the
    PPP profile's 1.0.0-beta extension allows only `initiationType: "ppp"`, which the official
    1.1.5 schema refuses (its closed codelist has only "tender"). The export keeps "tender"."""
    path = list(error.absolute_path)
    return (
        len(path) == 3
        and path[0] == "releases"
        and path[2] == "initiationType"
        and error.validator == "enum"
        and error.instance == "tender"
        and error.validator_value == ["ppp"]
    )


def extended_package_errors(package: dict) -> list[str]:
    """What makes a release package invalid against the merged schema (but for the known
    conflict above), every field it does not declare (a misnamed field), and every extension
    used but not listed (empty: valid)."""
    errors = [
        error.message
        for error in extended_package_validator().iter_errors(package)
        if not _known_conflict(error)
    ]
    walked = _walk(package)
    errors += [f"{path} is not a field of OCDS or its extensions" for path in walked["undeclared"]]
    listed = set(package.get("extensions", []))
    for url in sorted({extension_of(u) for u in walked["extensions"]} - listed):
        errors.append(f"extension not listed in 'extensions': {url}")
    return errors
