from typing import Literal

from ninja import Schema

from cityhive.taxonomy.languages import text_in_language
from cityhive.taxonomy.models import FacetTerm, Kpi, SdgGoal, SdgIndicator, SdgTarget

UnLanguage = Literal["ar", "zh", "en", "fr", "ru", "es"]


class SdgGoalOut(Schema):
    number: int
    colour: str
    lang: str
    short_title: str
    title: str

    @classmethod
    def build(cls, goal: SdgGoal, *, lang: str) -> "SdgGoalOut":
        return cls(
            number=goal.number,
            colour=goal.colour,
            lang=lang,
            short_title=text_in_language(goal.short_titles, lang),
            title=text_in_language(goal.titles, lang),
        )


class SdgIndicatorOut(Schema):
    code: str
    unsd_code: str
    title: str

    @classmethod
    def build(cls, indicator: SdgIndicator, *, lang: str) -> "SdgIndicatorOut":
        title = text_in_language(indicator.titles, lang)
        return cls(code=indicator.code, unsd_code=indicator.unsd_code, title=title)


class SdgTargetOut(Schema):
    code: str
    title: str
    indicators: list[SdgIndicatorOut]
    kpis: list[str]

    @classmethod
    def build(cls, target: SdgTarget, *, lang: str) -> "SdgTargetOut":
        return cls(
            code=target.code,
            title=text_in_language(target.titles, lang),
            indicators=[SdgIndicatorOut.build(i, lang=lang) for i in target.indicators.all()],
            kpis=[kpi.code for kpi in target.kpis.all()],
        )


class KpiRefOut(Schema):
    code: str
    slug: str
    kind: str
    definition: str


class SdgGoalDetailOut(SdgGoalOut):
    targets: list[SdgTargetOut]
    kpis: list[KpiRefOut]


class KpiOut(Schema):
    code: str
    slug: str
    kind: Literal["core", "advanced"]
    definition: str
    dimension: str
    sub_dimension: str
    category: str
    sdg_goals: list[int]
    sdg_targets: list[str]

    @staticmethod
    def resolve_dimension(obj: Kpi) -> str:
        return obj.sub_dimension.dimension.name

    @staticmethod
    def resolve_sub_dimension(obj: Kpi) -> str:
        return obj.sub_dimension.name

    @staticmethod
    def resolve_category(obj: Kpi) -> str:
        return obj.category.name

    @staticmethod
    def resolve_sdg_goals(obj: Kpi) -> list[int]:
        return sorted(goal.number for goal in obj.sdg_goals.all())

    @staticmethod
    def resolve_sdg_targets(obj: Kpi) -> list[str]:
        return [t.code for t in sorted(obj.sdg_targets.all(), key=lambda t: t.sort_key)]


class KpiDetailOut(KpiOut):
    sdg_indicators: list[str]

    @staticmethod
    def resolve_sdg_indicators(obj: Kpi) -> list[str]:
        return [i.code for i in sorted(obj.sdg_indicators.all(), key=lambda i: i.sort_key)]


class FacetTermOut(Schema):
    code: str
    label: str
    parent: str | None
    description: str

    @staticmethod
    def resolve_parent(obj: FacetTerm) -> str | None:
        return obj.parent.code if obj.parent else None
