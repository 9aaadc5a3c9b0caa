"""Solutions and implementations written in bulk (the exchange import), with the single-object
services' rules: the publication date, the version and the facet index."""

from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone

from cityhive.core.bulk import RowWrite, Upserted, bulk_upsert
from cityhive.solutions.models import Implementation, Solution, SolutionStatus, SolutionTag
from cityhive.taxonomy.vocabulary import facet_tags_rebuild

# Kept by the city's confirmation service, never written by an upsert.
IMPLEMENTATION_NOT_UPSERTED = ("confirmed_at", "confirmed_by")


def solution_status_set(solution: Solution, status: str, *, now: datetime | None = None) -> None:
    """Set the status: publishing dates the solution (a date it has stays), a draft has none."""
    published = status == SolutionStatus.PUBLISHED
    solution.status = status
    solution.published_at = (solution.published_at or now or timezone.now()) if published else None


def solutions_upsert(*, writes: Sequence[RowWrite], demo: bool = False) -> Upserted:
    """Create and update solutions in bulk and rebuild their facet index.

    The caller has checked the rows and the actor's right to write them.
    """
    now = timezone.now()
    for write in writes:
        fresh, current = write.fresh, write.current
        fresh.published_at = None if current is None else current.published_at
        if current is None or current.status != fresh.status:
            solution_status_set(fresh, fresh.status, now=now)
    done = bulk_upsert(Solution, writes, demo=demo, now=now)
    facet_tags_rebuild(
        tag_model=SolutionTag, owner_field="solution", created=done.created, changed=done.changed
    )
    return done


def implementations_upsert(*, writes: Sequence[RowWrite], demo: bool = False) -> Upserted:
    """Create and update implementations in bulk (their confirmation stays the city's).

    The caller has checked the rows and the actor's right to write them.
    """
    return bulk_upsert(Implementation, writes, demo=demo, exclude=IMPLEMENTATION_NOT_UPSERTED)
