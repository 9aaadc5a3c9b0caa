"""An assessment's scores: each KPI against its target, and the results and progress per
category, sub-dimension and dimension (no permission check: callers read through selectors)."""

from collections import defaultdict
from dataclasses import dataclass, field

from cityhive.assessment.measures import measure_of
from cityhive.assessment.models import Assessment, KpiTarget, KpiValue, SizeClass
from cityhive.assessment.scoring import achievement, band, group_achievement
from cityhive.taxonomy.models import Kpi, KpiKind

SMALL_BELOW = 100_000
LARGE_ABOVE = 1_000_000


def size_class_of(city) -> str:
    """The city's size class by its population (the organisation's, else its place's)."""
    population = city.population or (city.place.population if city.place_id else 0)
    if not population:
        return SizeClass.ALL
    if population < SMALL_BELOW:
        return SizeClass.SMALL
    return SizeClass.LARGE if population > LARGE_ABOVE else SizeClass.MEDIUM


def targets_for(size_class: str) -> dict[int, float]:
    """Each KPI's target for a size class: the class's own, else the one for every city."""
    chosen: dict[int, float] = {}
    for target in KpiTarget.objects.filter(size_class__in=["", size_class]).order_by("size_class"):
        if target.size_class == size_class or target.kpi_id not in chosen:
            chosen[target.kpi_id] = target.target
    return chosen


@dataclass
class KpiScore:
    kpi: Kpi
    value: KpiValue | None
    unit: str
    lower_is_better: bool
    target: float | None
    achievement: float | None
    band: int | None


@dataclass
class GroupScore:
    name: str
    kind: str  # dimension, sub_dimension or category
    scores: list[KpiScore] = field(default_factory=list)

    @property
    def achievement(self) -> float | None:
        return group_achievement(s.achievement for s in self.scores)

    @property
    def band(self) -> int | None:
        return band(self.achievement)

    @property
    def core_total(self) -> int:
        return sum(1 for s in self.scores if s.kpi.kind == KpiKind.CORE)

    @property
    def core_entered(self) -> int:
        return sum(1 for s in self.scores if s.kpi.kind == KpiKind.CORE and s.value is not None)

    @property
    def entered(self) -> int:
        return sum(1 for s in self.scores if s.value is not None)

    @property
    def progress(self) -> int:
        """Share of the core KPIs entered, in percent."""
        return round(100 * self.core_entered / self.core_total) if self.core_total else 100


@dataclass
class Scorecard:
    assessment: Assessment
    scores: list[KpiScore]
    dimensions: list[GroupScore]
    sub_dimensions: list[GroupScore]
    categories: list[GroupScore]

    @property
    def overall(self) -> GroupScore:
        return GroupScore(name="", kind="all", scores=self.scores)

    def weakest(self, limit: int) -> list[KpiScore]:
        """Scored KPIs in bands 1 and 2, weakest first."""
        weak = [s for s in self.scores if s.band is not None and s.band <= 2]
        return sorted(weak, key=lambda s: (s.achievement, s.kpi.sort_order))[:limit]


def scorecard(assessment: Assessment) -> Scorecard:
    """Every KPI (core first) with its value, target, achievement and band, and the groups."""
    kpis = (
        Kpi.objects.select_related("sub_dimension__dimension", "category")
        .prefetch_related("sdg_goals")
        .order_by("kind", "sort_order")
    )
    values = {v.kpi_id: v for v in assessment.values.all()}
    targets = targets_for(size_class_of(assessment.city))
    scores = [_score(kpi, values.get(kpi.pk), targets.get(kpi.pk)) for kpi in kpis]
    scores.sort(key=lambda s: (s.kpi.kind != KpiKind.CORE, s.kpi.sort_order))
    return Scorecard(
        assessment=assessment,
        scores=scores,
        dimensions=_groups(scores, "dimension", lambda k: k.sub_dimension.dimension),
        sub_dimensions=_groups(scores, "sub_dimension", lambda k: k.sub_dimension),
        categories=_groups(scores, "category", lambda k: k.category),
    )


def _score(kpi: Kpi, value: KpiValue | None, target: float | None) -> KpiScore:
    measure = measure_of(kpi.code)
    percent = (
        None
        if value is None
        else achievement(value.value, target, lower_is_better=measure.lower_is_better)
    )
    return KpiScore(
        kpi=kpi,
        value=value,
        unit=measure.unit,
        lower_is_better=measure.lower_is_better,
        target=target,
        achievement=None if percent is None else round(percent, 1),
        band=band(percent),
    )


def _groups(scores: list[KpiScore], kind: str, key) -> list[GroupScore]:
    grouped: dict = defaultdict(list)
    for score in scores:
        grouped[key(score.kpi)].append(score)
    ordered = sorted(grouped, key=lambda g: (_parent_order(g), g.sort_order))
    return [GroupScore(name=str(g), kind=kind, scores=grouped[g]) for g in ordered]


def _parent_order(group) -> int:
    parent = getattr(group, "dimension", None)
    return parent.sort_order if parent is not None else 0
