"""Loading the shipped reference data (SDGs, U4SSC KPIs, facet vocabularies) into the database.

Every step is an upsert keyed on the natural code, and many-to-many links are synchronised by
difference, so running the loader again changes nothing. Rows are never deleted: products,
challenges and assessments may point at them.
"""

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import models, transaction
from django.utils.text import slugify

from cityhive.taxonomy.models import (
    FacetTerm,
    Kpi,
    KpiCategory,
    KpiDimension,
    KpiSubDimension,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
)

DATA_DIR = Path(__file__).resolve().parent / "data"

# Official colours of the UN SDG communications guidelines.
SDG_COLOURS: dict[int, str] = {
    1: "#E5243B", 2: "#DDA63A", 3: "#4C9F38", 4: "#C5192D", 5: "#FF3A21", 6: "#26BDE2",
    7: "#FCC30B", 8: "#A21942", 9: "#FD6925", 10: "#DD1367", 11: "#FD9D24", 12: "#BF8B2E",
    13: "#3F7E44", 14: "#0A97D9", 15: "#56C02B", 16: "#00689D", 17: "#19486A",
}  # fmt: skip

_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-"})
# A footnote number glued to a title's last word in the UN document, e.g. "by speed4".
_FOOTNOTE = re.compile(r"(?<=[a-z])\d+$")


@dataclass(frozen=True)
class LoadReport:
    """How many reference rows the database holds after a load."""

    sdg_goals: int
    sdg_targets: int
    sdg_indicators: int
    kpi_dimensions: int
    kpi_sub_dimensions: int
    kpi_categories: int
    kpis: int
    facet_terms: int


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def sdg_code_sort_key(code: str) -> str:
    """A sortable key for "1.9", "1.10", "1.a", "1.a.1": numbers by value, letters after numbers."""
    return ".".join(f"{int(part):03d}" if part.isdigit() else part for part in code.split("."))


def _upsert(
    model: type[models.Model], rows: list[models.Model], *, key: list[str], keep: tuple = ()
) -> None:
    """Insert new rows and refresh existing ones matched on `key`, leaving `keep` fields alone."""
    fields = [
        f.name
        for f in model._meta.concrete_fields
        if not f.primary_key and f.name not in key and f.name not in keep
    ]
    model.objects.bulk_create(rows, update_conflicts=True, unique_fields=key, update_fields=fields)


def _sync_links(
    through: type[models.Model], left: str, right: str, pairs: Iterable[tuple[int, int]]
) -> None:
    """Make a many-to-many table hold exactly `pairs`, touching only rows that differ."""
    wanted = set(pairs)
    existing = set(through.objects.values_list(f"{left}_id", f"{right}_id"))
    stale = existing - wanted
    for left_id, right_id in stale:
        through.objects.filter(**{f"{left}_id": left_id, f"{right}_id": right_id}).delete()
    through.objects.bulk_create(
        [through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in sorted(wanted - existing)]
    )


def _titles_by_code(rows: list[dict[str, str]], code_field: str, text_field: str) -> dict:
    # Some translations use decomposed accents (E + U+0301): store the composed form, so search
    # and comparisons behave.
    titles: dict[str, dict[str, str]] = {}
    for row in rows:
        text = unicodedata.normalize("NFC", row[text_field].strip())
        titles.setdefault(row[code_field], {})[row["lang"]] = text
    return titles


def _load_goals() -> None:
    rows = _read_csv("sdg_goals.csv")
    titles = _titles_by_code(rows, "goal", "title")
    shorts = _titles_by_code(rows, "goal", "short")
    goals = [
        SdgGoal(number=int(code), colour=SDG_COLOURS[int(code)], titles=titles[code],
                short_titles=shorts[code])
        for code in titles
    ]  # fmt: skip
    _upsert(SdgGoal, goals, key=["number"])


def _load_targets() -> dict[str, int]:
    rows = _read_csv("sdg_targets.csv")
    titles = _titles_by_code(rows, "target", "title")
    targets = [
        SdgTarget(code=code, goal_id=int(code.split(".")[0]), titles=texts,
                  sort_key=sdg_code_sort_key(code))
        for code, texts in titles.items()
    ]  # fmt: skip
    _upsert(SdgTarget, targets, key=["code"])
    return dict(SdgTarget.objects.values_list("code", "pk"))


def _comparable(text: str) -> str:
    return " ".join(text.translate(_DASHES).split()).casefold()


def _indicator_titles(official_en: str, translated: dict[str, str]) -> dict[str, str]:
    """The official English title, with translations only where they render that same wording."""
    if _comparable(translated.get("en", "")) != _comparable(official_en):
        return {"en": official_en}  # a revised or new indicator: older translations would mislead
    return {**translated, "en": official_en}


def _load_indicators(target_ids: dict[str, int]) -> dict[str, int]:
    translated = _titles_by_code(_read_csv("sdg_indicators.csv"), "indicator", "title")
    official = _read_csv("un_global_indicator_framework_2025_en.csv")
    indicators = [
        SdgIndicator(
            code=row["indicator"],
            titles=_indicator_titles(
                _FOOTNOTE.sub("", row["indicator_title"].strip()),
                translated.get(row["indicator"], {}),
            ),
            unsd_code=row["unsd_code"],
            sort_key=sdg_code_sort_key(row["indicator"]),
        )
        for row in official
    ]
    _upsert(SdgIndicator, indicators, key=["code"])
    indicator_ids = dict(SdgIndicator.objects.values_list("code", "pk"))
    pairs = [(indicator_ids[row["indicator"]], target_ids[row["target"]]) for row in official]
    _sync_links(SdgIndicator.targets.through, "sdgindicator", "sdgtarget", pairs)
    return indicator_ids


def _level_code(rows: list[dict[str, str]], level: int) -> dict[tuple[str, ...], str]:
    """The abbreviation a KPI code uses for a level: 0 dimension, 1 sub-dimension, 2 category."""
    fields = [("dimension",), ("dimension", "sub_dimension"), ("category",)][level]
    return {
        tuple(row[f] for f in fields): row["kpi_code"].split(":")[level].strip() for row in rows
    }


def _first_seen(rows: list[dict[str, str]], *fields: str) -> dict[tuple[str, ...], int]:
    """Each distinct combination of `fields`, numbered in order of first appearance."""
    order: dict[tuple[str, ...], int] = {}
    for row in rows:
        order.setdefault(tuple(row[f] for f in fields), len(order))
    return order


def _load_named_level(
    model: type[KpiDimension | KpiCategory], rows: list[dict[str, str]], *, field: str, level: int
) -> dict[str, int]:
    """Upsert the dimensions or the categories named in column `field`; their ids by name."""
    codes = _level_code(rows, level)
    levels = [
        model(code=codes[key], name=key[0], slug=slugify(key[0]), sort_order=order)
        for key, order in _first_seen(rows, field).items()
    ]
    _upsert(model, levels, key=["name"])
    return dict(model.objects.values_list("name", "pk"))


def _load_sub_dimensions(rows: list[dict[str, str]], dimension_ids: dict[str, int]) -> dict:
    codes = _level_code(rows, 1)
    subs = [
        KpiSubDimension(dimension_id=dimension_ids[dim], code=codes[(dim, name)], name=name,
                        slug=slugify(name), sort_order=order)
        for (dim, name), order in _first_seen(rows, "dimension", "sub_dimension").items()
    ]  # fmt: skip
    _upsert(KpiSubDimension, subs, key=["dimension", "name"])
    saved = KpiSubDimension.objects.values_list("dimension__name", "name", "pk")
    return {(dim, name): pk for dim, name, pk in saved}


def _load_kpi_links(rows: list[dict[str, str]], target_ids: dict, indicator_ids: dict) -> None:
    kpi_ids = dict(Kpi.objects.values_list("code", "pk"))
    goals, targets, indicators = [], [], []
    for row in rows:
        kpi = kpi_ids[row["kpi_code"]]
        goals += [(kpi, int(goal)) for goal in _split(row["sdg_goals"])]
        targets += [(kpi, target_ids[code]) for code in _split(row["sdg_targets"])]
        # Indicators deleted in the 2025 review (e.g. 17.6.2) are no longer linked.
        indicators += [
            (kpi, indicator_ids[code])
            for code in _split(row["sdg_indicators"])
            if code in indicator_ids
        ]
    _sync_links(Kpi.sdg_goals.through, "kpi", "sdggoal", goals)
    _sync_links(Kpi.sdg_targets.through, "kpi", "sdgtarget", targets)
    _sync_links(Kpi.sdg_indicators.through, "kpi", "sdgindicator", indicators)


def _load_kpis(target_ids: dict[str, int], indicator_ids: dict[str, int]) -> None:
    rows = _read_csv("u4ssc_kpis.csv")
    dimension_ids = _load_named_level(KpiDimension, rows, field="dimension", level=0)
    sub_ids = _load_sub_dimensions(rows, dimension_ids)
    category_ids = _load_named_level(KpiCategory, rows, field="category", level=2)
    kpis = [
        Kpi(code=row["kpi_code"].strip(), slug=row["slug"].strip(),
            definition=row["definition"].strip(), kind=row["kpi_type"],
            sub_dimension_id=sub_ids[(row["dimension"], row["sub_dimension"])],
            category_id=category_ids[row["category"]], sort_order=order)
        for order, row in enumerate(rows)
    ]  # fmt: skip
    _upsert(Kpi, kpis, key=["code"])
    _load_kpi_links(rows, target_ids, indicator_ids)


def _load_facet_terms() -> None:
    rows = _read_csv("facet_terms.csv")
    terms = [
        FacetTerm(facet=row["facet"], code=row["code"], label=row["label"],
                  description=row["description"], sort_order=order)
        for order, row in enumerate(rows)
    ]  # fmt: skip
    # A parent is another row of this file: save the terms first, then link them to their parents.
    _upsert(FacetTerm, terms, key=["facet", "code"], keep=("parent",))
    saved = FacetTerm.objects.values_list("facet", "code", "pk")
    ids = {(facet, code): pk for facet, code, pk in saved}
    for term, row in zip(terms, rows, strict=True):
        term.pk = ids[(term.facet, term.code)]
        term.parent_id = ids[(row["facet"], row["parent"])] if row["parent"] else None
    FacetTerm.objects.bulk_update(terms, ["parent"])


def reference_data_report() -> LoadReport:
    """Counts of the reference rows now in the database."""
    return LoadReport(
        sdg_goals=SdgGoal.objects.count(),
        sdg_targets=SdgTarget.objects.count(),
        sdg_indicators=SdgIndicator.objects.count(),
        kpi_dimensions=KpiDimension.objects.count(),
        kpi_sub_dimensions=KpiSubDimension.objects.count(),
        kpi_categories=KpiCategory.objects.count(),
        kpis=Kpi.objects.count(),
        facet_terms=FacetTerm.objects.count(),
    )


@transaction.atomic
def reference_data_load() -> LoadReport:
    """Insert or refresh every shipped reference row and link; idempotent."""
    _load_goals()
    target_ids = _load_targets()
    indicator_ids = _load_indicators(target_ids)
    _load_kpis(target_ids, indicator_ids)
    _load_facet_terms()
    return reference_data_report()
