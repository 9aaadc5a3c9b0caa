"""Shared model bases."""

from django.db import models


class TimeStampedModel(models.Model):
    """Adds creation and modification times (timezone-aware)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
