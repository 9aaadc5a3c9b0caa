"""Searching GeoNames world cities (public reference data)."""

from django.utils.translation import gettext

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.core.api import Router
from cityhive.core.errors import NotFound
from cityhive.places.schemas import PlaceOut
from cityhive.places.selectors import place_get, place_search

router = Router(auth=token_auth, tags=["places"])


@router.get("/places", response=list[PlaceOut], auth=public_auth, operation_id="place_search")
def place_search_op(request, q: str, country: str | None = None, limit: int = 10):
    """Search world cities by name (autocomplete)"""
    return list(place_search(query=q, country=country, limit=limit))


@router.get("/places/{geonames_id}", response=PlaceOut, auth=public_auth, operation_id="place_get")
def place_get_op(request, geonames_id: int):
    """One world city by GeoNames id"""
    place = place_get(geonames_id=geonames_id)
    if place is None:
        raise NotFound(gettext("No GeoNames city has id %(id)s.") % {"id": geonames_id})
    return place
