"""How complete a company's organisation profile is, and what is missing, for its application."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The description must say enough for a reviewer to understand what the company does.
DESCRIPTION_MIN = 80

CHECKS = (
    ("description", _("A description of what the company does (at least 80 characters)")),
    ("website", _("A website")),
    ("country", _("The country")),
    ("logo", _("A logo")),
    ("languages", _("The languages the company works in")),
)


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]


def _present(organisation, field: str) -> bool:
    value = getattr(organisation, field)
    if field == "description":
        return len((value or "").strip()) >= DESCRIPTION_MIN
    return bool(value)


def profile_completeness(organisation) -> Completeness:
    """The share of the profile's expected parts that are filled in, and the missing ones."""
    missing = [str(label) for field, label in CHECKS if not _present(organisation, field)]
    done = len(CHECKS) - len(missing)
    return Completeness(percent=round(100 * done / len(CHECKS)), missing=missing)
