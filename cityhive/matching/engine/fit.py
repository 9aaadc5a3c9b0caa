"""Fit of a solution to a city: the region hard filter and the small practical checks.

Region is a hard filter (the issue: "Hard filters (visibility, region, status) are exact"): a
solution that lists the regions it serves reaches only cities in them, unless it lists "global";
one that lists none is not filtered (and its provider is asked to add them). Visibility and
status are filtered by the caller before the engine sees the data.

The fit signal is the mean of the checks below that can be made, each 0..1:
- languages: 1 if the solution is offered in one of the city's languages, else 0;
- population: 1 inside the solution's range, 0.5 within a factor of 2 outside it, else 0;
- budget: 1 if the cost level is within the budget level, 0.5 one level above, 0 two above;
- maturity: (TRL - 3) / 6 clamped to 0..1, so TRL 9 is 1 and TRL 6 is 0.5;
- timeline: <5 years 1, 5-10 years 0.6, >10 years 0.3.
A check missing data on the result's side counts 0 and yields an improvement hint for that side's
owner; a check missing data on the asking side is skipped (nobody is penalised for it).
"""

import math
from dataclasses import dataclass

from cityhive.matching.engine.model import COST_LEVELS, NeedsProfile, SolutionDoc
from cityhive.matching.engine.reasons import Reason, english, reason

TIMELINE_VALUES = {"<5 years": 1.0, "5-10 years": 0.6, ">10 years": 0.3}
POPULATION_SLACK = 2.0


@dataclass(frozen=True)
class Check:
    """One fit check: its value (None when it cannot be made), its reason, whose data is missing."""

    name: str
    value: float | None
    reason: Reason | None = None
    missing: str = ""  # "", "solution" or "city"

    @property
    def text(self) -> str:
        """The reason in English ("" when the check cannot be made)."""
        return english(self.reason) if self.reason is not None else ""


def serves(solution: SolutionDoc, city: NeedsProfile) -> bool:
    """The region hard filter: listed regions (or "global") must include the city."""
    served = {str(code).strip().upper() for code in solution.regions_served}
    if not served or "GLOBAL" in served or not city.country:
        return True
    return city.country.upper() in served or (bool(city.region) and city.region.upper() in served)


def language_check(solution: SolutionDoc, city: NeedsProfile) -> Check:
    """Is the solution offered in one of the city's languages."""
    if not city.languages:
        return Check("languages", None, missing="city")
    if not solution.languages:
        return Check("languages", None, missing="solution")
    shared = sorted(
        {lang.lower() for lang in solution.languages} & {c.lower() for c in city.languages}
    )
    names = city.language_names
    if shared:
        return Check("languages", 1.0, reason("offered_in", languages=_named(shared, names)))
    listed = _named(sorted(city.languages), names)
    return Check("languages", 0.0, reason("not_offered_in", languages=listed))


def _named(codes, names: dict[str, str]) -> list[str]:
    """Languages by the names the caller gave (the code itself when it gave none)."""
    return [names.get(code.lower(), code) for code in codes]


def population_check(solution: SolutionDoc, city: NeedsProfile) -> Check:
    """Is the city's population within the solution's range."""
    if not city.population or city.population <= 0:
        return Check("population", None, missing="city")
    low, high = solution.population_min, solution.population_max
    if low is None and high is None:
        return Check("population", None, missing="solution")
    pop = city.population
    if (low is None or pop >= low) and (high is None or pop <= high):
        return Check("population", 1.0, reason("city_size_within"))
    if high is not None and pop > high:
        factor = pop / high if high > 0 else math.inf
    else:
        factor = (low or 0) / pop
    value = 0.5 if factor <= POPULATION_SLACK else 0.0
    return Check("population", value, reason("city_size_outside"))


def budget_check(solution: SolutionDoc, budget_level: str) -> Check:
    """Is the solution's cost level within the budget level."""
    if budget_level not in COST_LEVELS:
        return Check("budget", None, missing="city")
    if solution.cost_level not in COST_LEVELS:
        return Check("budget", None, missing="solution")
    over = COST_LEVELS.index(solution.cost_level) - COST_LEVELS.index(budget_level)
    if over <= 0:
        return Check("budget", 1.0, reason("cost_within_budget", level=solution.cost_level))
    above = reason("cost_above_budget", level=solution.cost_level)
    return Check("budget", 0.5 if over == 1 else 0.0, above)


def maturity_check(solution: SolutionDoc) -> Check:
    """How proven the solution is (technology readiness level)."""
    if not isinstance(solution.maturity, int) or not 1 <= solution.maturity <= 9:
        return Check("maturity", None, missing="solution")
    value = min(1.0, max(0.0, (solution.maturity - 3) / 6))
    return Check("maturity", value, reason("maturity", trl=solution.maturity))


def timeline_check(solution: SolutionDoc) -> Check:
    """How soon the solution delivers."""
    if solution.timeline not in TIMELINE_VALUES:
        return Check("timeline", None, missing="solution")
    value = TIMELINE_VALUES[solution.timeline]
    return Check("timeline", value, reason("delivers_in", timeline=solution.timeline))


def fit_checks(solution: SolutionDoc, city: NeedsProfile, budget_level: str) -> list[Check]:
    """All fit checks of a solution for a city."""
    return [
        language_check(solution, city),
        population_check(solution, city),
        budget_check(solution, budget_level),
        maturity_check(solution),
        timeline_check(solution),
    ]
