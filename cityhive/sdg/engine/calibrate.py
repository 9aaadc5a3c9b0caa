"""Calibrating per-goal thresholds on labelled (goal, score, label) rows, and measuring them.

Each goal's threshold is the accuracy-maximising cut on that goal's rows, shrunk towards the
cut for all rows together: (n * goal_cut + SHRINK * global_cut) / (n + SHRINK). With a few dozen
rows per goal an unshrunk cut fits noise; cross-validation showed the shrunk one generalises better.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from itertools import pairwise

from cityhive.sdg.engine.tagger import GOALS, Thresholds

SHRINK = 10


@dataclass(frozen=True)
class Row:
    """One labelled judgement: does a text (with this score for the goal) address the goal."""

    goal: int
    score: float
    label: bool


def candidate_cuts(scores: list[float]) -> list[float]:
    """Midpoints between consecutive distinct scores, plus one below and one above all."""
    distinct = sorted(set(scores))
    if not distinct:
        return [0.0]
    middles = [(low + high) / 2 for low, high in pairwise(distinct)]
    return [distinct[0] - 1e-6, *middles, distinct[-1] + 1e-6]


def best_cut(rows: list[Row]) -> float | None:
    """The accuracy-maximising threshold (the middle one of equally good cuts); None if no rows."""
    if not rows:
        return None
    cuts = candidate_cuts([row.score for row in rows])
    correct = [sum((row.score >= cut) == row.label for row in rows) for cut in cuts]
    best = max(correct)
    tied = [cut for cut, count in zip(cuts, correct, strict=True) if count == best]
    return tied[len(tied) // 2]


def calibrate(rows: list[Row], shrink: float = SHRINK) -> Thresholds:
    """Per-goal thresholds shrunk towards the global one."""
    overall = best_cut(rows)
    if overall is None:
        return Thresholds()
    goals = {}
    for goal in GOALS:
        own = [row for row in rows if row.goal == goal]
        if own:
            goals[goal] = (len(own) * best_cut(own) + shrink * overall) / (len(own) + shrink)
    return Thresholds(overall, goals)


def correct_by_goal(rows: list[Row], thresholds: Thresholds) -> dict[int, list[bool]]:
    """Per goal, whether each row was judged right."""
    outcome: dict[int, list[bool]] = defaultdict(list)
    for row in rows:
        outcome[row.goal].append((row.score >= thresholds.for_goal(row.goal)) == row.label)
    return dict(outcome)


def summary(outcome: dict[int, list[bool]]) -> dict:
    """Per-goal accuracy, their mean (macro average) and the share of all rows right."""
    per_goal = {goal: sum(hits) / len(hits) for goal, hits in sorted(outcome.items())}
    total = [hit for hits in outcome.values() for hit in hits]
    return {
        "per_goal": per_goal,
        "macro": sum(per_goal.values()) / len(per_goal) if per_goal else 0.0,
        "overall": sum(total) / len(total) if total else 0.0,
    }


def folds_of(count: int, folds: int, seed: int) -> list[list[int]]:
    """Row indices split into folds after a seeded shuffle."""
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return [order[start::folds] for start in range(folds)]


def cross_validate(rows: list[Row], folds: int = 5, seeds: tuple[int, ...] = (0,)) -> dict:
    """Accuracy when each fold is judged with thresholds calibrated on the other folds."""
    outcome: dict[int, list[bool]] = defaultdict(list)
    for seed in seeds:
        for held_out in folds_of(len(rows), folds, seed):
            held = set(held_out)
            thresholds = calibrate([row for i, row in enumerate(rows) if i not in held])
            for goal, hits in correct_by_goal([rows[i] for i in held_out], thresholds).items():
                outcome[goal].extend(hits)
    return summary(outcome)
