"""Finding rows by exchange id: their external id, or the id generated for rows without one.

A row without an external id is exported as "org-<slug>" (organisations) or "<type>-<pk>" (the
others), so importing an export into the same platform updates the same rows. Ids beginning with
those prefixes belong to the platform: an external id of that form (stored before imports refused
them) is ignored, so a generated id only ever names the row it was generated for, and no two rows
share an exchange id.
"""

import re

from django.db import connection
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Collate, Concat, Left
from django.db.models.lookups import Exact

from cityhive.challenges.models import Challenge
from cityhive.directory.models import Organisation
from cityhive.exchange.records import GENERATED_PREFIX
from cityhive.solutions.models import Implementation, Solution

MODELS = {
    "organization": Organisation,
    "solution": Solution,
    "implementation": Implementation,
    "challenge": Challenge,
}
CHUNK = 500
# What follows the prefix in an id the platform generates: a slug, or a number as it writes one.
GENERATED_KEY = {
    "organization": re.compile(r"[-a-zA-Z0-9_]{1,220}"),
    "solution": re.compile(r"[1-9][0-9]{0,17}"),
    "implementation": re.compile(r"[1-9][0-9]{0,17}"),
    "challenge": re.compile(r"[1-9][0-9]{0,17}"),
}


def is_generated_form(kind: str, ident: str) -> bool:
    """Does this id begin like the ids the platform generates for that type?"""
    return kind in GENERATED_PREFIX and ident.startswith(GENERATED_PREFIX[kind])


def generated_key(kind: str, ident: str) -> str | int | None:
    """The slug or pk a generated-form id names; None if the platform would never write it."""
    if not is_generated_form(kind, ident):
        return None
    key = ident.removeprefix(GENERATED_PREFIX[kind])
    if not GENERATED_KEY[kind].fullmatch(key):
        return None
    return key if kind == "organization" else int(key)


def external_id_of(kind: str, row) -> str | None:
    """A row's external id, unless empty or of the generated form (then it has none)."""
    external = row.external_id
    return external if external and not is_generated_form(kind, external) else None


def exchange_id_of(kind: str, row) -> str:
    """The exchange id of a row of that type."""
    external = external_id_of(kind, row)
    if external:
        return external
    suffix = row.slug if kind == "organization" else row.pk
    return f"{GENERATED_PREFIX[kind]}{suffix}"


def exchange_id_expression(kind: str, prefix: str = ""):
    """The exchange id as a database expression (`prefix` follows a relation, e.g. "city__")."""
    column = f"{prefix}external_id"
    mark = GENERATED_PREFIX[kind]
    key = F(f"{prefix}slug") if kind == "organization" else Cast(f"{prefix}pk", CharField())
    generated = Concat(Value(mark), key, output_field=CharField())
    return Case(
        When(**{f"{column}__isnull": True}, then=generated),
        When(**{column: ""}, then=generated),
        # Exact on a prefix: LIKE (startswith) ignores case on SQLite.
        When(Exact(Left(column, len(mark)), Value(mark)), then=generated),
        default=F(column),
        output_field=CharField(),
    )


def exchange_id_order(expression):
    """Order by the id's characters (code points), the same on SQLite and PostgreSQL."""
    return Collate(expression, "C") if connection.vendor == "postgresql" else expression


def rows_by_exchange_id(kind: str, ids, queryset: QuerySet | None = None) -> dict:
    """Rows of a type by exchange id (a row's external id, or its generated id if it has none)."""
    queryset = MODELS[kind].objects.all() if queryset is None else queryset
    found: dict = {}
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        wanted = set(chunk)
        for row in queryset.filter(_exchange_id_in(kind, chunk)):
            key = exchange_id_of(kind, row)
            if key in wanted:
                found[key] = row
    return found


def _exchange_id_in(kind: str, ids: list[str]) -> Q:
    """A filter that finds at least the rows with these exchange ids (checked again in Python)."""
    keys = [key for key in (generated_key(kind, i) for i in ids) if key is not None]
    external = [i for i in ids if not is_generated_form(kind, i)]
    field = "slug__in" if kind == "organization" else "pk__in"
    unset = Q(external_id__isnull=True) | Q(external_id="")
    unset |= Q(external_id__startswith=GENERATED_PREFIX[kind])
    return Q(external_id__in=external) | (unset & Q(**{field: keys}))
