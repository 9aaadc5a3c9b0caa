"""Extra exchange fields of organizations and needs profiles, kept so that they export back.

Solutions, implementations and challenges keep unknown fields in their own `extra` JSON; the
directory's Organisation has no such field, so its organization and needs lines keep theirs here.
"""

from django.db import models


class OrganisationExtra(models.Model):
    """Unknown fields of an organisation's `organization` line and of its `needs` line."""

    organisation = models.OneToOneField(
        "directory.Organisation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="exchange_extra",
    )
    organization = models.JSONField(default=dict, blank=True)
    needs = models.JSONField(default=dict, blank=True)

    def __str__(self) -> str:
        return f"Exchange extra fields of organisation {self.organisation_id}"
