"""Reads the challenge pages need besides the challenge selectors."""

from django.db.models import QuerySet

from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.permissions import is_programme_manager, organisation_roles


def challenge_city_list_for(*, actor) -> QuerySet[Organisation]:
    """Cities the actor may publish challenges for (programme managers: every city)."""
    cities = Organisation.objects.filter(kind=OrganisationKind.CITY).order_by("name", "pk")
    if is_programme_manager(actor):
        return cities
    return cities.filter(pk__in=list(organisation_roles(actor)))
