"""Finding rows by exchange id: their external id, or the id generated for rows without one.

A row without an external id is exported as "org-<slug>" (organisations) or "<type>-<pk>" (the
others), so importing an export into the same platform updates the same rows.
"""

from django.db import connection
from django.db.models import CharField, F, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Collate, Concat, NullIf

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


def exchange_id_of(kind: str, row) -> str:
    """The exchange id of a row of that type."""
    if row.external_id:
        return row.external_id
    suffix = row.slug if kind == "organization" else row.pk
    return f"{GENERATED_PREFIX[kind]}{suffix}"


def exchange_id_expression(kind: str, prefix: str = ""):
    """The exchange id as a database expression (`prefix` follows a relation, e.g. "city__")."""
    generated = F(f"{prefix}slug") if kind == "organization" else Cast(f"{prefix}pk", CharField())
    return Coalesce(
        NullIf(f"{prefix}external_id", Value("")),
        Concat(Value(GENERATED_PREFIX[kind]), generated, output_field=CharField()),
        output_field=CharField(),
    )


def exchange_id_order(expression):
    """Order by the id's characters (code points), the same on SQLite and PostgreSQL."""
    return Collate(expression, "C") if connection.vendor == "postgresql" else expression


def _generated_keys(kind: str, ids: list[str]) -> list:
    prefix = GENERATED_PREFIX[kind]
    keys = [i.removeprefix(prefix) for i in ids if i.startswith(prefix)]
    if kind == "organization":
        return keys
    return [int(key) for key in keys if key.isascii() and key.isdigit() and len(key) < 19]


def rows_by_exchange_id(kind: str, ids, queryset: QuerySet | None = None) -> dict:
    """Rows of a type by exchange id; an external id wins over a generated one."""
    queryset = MODELS[kind].objects.all() if queryset is None else queryset
    found: dict = {}
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        field = "slug__in" if kind == "organization" else "pk__in"
        no_external = Q(external_id__isnull=True) | Q(external_id="")
        generated = no_external & Q(**{field: _generated_keys(kind, chunk)})
        for row in queryset.filter(Q(external_id__in=chunk) | generated):
            key = exchange_id_of(kind, row)
            if key not in found or row.external_id:
                found[key] = row
    return found
