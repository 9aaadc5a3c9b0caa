"""Reads every catalogue of faceted items shares: the filters it offers and how they narrow a
list through the tag index and full-text search."""

from dataclasses import dataclass
from typing import ClassVar

from django.db.models import QuerySet

from cityhive.core.search import text_filter


@dataclass(frozen=True)
class CatalogueFilters:
    """What every catalogue is searched and filtered by; a kind adds its own filters."""

    query: str = ""
    category: str = ""
    sdg: str = ""
    kpi: str = ""
    hazard: str = ""
    country: str = ""
    sort: str = "newest"

    # (facet in the tag index, filter field)
    FACETS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("category", "category"),
        ("sdg_goal", "sdg"),
        ("kpi", "kpi"),
        ("hazard", "hazard"),
    )

    def facet_pairs(self) -> list[tuple[str, str]]:
        pairs = [(facet, getattr(self, field)) for facet, field in self.FACETS]
        return [(facet, value) for facet, value in pairs if value]


def faceted_filter(
    items: QuerySet, *, filters: CatalogueFilters, tag_model, owner_field: str, searched
) -> QuerySet:
    """Items carrying every facet value the filters ask for and, when asked, the words searched
    for in the `searched` columns."""
    for facet, value in filters.facet_pairs():
        tagged = tag_model.objects.filter(facet=facet, value=value).values(f"{owner_field}_id")
        items = items.filter(pk__in=tagged)
    if filters.query:
        items = items.filter(
            text_filter(filters.query, table=items.model._meta.db_table, columns=searched)
        )
    return items
