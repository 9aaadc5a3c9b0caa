"""What the API operations of every faceted item share: cleaned query values, organisations named
by slug in payloads and filters, a page of a filtered list, and the fields of a versioned update."""

from django.utils.translation import gettext
from ninja import Schema

from cityhive.core.api import page_of
from cityhive.core.errors import NotFound, ValidationFailed
from cityhive.directory.models import Organisation
from cityhive.directory.selectors import organisation_get_visible_to

MAX_OFFSET = 1_000_000


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


def item_page(request, params, *, filters, owner_id: int | None, list_visible) -> dict:
    """One page of the items the actor may see; a filter naming an unknown organisation
    (`owner_id` 0) matches nothing."""
    if owner_id == 0:
        return {"count": 0, "results": []}
    items = list_visible(actor=request.auth, filters=filters)
    return page_of(items, offset=params.offset, limit=params.limit)


def versioned_change(payload: Schema) -> dict:
    """An update payload as the update service's `version` and `fields` (only the fields sent)."""
    return {
        "version": payload.version,
        "fields": payload.dict(exclude_unset=True, exclude={"version"}),
    }
