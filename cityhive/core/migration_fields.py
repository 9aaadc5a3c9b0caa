"""Fields as the initial migrations created them, for the migrations to share.

These are history: each function returns exactly the fields some migrations created, so changing
one would rewrite those migrations (`sqlmigrate` would differ). Never edit a function here; a model
that changes gets a new migration, as usual.
"""

from django.db import models


def model_id() -> tuple:
    """The automatic primary key."""
    return (
        "id",
        models.BigAutoField(
            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
        ),
    )


def timestamped() -> list[tuple]:
    """The primary key and `TimeStampedModel`'s fields."""
    return [
        model_id(),
        ("created_at", models.DateTimeField(auto_now_add=True)),
        ("updated_at", models.DateTimeField(auto_now=True)),
    ]
