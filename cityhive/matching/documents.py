"""Turning models into the matching engine's dataclasses (the engine itself knows no Django).

The rows come through the owning apps' selectors; this module only shapes them. Each worker
keeps the documents it built (DocumentCache); `solution_docs_warm` fills that cache as a web
server process starts (matching/warm.py), so that its first requests do not build and stem their
candidates.
"""

from collections import OrderedDict, defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from threading import Lock

from django.conf import settings
from django.utils.translation import get_language_info
from django_countries.fields import Country

from cityhive.challenges.models import Challenge, NeedItem
from cityhive.challenges.selectors import need_item_list_for_cities
from cityhive.directory.models import Organisation
from cityhive.matching.engine import ChallengeDoc, Evidence, NeedsProfile, SolutionDoc
from cityhive.matching.engine.lexical import term_counts
from cityhive.solutions.selectors import (
    implementation_list_for_solutions,
    solution_change_stamps,
    solution_list_by_ids,
    solution_list_published,
)
from cityhive.taxonomy.selectors import facet_labels

# Budget bands in the challenge's own currency; approximate, as no exchange rates are kept.
BUDGET_BANDS = ((Decimal(250_000), "low"), (Decimal(2_500_000), "medium"))
WARM_BATCH = 500  # documents built per step of a warm-up


def _continent(organisation: Organisation) -> str:
    return organisation.place.continent if organisation.place_id else ""


@lru_cache(maxsize=1024)
def country_code(stored: str) -> str:
    """A country field's stored value as its Country's code ('' for none), once per value."""
    return Country(code=stored).code or ""


# What the engine reads, as plain rows: building documents from values, not model instances,
# halves the cost of the documents a request has not seen (at a million solutions most
# candidates found by meaning are new to the worker).
SOLUTION_VALUES = (
    *("pk", "title", "summary", "description", "tags", "provider_id", "provider__country"),
    *("regions_served", "languages", "population_min", "population_max", "cost_level"),
    *("maturity", "timeline", "cobenefits", "addresses", "categories", "sdg_targets", "kpis"),
)
IMPLEMENTATION_VALUES = (
    *("solution_id", "year", "status", "confirmed_at", "city_id", "city__name", "city__country"),
    *("city__population", "city__context", "city__place_id", "city__place__name"),
    "city__place__continent",
)


def evidence_doc(row: dict) -> Evidence:
    """An implementation and its city (IMPLEMENTATION_VALUES), as evidence for a solution."""
    placed = row["city__place_id"] is not None
    return Evidence(
        city_id=str(row["city_id"]),
        city_name=row["city__place__name"] if placed else row["city__name"],
        country=country_code(row["city__country"]),
        continent=row["city__place__continent"] if placed else "",
        population=row["city__population"],
        biome=(row["city__context"] or {}).get("biome", ""),
        confirmed=row["confirmed_at"] is not None,
        status=row["status"],
        year=row["year"],
    )


def solution_doc(row: dict, implementations: Iterable[dict] = ()) -> SolutionDoc:
    """A solution with its provider and implementations (SOLUTION_VALUES and
    IMPLEMENTATION_VALUES rows), as the engine sees it."""
    return SolutionDoc(
        id=str(row["pk"]),
        title=row["title"],
        summary=row["summary"],
        description=row["description"],
        tags=tuple(row["tags"]),
        provider_id=str(row["provider_id"]),
        provider_country=country_code(row["provider__country"]),
        regions_served=tuple(row["regions_served"]),
        languages=tuple(row["languages"]),
        population_min=row["population_min"],
        population_max=row["population_max"],
        cost_level=row["cost_level"],
        maturity=row["maturity"],
        timeline=row["timeline"],
        cobenefits=dict(row["cobenefits"]),
        addresses={(a["facet"], str(a["value"])): float(a["strength"]) for a in row["addresses"]},
        categories=tuple(row["categories"]),
        sdg_targets=tuple(row["sdg_targets"]),
        kpis=tuple(row["kpis"]),
        implementations=tuple(evidence_doc(i) for i in implementations),
    )


class DocumentCache:
    """A worker's recently used SolutionDocs, each kept with the stamp it was built at.

    A stamp is (the solution's `updated_at`, its provider's, and the count and latest change of
    its implementations and their cities): any edit that changes what the engine reads changes
    the stamp, so a stale document is rebuilt rather than served. Least recently used first out.
    """

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[int, tuple[tuple, SolutionDoc]] = OrderedDict()
        self.lock = Lock()

    def fresh(self, stamps: dict[int, tuple]) -> dict[int, SolutionDoc]:
        """The cached documents whose stamp is still current."""
        found = {}
        with self.lock:
            for pk, stamp in stamps.items():
                entry = self.entries.get(pk)
                if entry is not None and entry[0] == stamp:
                    self.entries.move_to_end(pk)
                    found[pk] = entry[1]
        return found

    def keep(self, stamps: dict[int, tuple], docs: dict[int, SolutionDoc]) -> None:
        """Remember these documents, dropping the least recently used beyond the size."""
        with self.lock:
            for pk, doc in docs.items():
                self.entries[pk] = (stamps[pk], doc)
                self.entries.move_to_end(pk)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


@lru_cache(maxsize=1)
def document_cache() -> DocumentCache:
    """This worker's document cache (settings.MATCHING_DOCUMENT_CACHE documents; 0: none)."""
    return DocumentCache(settings.MATCHING_DOCUMENT_CACHE)


def solution_docs(solutions) -> list[SolutionDoc]:
    """Many solutions with their implementations, in pk order; unchanged ones from the cache."""
    cache = document_cache()
    if cache.size <= 0:
        return built_solution_docs(solutions.order_by("pk"))
    stamps = solution_change_stamps(solutions)
    docs = cache.fresh(stamps)
    missing = [pk for pk in stamps if pk not in docs]
    if missing:
        built = built_solution_docs(solution_list_by_ids(ids=missing))
        new = {int(doc.id): doc for doc in built}
        cache.keep(stamps, new)
        docs.update(new)
    return [docs[pk] for pk in stamps if pk in docs]


def solution_docs_warm() -> int:
    """Build the documents of the published solutions, newest first up to the cache's size,
    and stem their texts, as a first request would; how many (nothing without a cache)."""
    cache = document_cache()
    if cache.size <= 0:
        return 0
    ids = list(solution_list_published().order_by("-pk").values_list("pk", flat=True)[: cache.size])
    # Oldest first, so that the newest end up the most recently used.
    ids.reverse()
    for start in range(0, len(ids), WARM_BATCH):
        docs = solution_docs(solution_list_by_ids(ids=ids[start : start + WARM_BATCH]))
        for doc in docs:
            term_counts(doc.text)
    return len(ids)


def built_solution_docs(solutions) -> list[SolutionDoc]:
    """Many solutions with their implementations, built in two queries."""
    rows = list(solutions.values(*SOLUTION_VALUES))
    by_solution: dict[int, list[dict]] = defaultdict(list)
    implementations = implementation_list_for_solutions(solution_ids=[r["pk"] for r in rows])
    for implementation in implementations.values(*IMPLEMENTATION_VALUES):
        by_solution[implementation["solution_id"]].append(implementation)
    return [solution_doc(row, by_solution[row["pk"]]) for row in rows]


def language_names(codes) -> dict[str, str]:
    """Each language code's name in the interface language (codes Django does not know stay)."""
    names = {}
    for code in codes:
        try:
            names[code.lower()] = str(get_language_info(code.lower())["name_translated"])
        except KeyError:
            continue
    return names


def needs_profile(
    city: Organisation,
    items: Iterable[NeedItem] | None = None,
    labels: dict[tuple[str, str], str] | None = None,
) -> NeedsProfile:
    """A city organisation and its needs items (labels: at least those of its needs)."""
    items = city.need_items.all() if items is None else items
    needs = {(item.facet, item.value): item.weight for item in items}
    labels = facet_labels(needs) if labels is None else labels
    return NeedsProfile(
        city_id=str(city.pk),
        name=city.place.name if city.place_id else city.name,
        country=city.country.code or "",
        region=city.region,
        continent=_continent(city),
        population=city.population,
        biome=(city.context or {}).get("biome", ""),
        languages=tuple(city.languages),
        language_names=language_names(city.languages),
        items=needs,
        labels={key: labels[key] for key in needs if key in labels},
    )


def needs_profiles(cities) -> list[NeedsProfile]:
    """Many cities with their needs, in a handful of queries."""
    cities = list(cities.select_related("place"))
    items: dict[int, list[NeedItem]] = defaultdict(list)
    for item in need_item_list_for_cities(city_ids=[c.pk for c in cities]):
        items[item.city_id].append(item)
    labels = facet_labels((i.facet, i.value) for found in items.values() for i in found)
    return [needs_profile(city, items[city.pk], labels) for city in cities]


def budget_level(challenge: Challenge) -> str:
    """low / medium / high from the challenge's maximum budget ('' when it has none)."""
    amount = challenge.budget_max or challenge.budget_min
    if amount is None:
        return ""
    return next((level for limit, level in BUDGET_BANDS if amount < limit), "high")


def challenge_doc(challenge: Challenge, profile: NeedsProfile) -> ChallengeDoc:
    """A challenge with its city's profile."""
    return ChallengeDoc(
        id=str(challenge.pk),
        city=profile,
        title=challenge.title,
        text=challenge.description,
        addresses={
            (a["facet"], str(a["value"])): float(a["strength"]) for a in challenge.addresses
        },
        budget_level=budget_level(challenge),
    )
