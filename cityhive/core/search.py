# ruff: noqa: S608, S611 - table and column names are our constants; user text is only a parameter
"""Full-text search over a table's text columns: SQLite FTS5 or PostgreSQL text search, alike.

The index is kept by the database itself (SQLite triggers on an FTS5 table; a PostgreSQL GIN
expression index), so bulk imports and ordinary saves are indexed alike. Each searchable model adds
it with a migration calling `fts_migration_sql`.
"""

import re
from collections.abc import Sequence

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 8


def search_terms(query: str) -> list[str]:
    """The words of a query (at most MAX_TERMS), lower-cased."""
    return [word.lower() for word in WORD.findall(query)][:MAX_TERMS]


# unaccent() is only STABLE; an IMMUTABLE wrapper lets the GIN expression index use it.
PG_UNACCENT = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE OR REPLACE FUNCTION cityhive_unaccent(text) RETURNS text AS "
    "$$ SELECT public.unaccent('public.unaccent', $1) $$ "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT",
]


def _pg_document(columns: Sequence[str]) -> str:
    joined = " || ' ' || ".join(f"coalesce({column}, '')" for column in columns)
    return f"to_tsvector('simple', cityhive_unaccent({joined}))"


def text_filter(query: str, *, table: str, columns: Sequence[str]) -> Q:
    """Rows whose text columns contain every word of `query` (as word prefixes)."""
    terms = search_terms(query)
    if not terms:
        return Q()
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        sql = (
            f"SELECT id FROM {table} WHERE {_pg_document(columns)} "
            "@@ to_tsquery('simple', cityhive_unaccent(%s))"
        )
        return Q(pk__in=RawSQL(sql, [tsquery]))
    match = " AND ".join('"' + term.replace('"', '""') + '"*' for term in terms)
    sql = f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s"
    return Q(pk__in=RawSQL(sql, [match]))


def fts_migration_sql(
    table: str, columns: Sequence[str], vendor: str
) -> tuple[list[str], list[str]]:
    """SQL that creates, and SQL that drops, `table`'s full-text index on one database vendor."""
    if vendor == "postgresql":
        index = f"{table}_fts_idx"
        return (
            [
                *PG_UNACCENT,
                f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
                f"USING GIN ({_pg_document(columns)})",
            ],
            [f"DROP INDEX IF EXISTS {index}"],
        )
    fts, cols = f"{table}_fts", ", ".join(columns)
    new_row = ", ".join(["new.id", *(f"new.{c}" for c in columns)])
    old_row = ", ".join(["'delete'", "old.id", *(f"old.{c}" for c in columns)])
    insert_new = f"INSERT INTO {fts}(rowid, {cols}) VALUES ({new_row});"
    delete_old = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ({old_row});"
    return (
        [
            f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{table}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {table} BEGIN {insert_new} END",
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {table} BEGIN {delete_old} END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {table} BEGIN {delete_old} {insert_new} END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ],
        [f"DROP TRIGGER IF EXISTS {fts}_{suffix}" for suffix in ("ai", "ad", "au")]
        + [f"DROP TABLE IF EXISTS {fts}"],
    )


def fts_operations(table: str, columns: Sequence[str]):
    """The migration operation that adds a table's full-text index."""
    from django.db import migrations

    def forwards(apps, schema_editor):
        for statement in fts_migration_sql(table, columns, schema_editor.connection.vendor)[0]:
            schema_editor.execute(statement)

    def backwards(apps, schema_editor):
        for statement in fts_migration_sql(table, columns, schema_editor.connection.vendor)[1]:
            schema_editor.execute(statement)

    return migrations.RunPython(forwards, backwards)
