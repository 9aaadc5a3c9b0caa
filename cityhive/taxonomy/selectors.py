"""Reads of the reference taxonomies (public data: no actor scoping needed)."""

from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext

from cityhive.core.errors import NotFound
from cityhive.taxonomy.models import (
    Facet,
    FacetTerm,
    Kpi,
    KpiDimension,
    KpiKind,
    KpiSubDimension,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
)

# U4SSC order: KPIs grouped by dimension, sub-dimension and category.
KPI_ORDER = (
    "sub_dimension__dimension__sort_order",
    "sub_dimension__sort_order",
    "category__sort_order",
    "sort_order",
)


def sdg_goal_list() -> QuerySet[SdgGoal]:
    """The 17 goals in order."""
    return SdgGoal.objects.order_by("number")


def sdg_goal_get(*, number: int) -> SdgGoal:
    """One goal, or NotFound."""
    # Checking the range first keeps absurd numbers (2**70) away from the database driver.
    goal = SdgGoal.objects.filter(number=number).first() if 1 <= number <= 17 else None
    if goal is None:
        raise NotFound(
            gettext("There is no SDG %(number)s; the goals are numbered 1 to 17.")
            % {"number": number}
        )
    return goal


def sdg_target_list(*, goal: SdgGoal) -> QuerySet[SdgTarget]:
    """A goal's targets in official order (1.1 … 1.9, 1.10, 1.a) with their indicators and KPIs."""
    indicators = Prefetch("indicators", queryset=SdgIndicator.objects.order_by("sort_key"))
    kpis = Prefetch("kpis", queryset=Kpi.objects.order_by("sort_order"))
    return goal.targets.order_by("sort_key").prefetch_related(indicators, kpis)


def kpi_list(
    *,
    dimension: str | None = None,
    kind: str | None = None,
    query: str | None = None,
    sdg_goal: int | None = None,
) -> QuerySet[Kpi]:
    """KPIs in U4SSC order, filtered by dimension slug, kind, text and linked SDG goal."""
    kpis = Kpi.objects.select_related("sub_dimension__dimension", "category")
    if dimension:
        kpis = kpis.filter(sub_dimension__dimension__slug=dimension)
    if kind:
        kpis = kpis.filter(kind=kind)
    text = (query or "").replace("\x00", "").strip()  # PostgreSQL refuses NUL characters
    if text:
        kpis = kpis.filter(_kpi_text_filter(text))
    if sdg_goal is not None:
        kpis = kpis.filter(sdg_goals=sdg_goal)
    return kpis.order_by(*KPI_ORDER)


def _kpi_text_filter(text: str) -> Q:
    return (
        Q(code__icontains=text)
        | Q(slug__icontains=text.replace(" ", "_"))
        | Q(definition__icontains=text)
        | Q(category__name__icontains=text)
        | Q(sub_dimension__name__icontains=text)
    )


def kpi_get(*, slug: str) -> Kpi:
    """One KPI with its hierarchy and SDG links, or NotFound."""
    kpi = (
        Kpi.objects.select_related("sub_dimension__dimension", "category")
        .prefetch_related("sdg_goals", "sdg_targets__goal", "sdg_indicators")
        .filter(slug=slug.replace("\x00", ""))
        .first()
    )
    if kpi is None:
        raise NotFound(gettext("There is no U4SSC KPI '%(slug)s'.") % {"slug": slug})
    return kpi


def kpi_dimension_list() -> QuerySet[KpiDimension]:
    """The three U4SSC dimensions in order."""
    return KpiDimension.objects.order_by("sort_order")


def kpi_sub_dimension_list() -> QuerySet[KpiSubDimension]:
    """The seven U4SSC sub-dimensions, in order within their dimension."""
    return KpiSubDimension.objects.select_related("dimension")


def kpi_kind_counts() -> dict[str, int]:
    """How many KPIs are core and how many advanced."""
    rows = Kpi.objects.order_by().values("kind").annotate(n=Count("pk"))
    counts = {row["kind"]: row["n"] for row in rows}
    return {kind.value: counts.get(kind.value, 0) for kind in KpiKind}


def facet_terms(*, facet: str) -> QuerySet[FacetTerm]:
    """The terms of one small vocabulary in their order, or NotFound for an unknown facet."""
    if facet not in Facet.values:
        raise NotFound(
            gettext("There is no vocabulary '%(facet)s'; try one of %(facets)s.")
            % {"facet": facet, "facets": ", ".join(Facet.values)}
        )
    return FacetTerm.objects.filter(facet=facet).select_related("parent").order_by("sort_order")


def facet_code_set(*, facet: str) -> frozenset[str]:
    """Every valid value of an exchange-format facet, for validating imports."""
    # sdg_goal, sdg_target and kpi values are codes of the SDG and KPI tables, not FacetTerm rows.
    if facet == "sdg_goal":
        return frozenset(str(n) for n in SdgGoal.objects.values_list("number", flat=True))
    if facet == "sdg_target":
        return frozenset(SdgTarget.objects.values_list("code", flat=True))
    if facet == "kpi":
        return frozenset(Kpi.objects.values_list("code", flat=True))
    return frozenset(facet_terms(facet=facet).values_list("code", flat=True))


def taxonomy_counts() -> dict[str, int]:
    """Headline counts of the reference data, for the home page."""
    return {
        "sdg_goals": SdgGoal.objects.count(),
        "sdg_targets": SdgTarget.objects.count(),
        "sdg_indicators": SdgIndicator.objects.count(),
        "kpis": Kpi.objects.count(),
    }


# Facets whose labels live in their own tables rather than in FacetTerm.
SPECIAL_FACETS = ("kpi", "sdg_target", "sdg_goal")


def facet_labels(keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """English names of these facet values: hazards, sectors, categories, KPIs, SDGs."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for facet, value in keys:
        wanted[facet].add(str(value))
    labels: dict[tuple[str, str], str] = {}
    terms = {facet: codes for facet, codes in wanted.items() if facet not in SPECIAL_FACETS}
    if terms:
        chosen = Q()
        for facet, codes in terms.items():
            chosen |= Q(facet=facet, code__in=codes)
        rows = FacetTerm.objects.filter(chosen).values_list("facet", "code", "label")
        labels.update({(facet, code): label for facet, code, label in rows})
    if wanted["kpi"]:
        rows = Kpi.objects.filter(code__in=wanted["kpi"]).values_list("code", "definition")
        labels.update({("kpi", code): text for code, text in rows})
    if wanted["sdg_target"]:
        targets = SdgTarget.objects.filter(code__in=wanted["sdg_target"]).only("code", "titles")
        labels.update({("sdg_target", t.code): t.title for t in targets})
    numbers = [int(n) for n in wanted["sdg_goal"] if n.isdigit()]
    if numbers:
        goals = SdgGoal.objects.filter(number__in=numbers).only("number", "short_titles")
        labels.update({("sdg_goal", str(g.number)): g.short_title for g in goals})
    return labels
