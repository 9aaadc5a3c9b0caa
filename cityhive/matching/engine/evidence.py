"""Evidence: confirmed implementations, counted more when the implementing city is like this one.

similarity(a, b) = 0.4 * size + 0.4 * place + 0.2 * climate, each 0..1:
- size: 1 - |log10(population a / population b)|, clamped (same size 1, ten times bigger 0);
- place: 1 in the same country, 0.5 on the same continent, else 0;
- climate: 1 with the same biome, else 0.
An implementation supports the match with STATUS_WEIGHT[status] * (0.3 + 0.7 * similarity), so
even a dissimilar city's confirmed deployment is worth something, and the supports combine as a
noisy-OR: evidence = 1 - prod(1 - support), which grows with each city and stays below 1.
Unconfirmed implementations do not count: only the city can confirm one.
"""

import math
from dataclasses import dataclass

from cityhive.matching.engine.model import Evidence, NeedsProfile

STATUS_WEIGHT = {"scaled": 1.0, "deployed": 0.85, "pilot": 0.6}
BASE_SUPPORT = 0.3
NAMED_CITIES = 2
VERBS = {"scaled": "scaled up in", "deployed": "deployed in", "pilot": "piloted in"}


@dataclass(frozen=True)
class Similarity:
    """How alike two cities are (0..1) and the plain reasons why."""

    value: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Support:
    """One confirmed implementation's support for a match."""

    evidence: Evidence
    value: float
    similarity: Similarity


def size_similarity(first: int | None, second: int | None) -> float:
    """1 for the same population, 0 for a factor of ten or more (or unknown)."""
    if not first or not second or first <= 0 or second <= 0:
        return 0.0
    return max(0.0, 1.0 - abs(math.log10(first / second)))


def place_similarity(other: Evidence | NeedsProfile, city: NeedsProfile) -> float:
    """1 in the same country, 0.5 on the same continent, else 0."""
    if city.country and other.country.upper() == city.country.upper():
        return 1.0
    if city.continent and other.continent.upper() == city.continent.upper():
        return 0.5
    return 0.0


def city_similarity(other: Evidence | NeedsProfile, city: NeedsProfile) -> Similarity:
    """How alike another city is to this one."""
    size = size_similarity(other.population, city.population)
    place = place_similarity(other, city)
    climate = 1.0 if city.biome and other.biome == city.biome else 0.0
    reasons = [
        reason
        for reason, holds in (
            ("similar in size", size >= 0.5),
            ("in the same country", place == 1.0),
            ("on the same continent", place == 0.5),
            ("with the same climate", climate == 1.0),
        )
        if holds
    ]
    return Similarity(0.4 * size + 0.4 * place + 0.2 * climate, tuple(reasons))


def supports(implementations: tuple[Evidence, ...], city: NeedsProfile) -> list[Support]:
    """Confirmed implementations with their support, strongest first."""
    found = []
    for item in implementations:
        if item.confirmed:
            similarity = city_similarity(item, city)
            weight = STATUS_WEIGHT.get(item.status, STATUS_WEIGHT["pilot"])
            found.append(
                Support(
                    item,
                    weight * (BASE_SUPPORT + (1 - BASE_SUPPORT) * similarity.value),
                    similarity,
                )
            )
    found.sort(
        key=lambda support: (-support.value, support.evidence.city_name, support.evidence.city_id)
    )
    return found


def combined(found: list[Support]) -> float:
    """Noisy-OR of the supports."""
    remaining = 1.0
    for support in found:
        remaining *= 1.0 - support.value
    return 1.0 - remaining


def evidence_text(found: list[Support]) -> str:
    """'deployed in Recife and Fortaleza, similar in size, in the same country'."""
    named = found[:NAMED_CITIES]
    names = [support.evidence.city_name or support.evidence.city_id for support in named]
    places = " and ".join(names)
    more = len(found) - len(named)
    if more:
        places += f" (and {more} more {'city' if more == 1 else 'cities'})"
    shared = [
        r for r in named[0].similarity.reasons if all(r in s.similarity.reasons for s in named)
    ]
    verb = VERBS.get(named[0].evidence.status, "deployed in")
    return f"{verb} {places}" + (f", {', '.join(shared)}" if shared else "")
