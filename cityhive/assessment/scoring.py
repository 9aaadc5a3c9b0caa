"""U4SSC scoring: achievement against a target and its band, for one KPI and for groups of KPIs.

Pure Python (no Django): values in, numbers out, so the rules can be checked by hand.
"""

from collections.abc import Iterable
from statistics import fmean

# Band thresholds on the achievement percentage (U4SSC): below 33 -> 1, 33 up to 66 -> 2,
# 66 up to and including 95 -> 3, above 95 -> 4.
BAND_2_FROM = 33.0
BAND_3_FROM = 66.0
BAND_4_ABOVE = 95.0


def achievement(value: float, target: float | None, *, lower_is_better: bool) -> float | None:
    """How far `value` reaches `target`, in percent from 0 to 100 (None without a target).

    Higher is better: value / target. Less is better: target / value (reaching or going below
    the target is 100). Above-target results are capped at 100 so one excellent KPI cannot hide
    a weak one in a group's average.
    """
    if target is None:
        return None
    if lower_is_better:
        if value <= target:
            return 100.0
        return _capped(target / value * 100.0)
    if target <= 0:
        return 100.0
    return _capped(value / target * 100.0)


def _capped(percent: float) -> float:
    return max(0.0, min(100.0, percent))


def band(percent: float | None) -> int | None:
    """The U4SSC scoring band (1 weakest to 4 strongest) of an achievement percentage."""
    if percent is None:
        return None
    if percent < BAND_2_FROM:
        return 1
    if percent < BAND_3_FROM:
        return 2
    if percent <= BAND_4_ABOVE:
        return 3
    return 4


def group_achievement(percents: Iterable[float | None]) -> float | None:
    """The mean achievement of the scored KPIs of a group (None when none is scored)."""
    scored = [p for p in percents if p is not None]
    return round(fmean(scored), 1) if scored else None
