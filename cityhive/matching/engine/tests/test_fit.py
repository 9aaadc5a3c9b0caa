import pytest

from cityhive.matching.engine import NeedsProfile, SolutionDoc
from cityhive.matching.engine.fit import (
    Check,
    budget_check,
    language_check,
    maturity_check,
    population_check,
    serves,
    timeline_check,
)
from cityhive.matching.engine.reasons import Reason

CITY = NeedsProfile("c", country="BR", region="BR-PE", population=1_000_000, languages=("pt",))


@pytest.mark.parametrize(
    ("regions", "served"),
    [
        ((), True),
        (("global",), True),
        (("KE",), False),
        (("ke", "br"), True),
        (("BR-PE",), True),
        (("BR-SP",), False),
        (("KE", "GLOBAL"), True),
    ],
)
def test_region_is_a_hard_filter_unless_global_or_unlisted(regions, served):
    assert serves(SolutionDoc("s", regions_served=regions), CITY) is served


def test_a_city_without_a_country_is_not_filtered():
    assert serves(SolutionDoc("s", regions_served=("KE",)), NeedsProfile("c")) is True


def test_language_check():
    offered = language_check(SolutionDoc("s", languages=("PT", "es")), CITY)
    assert offered == Check("languages", 1.0, Reason("offered_in", {"languages": ["pt"]}))
    assert offered.text == "offered in pt"
    assert language_check(SolutionDoc("s", languages=("en",)), CITY).value == 0.0
    assert language_check(SolutionDoc("s"), CITY).missing == "solution"
    assert language_check(SolutionDoc("s"), NeedsProfile("c")).missing == "city"


@pytest.mark.parametrize(
    ("low", "high", "value"),
    [
        (100_000, 2_000_000, 1.0),
        (None, 600_000, 0.5),
        (2_500_000, None, 0.0),
        (None, None, None),
        (0, 0, 0.0),  # a range of [0, 0] once divided by zero
    ],
)
def test_population_check(low, high, value):
    solution = SolutionDoc("s", population_min=low, population_max=high)
    assert population_check(solution, CITY).value == value


@pytest.mark.parametrize(
    ("cost", "budget", "value"),
    [("low", "medium", 1.0), ("high", "medium", 0.5), ("high", "low", 0.0), ("", "low", None)],
)
def test_budget_check(cost, budget, value):
    assert budget_check(SolutionDoc("s", cost_level=cost), budget).value == value


def test_maturity_and_timeline_checks():
    assert [maturity_check(SolutionDoc("s", maturity=t)).value for t in (9, 6, 2, None)] == [
        1.0,
        0.5,
        0.0,
        None,
    ]
    assert [
        timeline_check(SolutionDoc("s", timeline=t)).value
        for t in ("<5 years", "5-10 years", ">10 years", "soon")
    ] == [1.0, 0.6, 0.3, None]
