"""The official OCDS 1.1 schema (shipped in `schemas/`), to check an export against.

The release-package schema names the release schema by its published address; the copy in the
repository answers for it, so checking needs no network.
"""

import json
from functools import cache
from importlib import resources

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4


def _schema(name: str) -> dict:
    text = resources.files("cityhive.projects").joinpath(f"schemas/{name}").read_text("utf-8")
    return json.loads(text)


@cache
def package_validator() -> Draft4Validator:
    """A validator of OCDS 1.1 release packages (the official schemas, with format checks)."""
    release = _schema("release-schema.json")
    resource = Resource.from_contents(release, default_specification=DRAFT4)
    registry = Registry().with_resource(release["id"], resource)
    package = _schema("release-package-schema.json")
    return Draft4Validator(package, registry=registry, format_checker=FormatChecker())


def package_errors(package: dict) -> list[str]:
    """What makes a release package invalid against the official schema (empty: valid)."""
    return [error.message for error in package_validator().iter_errors(package)]
