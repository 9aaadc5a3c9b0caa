import pytest

from cityhive.sdg.engine.calibrate import (
    Row,
    best_cut,
    calibrate,
    candidate_cuts,
    correct_by_goal,
    cross_validate,
    folds_of,
    summary,
)
from cityhive.sdg.engine.tagger import Thresholds


def test_candidate_cuts_are_midpoints_plus_both_ends():
    assert candidate_cuts([0.3, 0.1, 0.3]) == pytest.approx([0.1 - 1e-6, 0.2, 0.3 + 1e-6])


def test_best_cut_separates_the_labels_and_none_without_rows():
    rows = [Row(1, 0.1, False), Row(1, 0.2, False), Row(1, 0.4, True), Row(1, 0.6, True)]
    assert best_cut(rows) == pytest.approx(0.3)
    assert best_cut([]) is None


def test_goal_cut_is_shrunk_towards_the_global_cut():
    rows = [Row(1, 0.1, False), Row(1, 0.3, True), Row(2, 0.5, False), Row(2, 0.7, True)]
    thresholds = calibrate(rows, shrink=2)
    assert thresholds.default == pytest.approx(0.6)
    assert thresholds.goals == pytest.approx({1: (2 * 0.2 + 2 * 0.6) / 4, 2: 0.6})


def test_summary_gives_per_goal_macro_and_overall_accuracy():
    rows = [Row(1, 0.5, True), Row(1, 0.5, False), Row(2, 0.1, False)]
    result = summary(correct_by_goal(rows, Thresholds(0.3)))
    assert result == {"per_goal": {1: 0.5, 2: 1.0}, "macro": 0.75, "overall": 2 / 3}


def test_folds_cover_every_row_once():
    folds = folds_of(11, 5, seed=0)
    assert sorted(i for fold in folds for i in fold) == list(range(11))
    assert [len(fold) for fold in folds] == [3, 2, 2, 2, 2]


def test_cross_validation_of_separable_rows_is_perfect():
    rows = [Row(goal, 0.1 * (i % 2) + 0.05, bool(i % 2)) for goal in (1, 2) for i in range(20)]
    assert cross_validate(rows, folds=5, seeds=(0, 1))["macro"] == 1.0
