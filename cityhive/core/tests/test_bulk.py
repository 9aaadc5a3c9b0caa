"""The generic upsert: columns from the model, unchanged rows left alone, changed rows touched."""

import datetime

import pytest

from cityhive.core.bulk import RowWrite, bulk_upsert, upsert_columns
from cityhive.solutions.models import Implementation
from cityhive.solutions.tests.factories import ImplementationFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 11, 30, 12, 0, tzinfo=datetime.UTC)


def copy_of(row: Implementation, **changes) -> Implementation:
    fields = {f.attname: getattr(row, f.attname) for f in Implementation._meta.concrete_fields}
    fresh = Implementation(**{**fields, "id": None, **changes})
    return fresh


def test_the_columns_are_the_models_concrete_fields_but_its_identities_and_creation_time():
    names = [field.name for field in upsert_columns(Implementation, frozenset({"confirmed_by"}))]
    assert names == [
        "updated_at",
        "solution",
        "city",
        "year",
        "status",
        "summary",
        "kpi_changes",
        "confirmed_at",
        "is_demo",
        "extra",
    ]


def test_an_unchanged_row_is_not_written_and_a_changed_one_is_touched():
    # Given two stored implementations
    same, changed = ImplementationFactory(), ImplementationFactory()
    stamps = {row.pk: row.updated_at for row in (same, changed)}
    # When both are upserted, one of them with a new year, and a third one is new
    new = copy_of(same, external_id="new-one", year=2020)
    done = bulk_upsert(
        Implementation,
        [
            RowWrite(same, copy_of(same)),
            RowWrite(changed, copy_of(changed, year=2019)),
            RowWrite(None, new),
        ],
        now=NOW,
    )
    # Then only the changed one is updated, and the new one created
    assert (done.created, done.changed, done.unchanged) == ([new], [changed], 1)
    stored = {row.pk: row for row in Implementation.objects.all()}
    assert (stored[same.pk].year, stored[same.pk].updated_at) == (same.year, stamps[same.pk])
    assert (stored[changed.pk].year, stored[changed.pk].updated_at) == (2019, NOW)
    assert (stored[new.pk].year, stored[new.pk].external_id) == (2020, "new-one")


def test_a_demo_upsert_marks_an_unchanged_row_and_a_change_beside_it_touches_it():
    # Given a stored implementation that is not demo data
    row, other = ImplementationFactory(), ImplementationFactory()
    # When the same row comes in a demo upsert and another one with only a change kept beside it
    done = bulk_upsert(Implementation, [RowWrite(row, copy_of(row))], demo=True, now=NOW)
    beside = bulk_upsert(
        Implementation, [RowWrite(other, copy_of(other), beside_changed=True)], now=NOW
    )
    # Then the first is marked as demo data and the second touched
    assert (done.changed, beside.changed) == ([row], [other])
    assert Implementation.objects.get(pk=row.pk).is_demo is True
    assert Implementation.objects.get(pk=other.pk).updated_at == NOW
