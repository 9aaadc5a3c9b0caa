"""Co-benefits: the names an item's `cobenefits` uses, with labels people read, and their scale."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The names used by the climate action library (CityCatalyst) and the exchange format.
COBENEFIT_LABELS = {
    "air_quality": _("Air quality"),
    "cost_of_living": _("Cost of living"),
    "habitat": _("Habitats and biodiversity"),
    "housing": _("Housing"),
    "mobility": _("Mobility"),
    "stakeholder_engagement": _("Stakeholder engagement"),
    "water_quality": _("Water quality"),
    "health": _("Health"),
    "public_health": _("Public health"),
    "jobs": _("Jobs"),
}


def cobenefit_label(name: str) -> str:
    """A co-benefit's label; an unknown name reads as words ("noise_level" -> "Noise level")."""
    label = COBENEFIT_LABELS.get(name)
    return str(label) if label is not None else name.replace("_", " ").strip().capitalize()


def cobenefit_effect(value: int) -> str:
    """What a value from -2 to 2 means, in words."""
    if value >= 2:
        return gettext("strongly improves")
    if value == 1:
        return gettext("improves")
    if value == -1:
        return gettext("worsens")
    if value <= -2:
        return gettext("strongly worsens")
    return gettext("no effect")


def cobenefit_display(cobenefits: dict) -> list[dict]:
    """The co-benefits that have an effect, labelled, strongest first (zeros say nothing)."""
    rows = [
        {
            "name": name,
            "label": cobenefit_label(name),
            "value": value,
            "effect": cobenefit_effect(value),
        }
        for name, value in cobenefits.items()
        if isinstance(value, int) and value != 0
    ]
    return sorted(rows, key=lambda row: (-row["value"], row["label"]))
