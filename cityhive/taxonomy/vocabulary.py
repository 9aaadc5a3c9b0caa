"""Checking facet values against the taxonomy, with error paths like `addresses[1].strength`."""

from collections.abc import Iterable
from functools import cache

from django.utils.translation import gettext, gettext_noop

from cityhive.core.bulk import rows_insert
from cityhive.core.checks import FieldErrors, add_error
from cityhive.taxonomy.selectors import facet_code_set

WEIGHTED_FACETS = (
    "hazard",
    "emission_sector",
    "impact_sector",
    "kpi",
    "sdg_target",
    "sdg_goal",
    "category",
)
NEED_SOURCES = ("kpi_assessment", "climate_risk", "emissions_inventory", "manual")


class Vocabulary:
    """The taxonomy's codes, read once per instance (an import keeps one for its whole file)."""

    def __init__(self) -> None:
        self.codes = cache(lambda facet: facet_code_set(facet=facet))

    def check_codes(self, values, *, facet: str, field: str, errors: FieldErrors) -> None:
        """Every value of a plain code list (categories, sdg_targets, kpis) must be known."""
        if not _is_list(values, field, errors):
            return
        known = self.codes(facet)
        for index, value in enumerate(values):
            if not isinstance(value, str) or value not in known:
                add_error(errors, f"{field}[{index}]", _unknown(facet, value))

    def check_weighted(
        self, items, *, field: str, weight: str, errors: FieldErrors, sources: Iterable[str] = ()
    ) -> None:
        """Items `{facet, value, <weight>[, source]}` with a known value and a weight in 0..1."""
        if not _is_list(items, field, errors):
            return
        for index, item in enumerate(items):
            path = f"{field}[{index}]"
            if not isinstance(item, dict):
                add_error(
                    errors,
                    path,
                    gettext("must be an object with facet, value and %(weight)s")
                    % {"weight": weight},
                )
                continue
            self._check_item(item, path=path, weight=weight, errors=errors, sources=tuple(sources))

    def _check_item(self, item: dict, *, path: str, weight: str, errors: FieldErrors, sources):
        facet, value, amount = item.get("facet"), item.get("value"), item.get(weight)
        if facet not in WEIGHTED_FACETS:
            add_error(errors, f"{path}.facet", _one_of(WEIGHTED_FACETS))
        elif str(value) not in self.codes(facet):
            add_error(errors, f"{path}.value", _unknown(facet, value))
        if isinstance(amount, bool) or not isinstance(amount, int | float) or not 0 <= amount <= 1:
            add_error(errors, f"{path}.{weight}", gettext("must be between 0 and 1"))
        if sources and item.get("source") not in sources:
            add_error(errors, f"{path}.source", _one_of(sources))


def _is_list(values, field: str, errors: FieldErrors) -> bool:
    if isinstance(values, list):
        return True
    add_error(errors, field, gettext("must be a list"))
    return False


# The facets as a validation message names them (translated when the message is built).
FACET_WORDS = {
    "category": gettext_noop("category"),
    "sdg_target": gettext_noop("sdg target"),
    "kpi": gettext_noop("kpi"),
    "hazard": gettext_noop("hazard"),
    "emission_sector": gettext_noop("emission sector"),
    "impact_sector": gettext_noop("impact sector"),
}


def _unknown(facet: str, value) -> str:
    word = FACET_WORDS.get(facet, facet.replace("_", " "))
    return gettext("unknown %(facet)s %(value)s") % {"facet": gettext(word), "value": repr(value)}


def _one_of(choices) -> str:
    return gettext("must be one of %(choices)s") % {"choices": ", ".join(choices)}


# An item's `extra` key for the SDG targets the tagger suggested, and the facet of their goals.
SDG_SUGGESTED = "sdg_suggested"


def facet_tags_write(*, owner, tag_model, owner_field: str) -> None:
    """Rebuild the facet index rows (`tag_model`) of one solution or challenge."""
    facet_tags_rebuild(tag_model=tag_model, owner_field=owner_field, changed=[owner])


def facet_tags_rebuild(*, tag_model, owner_field: str, created=(), changed=()) -> None:
    """Rebuild the facet index rows (`tag_model`) of many solutions or challenges at once.

    `created` rows have no index yet; the index of `changed` rows is replaced.
    """
    if changed:
        tag_model.objects.filter(**{f"{owner_field}_id__in": [o.pk for o in changed]}).delete()
    rows = (
        (owner.pk, facet, value, strength)
        for owner in (*created, *changed)
        for (facet, value), strength in facet_tags(
            categories=owner.categories,
            sdg_targets=owner.sdg_targets,
            kpis=owner.kpis,
            addresses=owner.addresses,
            sdg_suggested=(owner.extra or {}).get(SDG_SUGGESTED, ()),
        ).items()
    )
    rows_insert(tag_model, (owner_field, "facet", "value", "strength"), rows)


def facet_tags(
    *,
    categories=(),
    sdg_targets=(),
    kpis=(),
    addresses=(),
    weight: str = "strength",
    sdg_suggested=(),
) -> dict[tuple[str, str], float]:
    """The (facet, value) -> strength index of a solution or challenge, for filtering and matching.

    Sub-categories also tag their parent category, and SDG targets their goal. SDG targets the
    tagger suggested and the owner has not accepted yet tag their goal as `sdg_suggested`.
    """
    tags: dict[tuple[str, str], float] = {}

    def put(facet: str, value: str, strength: float) -> None:
        tags[(facet, value)] = max(strength, tags.get((facet, value), 0.0))

    for category in categories:
        put("category", category, 1.0)
        if "/" in category:
            put("category", category.split("/", 1)[0], 1.0)
    for target in sdg_targets:
        put("sdg_target", target, 1.0)
        put("sdg_goal", target.split(".", 1)[0], 1.0)
    for target in sdg_suggested:
        put(SDG_SUGGESTED, target.split(".", 1)[0], 1.0)
    for kpi in kpis:
        put("kpi", kpi, 1.0)
    for item in addresses:
        put(item["facet"], str(item["value"]), float(item[weight]))
        if item["facet"] == "sdg_target":
            put("sdg_goal", str(item["value"]).split(".", 1)[0], float(item[weight]))
    return tags
