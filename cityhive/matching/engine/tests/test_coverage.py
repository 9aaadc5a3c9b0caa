import pytest

from cityhive.matching.engine import SolutionDoc
from cityhive.matching.engine.coverage import (
    Covered,
    coverage,
    credited,
    parent,
    solution_facets,
    unit,
)

NEEDS = {("hazard", "floods"): 0.9, ("hazard", "heatwaves"): 0.3, ("sdg_goal", "11"): 0.6}


def test_coverage_is_the_weighted_share_of_needs_met():
    result = coverage(NEEDS, {("hazard", "floods"): 0.5, ("hazard", "heatwaves"): 1.0})
    assert result.value == pytest.approx((0.5 + 0.3) / 1.8)
    assert result.covered == [
        Covered(("hazard", "floods"), 0.9, 0.5),
        Covered(("hazard", "heatwaves"), 0.3, 0.3),
    ]


def test_a_target_earns_half_credit_for_its_goal():
    result = coverage(NEEDS, {("sdg_target", "11.5"): 1.0})
    assert result.value == pytest.approx(0.5 / 1.8)


def test_sub_categories_credit_each_parent_at_half_again():
    assert parent(("category", "mobility/parking")) == ("category", "mobility")
    assert parent(("hazard", "floods")) is None
    assert credited({("category", "a/b/c"): 0.8}) == {
        ("category", "a/b/c"): 0.8,
        ("category", "a/b"): 0.4,
        ("category", "a"): 0.2,
    }


def test_listed_values_count_at_half_strength_and_explicit_strengths_win():
    solution = SolutionDoc(
        "s",
        categories=("mobility",),
        sdg_targets=("11.2",),
        kpis=("EC: I: T: 1C",),
        addresses={("category", "mobility"): 0.9},
    )
    assert solution_facets(solution) == {
        ("category", "mobility"): 0.9,
        ("sdg_target", "11.2"): 0.5,
        ("kpi", "EC: I: T: 1C"): 0.5,
    }


def test_no_needs_or_junk_weights_give_zero():
    assert coverage({}, {("hazard", "floods"): 1.0}).value == 0.0
    assert coverage({("hazard", "floods"): "x"}, {("hazard", "floods"): 1.0}).value == 0.0
    assert [unit(v) for v in (None, "0.5", float("nan"), 7, -1)] == [0.0, 0.5, 0.0, 1.0, 0.0]
