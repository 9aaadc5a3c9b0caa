"""Reviewing the needs an assessment suggests and applying them to the city's needs profile.

The profile itself is written only by challenges' `needs_replace`. Merging: the needs the city
entered by hand stay; a suggestion the city did not exclude joins them with its (adjusted)
weight; for a value in both, the higher weight wins, with its source.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from cityhive.assessment.models import DerivedNeed
from cityhive.challenges.models import NeedItem, NeedSource
from cityhive.challenges.selectors import needs_list_visible_to
from cityhive.challenges.services import needs_replace
from cityhive.core.errors import ValidationFailed
from cityhive.core.permissions import require


@dataclass(frozen=True)
class NeedRow:
    facet: str
    value: str
    weight: float
    source: str
    reason: str
    derived: DerivedNeed | None


def derived_need_list(*, actor, city) -> list[DerivedNeed]:
    """The needs the city's latest assessment suggests (for those who may see its needs)."""
    require(actor, "challenges.view_needs", city)
    return list(DerivedNeed.objects.filter(city=city))


def needs_merged(*, actor, city) -> list[NeedRow]:
    """The profile the city would get by applying the suggestions, strongest first."""
    manual = [n for n in needs_list_visible_to(actor=actor, city=city) if _is_manual(n)]
    rows: dict[tuple[str, str], NeedRow] = {
        (n.facet, n.value): NeedRow(
            n.facet, n.value, n.weight, n.source, _("Entered by the city"), None
        )
        for n in manual
    }
    for derived in derived_need_list(actor=actor, city=city):
        if derived.excluded:
            continue
        key = (derived.facet, derived.value)
        if key not in rows or derived.chosen_weight > rows[key].weight:
            rows[key] = NeedRow(
                derived.facet,
                derived.value,
                round(derived.chosen_weight, 2),
                derived.source,
                derived.reason,
                derived,
            )
    return sorted(rows.values(), key=lambda r: (-r.weight, r.facet, r.value))


def _is_manual(need: NeedItem) -> bool:
    return need.source == NeedSource.MANUAL


def derived_needs_adjust(*, actor, city, adjustments: list[dict]) -> list[DerivedNeed]:
    """The city's review of suggestions `{facet, value, weight, excluded}` (the city's admins);
    weight None goes back to the suggested weight."""
    require(actor, "challenges.change_needs", city)
    with transaction.atomic():
        found = {
            (d.facet, d.value): d for d in DerivedNeed.objects.select_for_update().filter(city=city)
        }
        errors = _adjustments_check(adjustments, found)
        if errors:
            raise ValidationFailed(errors)
        for row in adjustments:
            derived = found[(row["facet"], str(row["value"]))]
            derived.adjusted_weight = row.get("weight")
            derived.excluded = bool(row.get("excluded"))
            derived.save(update_fields=["adjusted_weight", "excluded", "updated_at"])
    return list(found.values())


def _adjustments_check(adjustments, found: dict) -> dict:
    errors: dict = {}
    for index, row in enumerate(adjustments):
        path = f"adjustments[{index}]"
        if not isinstance(row, dict) or (row.get("facet"), str(row.get("value"))) not in found:
            errors.setdefault(path, []).append(_("is not one of the suggested needs"))
            continue
        weight = row.get("weight")
        if weight is not None and (
            isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight <= 1
        ):
            errors.setdefault(f"{path}.weight", []).append(_("must be between 0 and 1"))
    return errors


def derived_needs_apply(*, actor, city) -> list[NeedItem]:
    """Make the reviewed suggestions, merged with the hand-entered needs, the city's needs
    profile (through challenges' needs_replace: the city's admins)."""
    require(actor, "challenges.change_needs", city)
    items = [
        {"facet": r.facet, "value": r.value, "weight": r.weight, "source": r.source}
        for r in needs_merged(actor=actor, city=city)
    ]
    return needs_replace(actor=actor, city=city, items=items)
