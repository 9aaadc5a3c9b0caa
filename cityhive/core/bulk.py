"""Upserting many rows of one model at once, with the columns taken from the model itself.

The domains' bulk services (`directory`, `solutions` and `challenges` `bulk.py`) build on this:
each gives its rows as they are stored and as they should be, adds its own rules, and this module
decides what changes, touches the changed rows and writes them in batches (SQLite and PostgreSQL).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache

from django.db import connection, models
from django.utils import timezone

CREATE_BATCH = 1000
UPDATE_BATCH = 200
# Columns an upsert sets itself (when a row changes) instead of comparing them.
BOOKKEEPING = frozenset({"updated_at", "version", "is_demo"})


@dataclass
class RowWrite:
    """One row to upsert: as stored (`current`, None for a new row) and as it should be."""

    current: models.Model | None
    fresh: models.Model
    # Something stored beside the row changed (e.g. an import's extra fields): the row is touched.
    beside_changed: bool = False

    @property
    def row(self) -> models.Model:
        """The row that is (or will be) stored."""
        return self.fresh if self.current is None else self.current


@dataclass
class Upserted:
    """What an upsert did: the rows it created and changed, and how many it left unchanged."""

    created: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def written(self) -> list:
        """The rows created, then the rows changed."""
        return [*self.created, *self.changed]


@cache
def upsert_columns(model: type[models.Model], exclude: frozenset[str] = frozenset()) -> tuple:
    """The fields an upsert writes: the concrete ones but pk, identities, creation, `exclude`."""
    return tuple(
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key or f.unique or getattr(f, "auto_now_add", False))
        and f.name not in exclude
    )


def bulk_upsert(
    model: type[models.Model],
    writes: Sequence[RowWrite],
    *,
    demo: bool = False,
    exclude: Iterable[str] = (),
    now: datetime | None = None,
) -> Upserted:
    """Create the new rows and update the ones that differ; an unchanged row is not written.

    A changed row gets `updated_at = now` and, if the model has one, `version + 1`; `demo` marks
    every row written as demo data (and a demo row is never unmarked).
    """
    fields = upsert_columns(model, frozenset(exclude))
    compared = [f.attname for f in fields if f.editable and f.name not in BOOKKEEPING]
    copied = [f.attname for f in fields if f.name not in BOOKKEEPING]
    versioned = any(f.name == "version" for f in fields)
    now, done = now or timezone.now(), Upserted()
    for write in writes:
        current, fresh = write.current, write.fresh
        if current is None:
            fresh.is_demo = demo
            done.created.append(fresh)
        elif write.beside_changed or _differs(current, fresh, compared, demo):
            for attname in copied:
                setattr(current, attname, getattr(fresh, attname))
            _touch(current, now, demo=demo, versioned=versioned)
            done.changed.append(current)
        else:
            done.unchanged += 1
    bulk_save(model, created=done.created, changed=done.changed, columns=[f.name for f in fields])
    return done


def _differs(current, fresh, attnames: list[str], demo: bool) -> bool:
    if demo and not current.is_demo:
        return True
    return any(getattr(current, name) != getattr(fresh, name) for name in attnames)


def _touch(row, now: datetime, *, demo: bool, versioned: bool) -> None:
    row.updated_at = now
    row.is_demo = row.is_demo or demo
    if versioned:
        row.version += 1


def bulk_save(model: type[models.Model], *, created: list, changed: list, columns: list[str]):
    """Insert `created` and write `columns` of `changed`, in batches."""
    given = [row.pk for row in created if row.pk is not None]
    model.objects.bulk_create(created, batch_size=CREATE_BATCH)
    sequence_past(model, given)
    model.objects.bulk_update(changed, columns, batch_size=UPDATE_BATCH)


def sequence_past(model: type[models.Model], pks: list[int]) -> None:
    """Move the pk sequence past pks given explicitly, so the platform never allocates them.

    SQLite's AUTOINCREMENT does this by itself; PostgreSQL's sequences do not.
    """
    if not pks or connection.vendor != "postgresql":
        return
    table, column = connection.ops.quote_name(model._meta.db_table), model._meta.pk.column
    sequence = "pg_get_serial_sequence(%s, %s)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval({sequence}, GREATEST(%s, nextval({sequence})))",
            [table, column, max(pks), table, column],
        )


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple]) -> None:
    """Insert plain value tuples (one per row, in the order of `fields`) with one executemany.

    For narrow rows in large numbers: the ORM's bulk_create costs about 20 times more per row.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
