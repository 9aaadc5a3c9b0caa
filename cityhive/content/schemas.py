"""API shapes every faceted item shares: its weighted facet rows (`addresses`)."""

from typing import Annotated

from ninja import Field, Schema

Text = Annotated[str, Field(max_length=60)]


class AddressIn(Schema):
    facet: str
    value: str
    strength: float


class AddressOut(Schema):
    facet: str
    value: str
    strength: float


def addresses_out(addresses: list[dict]) -> list[dict]:
    """Weighted facet rows for output (an imported value may be a number, like an SDG goal)."""
    return [
        {"facet": a["facet"], "value": str(a["value"]), "strength": a["strength"]}
        for a in addresses
    ]


class FacetedItemOut(Schema):
    """A base of an item's output shape (it adds no field): the `addresses` it declares are
    written as they are read back."""

    @staticmethod
    def resolve_addresses(obj) -> list[dict]:
        return addresses_out(obj.addresses)
