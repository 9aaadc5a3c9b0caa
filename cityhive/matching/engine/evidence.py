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
from cityhive.matching.engine.reasons import CITY_TRAITS, Reason, english, reason

STATUS_WEIGHT = {"scaled": 1.0, "deployed": 0.85, "pilot": 0.6}
BASE_SUPPORT = 0.3
NAMED_CITIES = 2


@dataclass(frozen=True)
class Similarity:
    """How alike two cities are (0..1) and why (keys of reasons.CITY_TRAITS)."""

    value: float
    traits: tuple[str, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """The traits in English ("similar in size", ...)."""
        return tuple(CITY_TRAITS[trait] for trait in self.traits)


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
    traits = [
        trait
        for trait, holds in (
            ("size", size >= 0.5),
            ("country", place == 1.0),
            ("continent", place == 0.5),
            ("climate", climate == 1.0),
        )
        if holds
    ]
    return Similarity(0.4 * size + 0.4 * place + 0.2 * climate, tuple(traits))


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


def evidence_reason(found: list[Support]) -> Reason:
    """The first cities' names, how many more, and what they share with this city."""
    named = found[:NAMED_CITIES]
    shared = [t for t in named[0].similarity.traits if all(t in s.similarity.traits for s in named)]
    return reason(
        "implemented_in",
        status=named[0].evidence.status,
        cities=[support.evidence.city_name or support.evidence.city_id for support in named],
        more=len(found) - len(named),
        traits=shared,
    )


def evidence_text(found: list[Support]) -> str:
    """'deployed in Recife and Fortaleza, similar in size, in the same country'."""
    return english(evidence_reason(found))
