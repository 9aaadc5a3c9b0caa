"""What the API operations of every faceted item share: cleaned query values, organisations named
by slug in payloads and filters, a page of a filtered list, and the fields of a versioned update."""

from typing import ClassVar

from django.utils.translation import gettext
from ninja import Field, Schema

from cityhive.core.api import page_of
from cityhive.core.errors import NotFound, ValidationFailed
from cityhive.directory.models import Organisation
from cityhive.directory.selectors import organisation_get_visible_to

# The facet filters every list operation takes, by the name of their query parameter.
FACET_PARAMETERS = ("category", "sdg", "kpi", "hazard")


def clean_text(value: str) -> str:
    """A query value without NUL characters (PostgreSQL refuses them) or outer spaces."""
    return value.replace("\x00", "").strip()


def organisation_named(request, slug: str, *, field: str) -> Organisation:
    """The organisation a payload names by slug; an unknown one is a field error, not a 404."""
    try:
        return organisation_get_visible_to(actor=request.auth, slug=clean_text(slug))
    except NotFound:
        raise ValidationFailed(
            {field: [gettext("unknown organisation %(slug)s") % {"slug": repr(slug)}]}
        ) from None


def organisation_id_of(request, slug: str) -> int | None:
    """The id of the organisation a list filter names; 0 (matching nothing) when it is unknown,
    None when the filter names none."""
    if not slug:
        return None
    try:
        return organisation_get_visible_to(actor=request.auth, slug=clean_text(slug)).pk
    except NotFound:
        return 0


class FacetQuery(Schema):
    """The text and facet filters of every faceted item's list operation. Each item's query adds
    its own fields, names the field that filters by owner (`owner_field`, an organisation's slug)
    and says how its values become its selector's filters (`filters`)."""

    owner_field: ClassVar[str]

    q: str = Field("", max_length=200, description="Words to find in title and description")
    category: str = Field("", max_length=60)
    sdg: str = Field("", max_length=2, description="SDG goal number")
    kpi: str = Field("", max_length=60, description='U4SSC KPI code, e.g. "EC: I: T: 1C"')
    hazard: str = Field("", max_length=60)

    def facet_filters(self) -> dict:
        """The shared filters, cleaned, as the selectors' filter fields."""
        facets = {name: clean_text(getattr(self, name)) for name in FACET_PARAMETERS}
        return {"query": clean_text(self.q), **facets}

    def filters(self, owner_id: int | None):
        """The selector's filters, the owner given by its id (None: any owner)."""
        raise NotImplementedError


def item_page(request, params: FacetQuery, list_visible) -> dict:
    """One page of the items the actor may see; a filter naming an unknown organisation matches
    nothing."""
    owner_id = organisation_id_of(request, getattr(params, params.owner_field))
    if owner_id == 0:
        return {"count": 0, "results": []}
    items = list_visible(actor=request.auth, filters=params.filters(owner_id))
    return page_of(items, offset=params.offset, limit=params.limit)


def versioned_change(payload: Schema) -> dict:
    """An update payload as the update service's `version` and `fields` (only the fields sent)."""
    return {
        "version": payload.version,
        "fields": payload.dict(exclude_unset=True, exclude={"version"}),
    }
