"""Writes every faceted item shares: storing it with its tag index and announcing the change, and
the edit that refuses a stale version instead of overwriting someone else's change."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from cityhive.content.models import FacetedItem, FacetTag
from cityhive.core.events import announce
from cityhive.core.locking import row_for_update
from cityhive.core.permissions import require
from cityhive.taxonomy.vocabulary import facet_tags_write


@dataclass(frozen=True)
class ItemWrites:
    """How one kind of faceted item is checked, copied onto its model, indexed and announced."""

    model: type[FacetedItem]
    stale_code: str
    data: Callable[[FacetedItem], dict]  # the item's fields in the exchange format's shape
    check: Callable[[dict], dict]  # raises ValidationFailed
    apply: Callable[[FacetedItem, dict], None]
    tag_model: type[FacetTag]  # its link to the item is named after the item's model
    changed: Callable[[tuple[int, ...]], object]  # the event announced with the item's id

    @property
    def what(self) -> str:
        """The kind in words, for the conflict message."""
        return str(self.model._meta.verbose_name)

    def tags_write(self, item: FacetedItem) -> None:
        """Rebuild the facet index of one item."""
        facet_tags_write(
            owner=item, tag_model=self.tag_model, owner_field=self.model._meta.model_name
        )

    @property
    def change_permission(self) -> str:
        return f"{self.model._meta.app_label}.change_{self.model._meta.model_name}"


def item_store(item: FacetedItem, *, writes: ItemWrites) -> FacetedItem:
    """Save an item, rebuild its tag index and announce the change, in one transaction."""
    with transaction.atomic():
        _store(item, writes)
    return item


def item_update(*, actor, item: FacetedItem, version: int, fields: dict, writes: ItemWrites):
    """Change an item; a stale `version` is refused instead of overwriting someone's edit."""
    require(actor, writes.change_permission, item)
    data = writes.check({**writes.data(item), **fields})
    with transaction.atomic():
        current = row_for_update(
            writes.model, pk=item.pk, version=version, what=writes.what, code=writes.stale_code
        )
        writes.apply(current, data)
        current.version += 1
        _store(current, writes)
    return current


def _store(item: FacetedItem, writes: ItemWrites) -> None:
    item.save()
    writes.tags_write(item)
    announce(writes.changed((item.pk,)))
