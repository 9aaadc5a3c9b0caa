"""Organisations written in bulk (the exchange import) with the single-object services' rules."""

from collections.abc import Sequence

from django.utils.text import slugify

from cityhive.core.bulk import RowWrite, Upserted, bulk_upsert
from cityhive.directory.models import Organisation

# Kept by their own services (logo upload, verification), never written by an upsert.
NOT_UPSERTED = ("logo", "is_verified", "verified_at", "verified_by")


def organisation_slug_new(name: str, *, taken: frozenset[str] | set[str] = frozenset()) -> str:
    """A free URL slug for a new organisation of this name, none of `taken` (not yet stored)."""
    base = slugify(name)[:200] or "organisation"
    slug, counter = base, 2
    while slug in taken or Organisation.objects.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


class SlugAllocator:
    """Slugs for many new organisations, unique among themselves and never one `reserved`."""

    def __init__(self, reserved: frozenset[str] = frozenset()) -> None:
        self.taken: set[str] = set(reserved)

    def take(self, name: str) -> str:
        """A free slug for `name`, held for this allocator's later organisations."""
        slug = organisation_slug_new(name, taken=self.taken)
        self.taken.add(slug)
        return slug


def organisations_upsert(
    *, writes: Sequence[RowWrite], slugs: SlugAllocator, demo: bool = False
) -> Upserted:
    """Create and update organisations in bulk; a new one without a slug is given a free one.

    The caller has checked the rows and the actor's right to write them.
    """
    for write in writes:
        if write.current is None and not write.fresh.slug:
            write.fresh.slug = slugs.take(write.fresh.name)
    return bulk_upsert(Organisation, writes, demo=demo, exclude=NOT_UPSERTED)
