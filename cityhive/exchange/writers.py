"""Pass 2 of an import: upsert checked lines in batches, touching only rows that change.

Each writer takes a batch of checked lines of one type, finds the existing rows by exchange id,
compares canonical forms, then creates and updates in bulk (with the facet index rebuilt in bulk).
A row whose canonical form is unchanged is not written at all, so re-importing a file changes
neither `updated_at` nor `version`.
"""

from dataclasses import dataclass

from django.db import connection
from django.utils import timezone
from django.utils.text import slugify

from cityhive.challenges.models import (
    NEEDS_DEFAULT_VISIBILITY,
    Challenge,
    ChallengeTag,
    NeedItem,
    NeedsProfile,
)
from cityhive.challenges.services import needs_write
from cityhive.directory.models import Organisation
from cityhive.exchange.lookups import generated_key, rows_by_exchange_id
from cityhive.exchange.models import OrganisationExtra
from cityhive.exchange.records import (
    ORGANIZATION_FIELDS,
    challenge_fill,
    challenge_state,
    extra_fields,
    implementation_fill,
    implementation_state,
    need_items_canonical,
    organization_fill,
    organization_state,
    solution_fill,
    solution_state,
)
from cityhive.solutions.models import Implementation, Solution, SolutionStatus, SolutionTag
from cityhive.solutions.validation import SOLUTION_FIELDS
from cityhive.taxonomy.vocabulary import facet_tags

BULK = 1000
ORGANISATION_COLUMNS = [
    "kind",
    "name",
    "country",
    "place",
    "population",
    "area_km2",
    "region",
    "description",
    "website",
    "languages",
    "context",
]
SOLUTION_COLUMNS = [
    *(field for field in SOLUTION_FIELDS if field != "population_range"),
    "population_min",
    "population_max",
    "description_html",
    "status",
    "extra",
    "provider",
]
CHALLENGE_COLUMNS = [
    "title",
    "description",
    "description_html",
    "categories",
    "sdg_targets",
    "kpis",
    "addresses",
    "budget_min",
    "budget_max",
    "budget_currency",
    "deadline",
    "visibility",
    "status",
    "extra",
    "city",
]
IMPLEMENTATION_COLUMNS = ["solution", "city", "year", "status", "summary", "kpi_changes", "extra"]
assert len(ORGANISATION_COLUMNS) == len(ORGANIZATION_FIELDS)


@dataclass
class TypeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


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


class SlugAllocator:
    """Unique slugs for new organisations, never one `reserved` by the file's "org-<slug>" ids."""

    def __init__(self, reserved: frozenset[str] = frozenset()) -> None:
        self.taken: set[str] = set(reserved)

    def take(self, name: str) -> str:
        base = slugify(name)[:200] or "organisation"
        slug, counter = base, 2
        while slug in self.taken or Organisation.objects.filter(slug=slug).exists():
            slug, counter = f"{base}-{counter}", counter + 1
        self.taken.add(slug)
        return slug


def _copy(target, source, columns) -> None:
    for column in columns:
        attribute = (
            f"{column}_id" if column in ("provider", "city", "solution", "place") else column
        )
        setattr(target, attribute, getattr(source, attribute))


def _touch(row, now, *, demo: bool, versioned: bool = True) -> None:
    row.updated_at = now
    row.is_demo = row.is_demo or demo
    if versioned:
        row.version += 1


def _identify(row, kind: str, ident: str) -> None:
    """Give a new row its id: a generated id's own pk or slug (checked free), else external."""
    key = generated_key(kind, ident)
    if key is None:
        row.external_id = ident
    elif kind == "organization":
        row.slug = key
    else:
        row.pk = key


def _sequence_past(model, pks: list[int]) -> None:
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


def _save(model, created: list, changed: list, columns: list[str], versioned: bool = True) -> None:
    given = [row.pk for row in created if row.pk is not None]
    model.objects.bulk_create(created, batch_size=BULK)
    _sequence_past(model, given)
    extra = ["updated_at", "is_demo", *(["version"] if versioned else [])]
    model.objects.bulk_update(changed, [*columns, *extra], batch_size=200)


# --- organizations -----------------------------------------------------------------------------


def organizations_write(
    batch: list[dict], *, index: OrganisationIndex, slugs: SlugAllocator, demo: bool, counts
) -> None:
    """Upsert a batch of organization lines (and their extra fields)."""
    query = Organisation.objects.select_related("exchange_extra")
    existing = rows_by_exchange_id("organization", [data["id"] for data in batch], query)
    now, created, changed, extras, rows = timezone.now(), [], [], [], {}
    for data in batch:
        fresh, extra = Organisation(), extra_fields(data, "organization")
        organization_fill(fresh, data)
        current = rows[data["id"]] = existing.get(data["id"]) or fresh
        if current is fresh:
            fresh.is_demo = demo
            _identify(fresh, "organization", data["id"])
            fresh.slug = fresh.slug or slugs.take(fresh.name)
            created.append(fresh)
        elif _organization_differs(current, fresh, extra, demo):
            _copy(current, fresh, ORGANISATION_COLUMNS)
            _touch(current, now, demo=demo)
            changed.append(current)
        else:
            continue
        if extra or _organization_extra(current, "organization"):
            extras.append((current, extra))
    _count(counts, batch, created, changed)
    _save(Organisation, created, changed, ORGANISATION_COLUMNS)
    _extras_save(extras, column="organization")
    index.pks.update({ident: row.pk for ident, row in rows.items()})


def _organization_extra(organisation: Organisation, column: str) -> dict:
    if organisation.pk is None:
        return {}
    extra = getattr(organisation, "exchange_extra", None)
    return getattr(extra, column) if extra is not None else {}


def _organization_differs(current, fresh, extra: dict, demo: bool) -> bool:
    return (
        organization_state(current) != organization_state(fresh)
        or _organization_extra(current, "organization") != extra
        or (demo and not current.is_demo)
    )


def _extras_save(rows: list[tuple[Organisation, dict]], *, column: str) -> None:
    """Store the extra fields of these organisations' lines (the rows of `column`)."""
    kept = [OrganisationExtra(organisation=row, **{column: extra}) for row, extra in rows]
    OrganisationExtra.objects.bulk_create(
        kept, update_conflicts=True, unique_fields=["organisation"], update_fields=[column]
    )


# --- solutions ---------------------------------------------------------------------------------


def solutions_write(
    batch: list[dict], *, index: OrganisationIndex, demo: bool, counts
) -> list[int]:
    """Upsert a batch of solution lines and rebuild their facet index; the ids written."""
    existing = rows_by_exchange_id("solution", [data["id"] for data in batch])
    index.load(data["provider"] for data in batch)
    now, created, changed = timezone.now(), [], []
    for data in batch:
        fresh = Solution(provider_id=index.pk(data["provider"]))
        solution_fill(fresh, data)
        current = existing.get(data["id"])
        if current is None:
            fresh.is_demo = demo
            _identify(fresh, "solution", data["id"])
            fresh.published_at = now if fresh.status == SolutionStatus.PUBLISHED else None
            created.append(fresh)
        elif _solution_differs(current, fresh, demo):
            if current.status != fresh.status:
                current.published_at = now if fresh.status == SolutionStatus.PUBLISHED else None
            _copy(current, fresh, SOLUTION_COLUMNS)
            _touch(current, now, demo=demo)
            changed.append(current)
    _count(counts, batch, created, changed)
    _save(Solution, created, changed, [*SOLUTION_COLUMNS, "published_at"])
    _tags_rewrite(SolutionTag, "solution", created, changed)
    return [row.pk for row in (*created, *changed)]


def _solution_differs(current: Solution, fresh: Solution, demo: bool) -> bool:
    return (
        current.provider_id != fresh.provider_id
        or solution_state(current) != solution_state(fresh)
        or current.extra != fresh.extra
        or (demo and not current.is_demo)
    )


def _count(counts: TypeCounts, batch: list, created: list, changed: list) -> None:
    counts.created += len(created)
    counts.updated += len(changed)
    counts.unchanged += len(batch) - len(created) - len(changed)


def _tags_rewrite(model, owner: str, created: list, changed: list) -> None:
    """Rebuild the facet index of these rows (the bulk form of `solution_tags_write`)."""
    model.objects.filter(**{f"{owner}_id__in": [row.pk for row in changed]}).delete()
    rows = [
        (row.pk, facet, value, strength)
        for row in [*created, *changed]
        for (facet, value), strength in facet_tags(
            categories=row.categories,
            sdg_targets=row.sdg_targets,
            kpis=row.kpis,
            addresses=row.addresses,
        ).items()
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(model._meta.get_field(name).column) for name in (owner, "facet", "value", "strength")
    )
    # Plain executemany: the ORM's bulk_create costs about 20 times more per tag row.
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES (%s, %s, %s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


# --- implementations ---------------------------------------------------------------------------


def implementations_write(
    batch: list[dict], *, index: OrganisationIndex, demo: bool, counts
) -> None:
    """Upsert a batch of implementation lines."""
    existing = rows_by_exchange_id("implementation", [data["id"] for data in batch])
    only = Solution.objects.only("pk", "external_id")
    solutions = rows_by_exchange_id("solution", [data["solution"] for data in batch], only)
    index.load(data["city"] for data in batch)
    now, created, changed = timezone.now(), [], []
    for data in batch:
        fresh = Implementation(
            solution_id=solutions[data["solution"]].pk, city_id=index.pk(data["city"])
        )
        implementation_fill(fresh, data)
        current = existing.get(data["id"])
        if current is None:
            fresh.is_demo = demo
            _identify(fresh, "implementation", data["id"])
            created.append(fresh)
        elif _implementation_differs(current, fresh, demo):
            _copy(current, fresh, IMPLEMENTATION_COLUMNS)
            _touch(current, now, demo=demo, versioned=False)
            changed.append(current)
    _count(counts, batch, created, changed)
    _save(Implementation, created, changed, IMPLEMENTATION_COLUMNS, versioned=False)


def _implementation_differs(current, fresh, demo: bool) -> bool:
    return (
        (current.solution_id, current.city_id) != (fresh.solution_id, fresh.city_id)
        or implementation_state(current) != implementation_state(fresh)
        or current.extra != fresh.extra
        or (demo and not current.is_demo)
    )


# --- challenges --------------------------------------------------------------------------------


def challenges_write(
    batch: list[dict], *, index: OrganisationIndex, demo: bool, counts
) -> list[int]:
    """Upsert a batch of challenge lines and rebuild their facet index; the ids written."""
    existing = rows_by_exchange_id("challenge", [data["id"] for data in batch])
    index.load(data["city"] for data in batch)
    now, created, changed = timezone.now(), [], []
    for data in batch:
        fresh = Challenge(city_id=index.pk(data["city"]))
        challenge_fill(fresh, data)
        current = existing.get(data["id"])
        if current is None:
            fresh.is_demo = demo
            _identify(fresh, "challenge", data["id"])
            created.append(fresh)
        elif _challenge_differs(current, fresh, demo):
            _copy(current, fresh, CHALLENGE_COLUMNS)
            _touch(current, now, demo=demo)
            changed.append(current)
    _count(counts, batch, created, changed)
    _save(Challenge, created, changed, CHALLENGE_COLUMNS)
    _tags_rewrite(ChallengeTag, "challenge", created, changed)
    return [row.pk for row in (*created, *changed)]


def _challenge_differs(current, fresh, demo: bool) -> bool:
    return (
        current.city_id != fresh.city_id
        or challenge_state(current) != challenge_state(fresh)
        or current.extra != fresh.extra
        or (demo and not current.is_demo)
    )


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
        if before == items and same_visibility and _organization_extra(city, "needs") == extra:
            counts.unchanged += 1
            continue
        old_extra = _organization_extra(city, "needs")
        if before or old_extra or city.pk in shared_with:
            counts.updated += 1
        else:
            counts.created += 1
        needs_write(city=city, items=items, visibility=visibility)
        if extra or old_extra:
            extras.append((city, extra))
    _extras_save(extras, column="needs")
