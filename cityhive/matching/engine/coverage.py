"""Needs coverage: how much of a city's (or challenge's) weighted needs a solution acts on.

coverage = sum over needs of min(need weight, credited strength) / sum of need weights.
A need of weight 0.9 is fully covered by strength >= 0.9, and a small need needs only a small
strength, so the measure is the weighted share of needs met, in 0..1. Credit:
- an exact facet value gets the solution's strength for it;
- a more specific value counts for its parent at PARENT_CREDIT of its strength: a sub-category
  for its category (mobility/parking -> mobility), a SDG target for its goal (11.2 -> 11);
- categories, SDG targets and KPIs the solution lists without a strength count at LISTED_STRENGTH.
"""

import math
from dataclasses import dataclass

from cityhive.matching.engine.model import FacetKey, SolutionDoc
from cityhive.matching.engine.reasons import FACET_NOUNS  # noqa: F401 (named here before)

PARENT_CREDIT = 0.5
LISTED_STRENGTH = 0.5


@dataclass(frozen=True)
class Covered:
    """One need the solution acts on: its key, the need's weight and the credit it got."""

    key: FacetKey
    weight: float
    credit: float


@dataclass(frozen=True)
class Coverage:
    """The coverage value and the covered needs, biggest contribution first."""

    value: float
    covered: list[Covered]


def number(value) -> float:
    """A finite float; junk, NaN and infinities become 0."""
    try:
        result = float(value)
    except (TypeError, ValueError):
        return 0.0
    return result if math.isfinite(result) else 0.0


def unit(value) -> float:
    """A weight or strength as a float in 0..1 (junk and NaN become 0)."""
    return min(1.0, max(0.0, number(value)))


def solution_facets(solution: SolutionDoc) -> dict[FacetKey, float]:
    """The solution's facet strengths: listed values at LISTED_STRENGTH, explicit ones as given."""
    facets: dict[FacetKey, float] = {}
    for facet, values in (
        ("category", solution.categories),
        ("sdg_target", solution.sdg_targets),
        ("kpi", solution.kpis),
    ):
        facets.update({(facet, str(value)): LISTED_STRENGTH for value in values})
    facets.update({key: unit(strength) for key, strength in solution.addresses.items()})
    return facets


def parent(key: FacetKey) -> FacetKey | None:
    """The broader value a facet value belongs to, if any."""
    facet, value = key
    if facet == "category" and "/" in value:
        return ("category", value.rsplit("/", 1)[0])
    if facet == "sdg_target" and "." in value:
        return ("sdg_goal", value.split(".", 1)[0])
    return None


def credited(facets: dict[FacetKey, float]) -> dict[FacetKey, float]:
    """Facet strengths with parents credited at PARENT_CREDIT (the best credit wins)."""
    out = dict(facets)
    for key, strength in facets.items():
        while (key := parent(key)) is not None:
            strength *= PARENT_CREDIT
            out[key] = max(out.get(key, 0.0), strength)
    return out


def solution_strengths(solution: SolutionDoc) -> dict[FacetKey, float]:
    """credited(solution_facets(solution)), worked out once per (immutable) document."""
    found = solution.__dict__.get("_credited_strengths")
    if found is None:
        found = solution.__dict__["_credited_strengths"] = credited(solution_facets(solution))
    return found


def coverage(
    needs: dict[FacetKey, float],
    facets: dict[FacetKey, float],
    strengths: dict[FacetKey, float] | None = None,
) -> Coverage:
    """Weighted share of the needs met by the facet strengths (0 with no needs).

    `strengths`, when given, are the facets already credited to their parents.
    """
    weights = {key: unit(weight) for key, weight in needs.items()}
    total = sum(weights.values())
    if total <= 0:
        return Coverage(0.0, [])
    strengths = credited(facets) if strengths is None else strengths
    covered = [
        Covered(key, weight, min(weight, strengths.get(key, 0.0)))
        for key, weight in weights.items()
        if strengths.get(key, 0.0) > 0 and weight > 0
    ]
    covered.sort(key=lambda item: (-item.credit, -item.weight, item.key))
    return Coverage(sum(item.credit for item in covered) / total, covered)
