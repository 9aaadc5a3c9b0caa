"""Reads the catalogue pages need besides the solution selectors: the organisations a member may
publish for."""

from django.db.models import QuerySet

from cityhive.directory.models import Organisation
from cityhive.directory.permissions import is_programme_manager, organisation_roles
from cityhive.solutions.permissions import PROVIDER_KINDS


def provider_list_for(*, actor) -> QuerySet[Organisation]:
    """Organisations the actor may publish solutions for (programme managers: every provider)."""
    providers = Organisation.objects.filter(kind__in=PROVIDER_KINDS).order_by("name", "pk")
    if is_programme_manager(actor):
        return providers
    return providers.filter(pk__in=list(organisation_roles(actor)))
