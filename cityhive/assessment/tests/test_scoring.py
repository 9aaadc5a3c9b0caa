"""Scoring against hand-computed cases, and its properties."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityhive.assessment.scoring import achievement, band, group_achievement

positive = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)


@pytest.mark.parametrize(
    ("value", "target", "lower", "expected"),
    [
        (50, 100, False, 50.0),  # half the target
        (120, 100, False, 100.0),  # above target is capped
        (0, 100, False, 0.0),
        (5, 0, False, 100.0),  # a zero target is met by anything
        (10, 5, True, 50.0),  # less is better: twice the target -> 50 %
        (4, 5, True, 100.0),  # below a less-is-better target
        (20, 5, True, 25.0),
        (1, 0, True, 0.0),  # a zero target missed
        (0, 0, True, 100.0),
    ],
)
def test_achievement_hand_computed(value, target, lower, expected):
    assert achievement(value, target, lower_is_better=lower) == expected


def test_a_missing_target_scores_nothing():
    assert achievement(50, None, lower_is_better=False) is None
    assert band(None) is None
    assert group_achievement([None, None]) is None


@pytest.mark.parametrize(
    ("percent", "expected"),
    [(0, 1), (32.9, 1), (33, 2), (65.9, 2), (66, 3), (95, 3), (95.1, 4), (100, 4)],
)
def test_band_thresholds(percent, expected):
    assert band(percent) == expected


def test_group_is_the_mean_of_scored_kpis():
    assert group_achievement([50.0, None, 100.0, 75.0]) == 75.0


@given(value=positive, target=positive)
def test_achievement_stays_between_0_and_100(value, target):
    for lower in (True, False):
        assert 0 <= achievement(value, target, lower_is_better=lower) <= 100


@given(value=positive, better=positive, target=positive)
def test_a_better_value_never_scores_lower(value, better, target):
    higher, lower = max(value, better), min(value, better)
    assert achievement(higher, target, lower_is_better=False) >= achievement(
        lower, target, lower_is_better=False
    )
    assert achievement(lower, target, lower_is_better=True) >= achievement(
        higher, target, lower_is_better=True
    )


@given(value=positive, target=positive)
def test_less_is_better_mirrors_more_is_better(value, target):
    """value against target when less is better equals target against value when more is."""
    assert achievement(value, target, lower_is_better=True) == pytest.approx(
        achievement(target, value, lower_is_better=False)
    )


@given(a=st.floats(0, 100), b=st.floats(0, 100))
def test_bands_follow_achievement(a, b):
    if a <= b:
        assert band(a) <= band(b)
