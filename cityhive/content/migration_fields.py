"""The faceted item's fields as the initial migrations created them, for the migrations to share.

These are history, like `core/migration_fields.py`: never edit a function here (a change would
rewrite every migration that calls it); a model that changes gets a new migration.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cityhive.core.migration_fields import model_id, timestamped


def facets() -> list[tuple]:
    """`FacetedItem`'s four facet lists."""
    return [
        ("categories", models.JSONField(blank=True, default=list)),
        ("sdg_targets", models.JSONField(blank=True, default=list)),
        ("kpis", models.JSONField(blank=True, default=list)),
        ("addresses", models.JSONField(blank=True, default=list)),
    ]


def kind_dependencies() -> list:
    """What the initial migrations of the kinds built after solutions and challenges (events,
    projects) depend on: the content apps' migrations of that day and the user model."""
    return [
        ("challenges", "0004_needs_profile_visibility_of_existing_cities"),
        ("directory", "0002_invitation_emailed_at"),
        ("solutions", "0005_solution_tag_strength_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]


def faceted_item() -> list[tuple]:
    """The primary key and every `FacetedItem` field, in the order a kind built on it gets them."""
    return [
        *timestamped(),
        ("external_id", models.CharField(blank=True, max_length=200, null=True, unique=True)),
        ("title", models.CharField(max_length=200)),
        ("description_html", models.TextField(blank=True, editable=False)),
        *facets(),
        ("is_demo", models.BooleanField(default=False)),
        ("extra", models.JSONField(blank=True, default=dict)),
        ("version", models.PositiveIntegerField(default=1)),
    ]


def facet_tag(item: str, to: str) -> list[tuple]:
    """A `FacetTag` row's fields, linked to its item (field `item`, model `to`)."""
    return [
        model_id(),
        ("facet", models.CharField(max_length=20)),
        ("value", models.CharField(max_length=60)),
        ("strength", models.FloatField(default=1.0)),
        (
            item,
            models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="facet_tags", to=to
            ),
        ),
    ]
