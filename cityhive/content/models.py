"""The faceted item every content kind (solutions, challenges, ...) is: text, facet lists in the
exchange format's shape, a version for optimistic locking, and an index of its facet tags.

The bases are abstract and hold only what every kind stores alike; each kind keeps its owner, its
own fields, and its table's indexes and constraints (their names are its own).
"""

from django.db import models

from cityhive.core.models import TimeStampedModel


class FacetedItem(TimeStampedModel):
    """A faceted, versioned, searchable item; services keep `description_html` and the tag index
    in step with the fields."""

    external_id = models.CharField(max_length=200, unique=True, null=True, blank=True)
    title = models.CharField(max_length=200)
    description_html = models.TextField(blank=True, editable=False)
    categories = models.JSONField(default=list, blank=True)
    sdg_targets = models.JSONField(default=list, blank=True)
    kpis = models.JSONField(default=list, blank=True)
    addresses = models.JSONField(default=list, blank=True)
    is_demo = models.BooleanField(default=False)
    extra = models.JSONField(default=dict, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class FacetTag(models.Model):
    """One facet value an item carries, with its strength: a row of the index behind facet
    filters (each kind adds the link to its item)."""

    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=60)
    strength = models.FloatField(default=1.0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.facet}:{self.value}"
