"""Reads of GeoNames places (public reference data)."""

from django.db.models import QuerySet

from cityhive.places.models import Place
from cityhive.places.services import search_key


def place_search(*, query: str, country: str | None = None, limit: int = 10) -> QuerySet[Place]:
    """Cities whose name starts with `query`, most populous first."""
    key = search_key(query)
    if len(key) < 2:
        return Place.objects.none()
    places = Place.objects.filter(search_name__startswith=key)
    if country:
        places = places.filter(country=country.upper())
    return places.order_by("-population", "name")[: max(1, min(limit, 25))]


def place_get(*, geonames_id: int) -> Place | None:
    """One place by its GeoNames id, or None."""
    return Place.objects.filter(pk=geonames_id).first()
