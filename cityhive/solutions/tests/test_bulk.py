"""The bulk upsert of solutions keeps the single-object rules: publication date, version, index."""

import datetime

import pytest

from cityhive.core.bulk import RowWrite
from cityhive.solutions.bulk import solution_status_set, solutions_upsert
from cityhive.solutions.models import Solution, SolutionStatus, SolutionTag
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db
EARLIER = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)


def copy_of(row: Solution, **changes) -> Solution:
    fields = {f.attname: getattr(row, f.attname) for f in Solution._meta.concrete_fields}
    return Solution(**{**fields, "id": None, "published_at": None, **changes})


def test_publishing_dates_a_draft_keeps_a_date_and_a_draft_has_none():
    draft, published = Solution(status=SolutionStatus.DRAFT), Solution(published_at=EARLIER)
    solution_status_set(draft, SolutionStatus.PUBLISHED, now=EARLIER)
    solution_status_set(published, SolutionStatus.PUBLISHED)
    assert (draft.status, draft.published_at, published.published_at) == (
        "published",
        EARLIER,
        EARLIER,
    )
    solution_status_set(published, SolutionStatus.DRAFT)
    assert (published.status, published.published_at) == ("draft", None)


def test_an_upsert_dates_what_it_publishes_versions_what_it_changes_and_indexes_both():
    # Given a published solution, a draft and an unchanged published solution
    published = SolutionFactory(published_at=EARLIER, kpis=[])
    draft = SolutionFactory(status=SolutionStatus.DRAFT, published_at=None, kpis=[])
    same = SolutionFactory(published_at=EARLIER)
    # When the first is retitled, the draft published and the third comes in unchanged
    done = solutions_upsert(
        writes=[
            RowWrite(published, copy_of(published, title="Renamed")),
            RowWrite(draft, copy_of(draft, status=SolutionStatus.PUBLISHED)),
            RowWrite(same, copy_of(same)),
        ]
    )
    # Then the first keeps its date, the draft gets one, both get version 2 and their index
    assert (done.changed, done.unchanged) == ([published, draft], 1)
    stored = Solution.objects.in_bulk([published.pk, draft.pk, same.pk])
    assert (stored[published.pk].title, stored[published.pk].published_at) == ("Renamed", EARLIER)
    assert stored[draft.pk].published_at is not None
    assert [stored[pk].version for pk in (published.pk, draft.pk, same.pk)] == [2, 2, 1]
    tags = SolutionTag.objects.filter(solution__in=[published, draft, same])
    assert sorted(tags.values_list("solution_id", "facet", "value")) == [
        (published.pk, "category", "environment"),
        (published.pk, "category", "environment/water"),
        (draft.pk, "category", "environment"),
        (draft.pk, "category", "environment/water"),
    ]
