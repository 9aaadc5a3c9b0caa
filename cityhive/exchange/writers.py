"""Pass 2 of an import: map checked lines onto the domains' bulk upsert services, in batches.

Each writer takes a batch of checked lines of one type, finds the existing rows by exchange id,
builds each row as the line describes it and hands both to its domain's bulk service, which writes
only the rows that change (so re-importing a file changes neither `updated_at` nor `version`) with
the rules of the single-object services (slugs, publication date, version, facet index).
"""

from dataclasses import dataclass

from cityhive.challenges.bulk import challenges_upsert
from cityhive.challenges.models import NEEDS_DEFAULT_VISIBILITY, Challenge, NeedItem, NeedsProfile
from cityhive.challenges.services import needs_write
from cityhive.core.bulk import RowWrite, Upserted
from cityhive.directory.bulk import SlugAllocator, organisations_upsert
from cityhive.directory.models import Organisation
from cityhive.exchange.lookups import generated_key, rows_by_exchange_id
from cityhive.exchange.models import OrganisationExtra
from cityhive.exchange.records import (
    challenge_fill,
    extra_fields,
    implementation_fill,
    need_items_canonical,
    organization_fill,
    solution_fill,
)
from cityhive.solutions.bulk import implementations_upsert, solutions_upsert
from cityhive.solutions.models import Implementation, Solution

BULK = 1000


@dataclass
class TypeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, done: Upserted) -> None:
        """Count what one bulk upsert did."""
        self.created += len(done.created)
        self.updated += len(done.changed)
        self.unchanged += done.unchanged


class OrganisationIndex:
    """Organisation pks by exchange id, loaded as batches need them."""

    def __init__(self) -> None:
        self.pks: dict[str, int] = {}

    def load(self, ids) -> None:
        missing = {i for i in ids if i not in self.pks}
        if missing:
            only = Organisation.objects.only("pk", "slug", "external_id")
            rows = rows_by_exchange_id("organization", missing, only)
            self.pks.update({key: row.pk for key, row in rows.items()})

    def pk(self, ident: str) -> int:
        return self.pks[ident]


def _identify(row, kind: str, ident: str) -> None:
    """Give a new row its id: a generated id's own pk or slug (checked free), else external."""
    key = generated_key(kind, ident)
    if key is None:
        row.external_id = ident
    elif kind == "organization":
        row.slug = key
    else:
        row.pk = key


def _writes(kind: str, batch: list[dict], existing: dict, fresh_of) -> list[RowWrite]:
    """Each line's stored row (if any) and the row as the line describes it."""
    writes = []
    for data in batch:
        fresh, current = fresh_of(data), existing.get(data["id"])
        if current is None:
            _identify(fresh, kind, data["id"])
        writes.append(RowWrite(current, fresh))
    return writes


# --- organizations -----------------------------------------------------------------------------


def organizations_write(
    batch: list[dict], *, index: OrganisationIndex, slugs: SlugAllocator, demo: bool, counts
) -> None:
    """Upsert a batch of organization lines (and their extra fields)."""
    query = Organisation.objects.select_related("exchange_extra")
    existing = rows_by_exchange_id("organization", [data["id"] for data in batch], query)
    writes = _writes("organization", batch, existing, _organisation_of)
    extras = [extra_fields(data, "organization") for data in batch]
    stored = [_organization_extra(write.row, "organization") for write in writes]
    for write, extra, before in zip(writes, extras, stored, strict=True):
        write.beside_changed = write.current is not None and before != extra
    done = organisations_upsert(writes=writes, slugs=slugs, demo=demo)
    counts.add(done)
    written = {id(row) for row in done.written}
    kept = zip(writes, extras, stored, strict=True)
    _extras_save(
        [(w.row, extra) for w, extra, before in kept if id(w.row) in written and (extra or before)],
        column="organization",
    )
    index.pks.update({data["id"]: write.row.pk for data, write in zip(batch, writes, strict=True)})


def _organisation_of(data: dict) -> Organisation:
    return _filled(Organisation(), organization_fill, data)


def _organization_extra(organisation: Organisation, column: str) -> dict:
    if organisation.pk is None:
        return {}
    extra = getattr(organisation, "exchange_extra", None)
    return getattr(extra, column) if extra is not None else {}


def _extras_save(rows: list[tuple[Organisation, dict]], *, column: str) -> None:
    """Store the extra fields of these organisations' lines (the rows of `column`)."""
    kept = [OrganisationExtra(organisation=row, **{column: extra}) for row, extra in rows]
    OrganisationExtra.objects.bulk_create(
        kept, update_conflicts=True, unique_fields=["organisation"], update_fields=[column]
    )


# --- solutions, implementations, challenges ----------------------------------------------------


def solutions_write(
    batch: list[dict], *, index: OrganisationIndex, demo: bool, counts
) -> list[int]:
    """Upsert a batch of solution lines (and their facet index); the ids written."""
    index.load(data["provider"] for data in batch)

    def fresh_of(data: dict) -> Solution:
        return _filled(Solution(provider_id=index.pk(data["provider"])), solution_fill, data)

    return _lines_upsert("solution", batch, fresh_of, solutions_upsert, demo=demo, counts=counts)


def implementations_write(
    batch: list[dict], *, index: OrganisationIndex, demo: bool, counts
) -> None:
    """Upsert a batch of implementation lines."""
    only = Solution.objects.only("pk", "external_id")
    solutions = rows_by_exchange_id("solution", [data["solution"] for data in batch], only)
    index.load(data["city"] for data in batch)

    def fresh_of(data: dict) -> Implementation:
        solution_pk, city_pk = solutions[data["solution"]].pk, index.pk(data["city"])
        implementation = Implementation(solution_id=solution_pk, city_id=city_pk)
        return _filled(implementation, implementation_fill, data)

    upsert = implementations_upsert
    _lines_upsert("implementation", batch, fresh_of, upsert, demo=demo, counts=counts)


def challenges_write(
    batch: list[dict], *, index: OrganisationIndex, demo: bool, counts
) -> list[int]:
    """Upsert a batch of challenge lines (and their facet index); the ids written."""
    index.load(data["city"] for data in batch)

    def fresh_of(data: dict) -> Challenge:
        return _filled(Challenge(city_id=index.pk(data["city"])), challenge_fill, data)

    return _lines_upsert("challenge", batch, fresh_of, challenges_upsert, demo=demo, counts=counts)


def _filled(row, fill, data: dict):
    fill(row, data)
    return row


def _lines_upsert(kind: str, batch: list[dict], fresh_of, upsert, *, demo: bool, counts):
    """Hand a batch of lines to their domain's bulk upsert; the ids of the rows written."""
    existing = rows_by_exchange_id(kind, [data["id"] for data in batch])
    done = upsert(writes=_writes(kind, batch, existing, fresh_of), demo=demo)
    counts.add(done)
    return [row.pk for row in done.written]


# --- needs -------------------------------------------------------------------------------------


def needs_lines_write(batch: list[dict], *, index: OrganisationIndex, counts) -> None:
    """Replace the needs profile of each city in the batch whose profile changes."""
    index.load(data["city"] for data in batch)
    query = Organisation.objects.select_related("exchange_extra")
    cities = query.in_bulk([index.pk(data["city"]) for data in batch])
    shared_with = dict(
        NeedsProfile.objects.filter(city_id__in=list(cities)).values_list("city_id", "visibility")
    )
    stored: dict[int, list] = {pk: [] for pk in cities}
    for item in NeedItem.objects.filter(city_id__in=list(cities)).values(
        "city_id", "facet", "value", "weight", "source"
    ):
        stored[item.pop("city_id")].append(item)
    extras = []
    for data in batch:
        city = cities[index.pk(data["city"])]
        items, extra = need_items_canonical(data["items"]), extra_fields(data, "needs")
        before = need_items_canonical(stored[city.pk])
        visibility = data.get("visibility")  # absent: who sees the profile stays as it is
        same_visibility = visibility in (None, shared_with.get(city.pk, NEEDS_DEFAULT_VISIBILITY))
        old_extra = _organization_extra(city, "needs")
        if before == items and same_visibility and old_extra == extra:
            counts.unchanged += 1
            continue
        if before or old_extra or city.pk in shared_with:
            counts.updated += 1
        else:
            counts.created += 1
        needs_write(city=city, items=items, visibility=visibility)
        if extra or old_extra:
            extras.append((city, extra))
    _extras_save(extras, column="needs")
