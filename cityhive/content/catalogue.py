"""The reference vocabularies as the content pages need them: choices, readable labels and the
names of the facets."""

from functools import cached_property

from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from cityhive.taxonomy.languages import DEFAULT_LANGUAGE, text_in_language
from cityhive.taxonomy.models import Facet, FacetTerm, Kpi, SdgGoal, SdgTarget
from cityhive.taxonomy.vocabulary import WEIGHTED_FACETS

FACET_NAMES = {
    "category": _("Category"),
    "sdg_goal": _("SDG goal"),
    "sdg_target": _("SDG target"),
    "kpi": _("U4SSC KPI"),
    "hazard": _("Climate hazard"),
    "emission_sector": _("Emission sector"),
    "impact_sector": _("Impact sector"),
}
LABEL_LENGTH = 90


class Taxonomy:
    """The reference vocabularies as choices and labels; each group is read once, when used."""

    def __init__(self) -> None:
        self._labels: dict[str, dict[str, str]] = {}

    @cached_property
    def _terms(self) -> list[tuple[str, str, str]]:
        terms = FacetTerm.objects.filter(facet__in=Facet.values).order_by("sort_order", "pk")
        return list(terms.values_list("facet", "code", "label"))

    def terms(self, facet: str) -> list[tuple[str, str]]:
        """(code, label) of one small vocabulary in the interface language (taxonomy's
        vocabulary_labels puts the labels in the catalogues); sub-categories are indented."""
        return [
            (code, ("— " if "/" in code else "") + gettext(label))
            for term_facet, code, label in self._terms
            if term_facet == facet
        ]

    @cached_property
    def goals(self) -> list[tuple[str, str]]:
        rows = SdgGoal.objects.order_by("number").values_list("number", "short_titles")
        return [
            (str(number), f"{number} · {in_interface_language(titles)}") for number, titles in rows
        ]

    @cached_property
    def targets(self) -> list[tuple[str, str]]:
        rows = SdgTarget.objects.order_by("sort_key").values_list("code", "titles")
        return [
            (code, _short(f"{code} · {in_interface_language(titles)}")) for code, titles in rows
        ]

    @cached_property
    def _kpis(self) -> list[tuple[str, str, str]]:
        return list(Kpi.objects.order_by("sort_order").values_list("code", "slug", "definition"))

    @cached_property
    def kpis(self) -> list[tuple[str, str]]:
        return [(code, _short(f"{code} · {definition}")) for code, _, definition in self._kpis]

    @cached_property
    def kpi_slugs(self) -> dict[str, str]:
        return {code: slug for code, slug, _ in self._kpis}

    def choices(self, facet: str) -> list[tuple[str, str]]:
        """(value, label) pairs of any exchange facet."""
        if facet == "sdg_goal":
            return self.goals
        if facet == "sdg_target":
            return self.targets
        if facet == "kpi":
            return self.kpis
        return self.terms(facet)

    def label(self, facet: str, value) -> str:
        """A readable label for one facet value (the value itself when unknown); a KPI keeps its
        code, which experts look for, beside its definition."""
        value = str(value)
        labels = self._labels.setdefault(facet, dict(self.choices(facet)))
        return labels.get(value, value).removeprefix("— ")

    def values(self) -> list[tuple[str, str]]:
        """Every value a weighted row may take, with its facet's name: the rows' suggestions."""
        return [
            (value, f"{FACET_NAMES[facet]}: {label.removeprefix('— ')}")
            for facet in WEIGHTED_FACETS
            for value, label in self.choices(facet)
        ]


def _short(text: str) -> str:
    # Plain slicing: django's Truncator normalises Unicode, which cost more than the whole query.
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"


def in_english(titles: dict) -> str:
    return text_in_language(titles or {}, DEFAULT_LANGUAGE)


def in_interface_language(titles: dict) -> str:
    """The title in the interface language when the UN publishes it in that language, else
    English."""
    return text_in_language(titles or {}, (get_language() or DEFAULT_LANGUAGE)[:2])
