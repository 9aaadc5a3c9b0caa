from io import StringIO

import pytest
from django.core.management import call_command

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
from cityhive.taxonomy.services import LoadReport, reference_data_load, sdg_code_sort_key

ALL_TABLES = [
    SdgGoal,
    SdgTarget,
    SdgIndicator,
    SdgIndicator.targets.through,
    KpiDimension,
    KpiSubDimension,
    KpiCategory,
    Kpi,
    Kpi.sdg_goals.through,
    Kpi.sdg_targets.through,
    Kpi.sdg_indicators.through,
    FacetTerm,
]

EXPECTED_REPORT = LoadReport(
    sdg_goals=17,
    sdg_targets=169,
    sdg_indicators=251,
    kpi_dimensions=3,
    kpi_sub_dimensions=7,
    kpi_categories=22,
    kpis=91,
    facet_terms=58,
)


def _snapshot() -> dict[str, list[dict]]:
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in ALL_TABLES}


@pytest.mark.django_db
def test_load_reports_the_exact_reference_counts():
    report = reference_data_load()

    assert report == EXPECTED_REPORT
    assert Kpi.objects.filter(kind="core").count() == 55
    assert Kpi.objects.filter(kind="advanced").count() == 36


@pytest.mark.django_db
def test_loading_twice_changes_no_row():
    reference_data_load()
    before = _snapshot()

    report = reference_data_load()

    assert report == EXPECTED_REPORT
    assert _snapshot() == before


@pytest.mark.django_db
def test_load_reference_command_prints_the_counts():
    out = StringIO()

    call_command("load_reference", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[:5] == [
        "17 SDG goals",
        "169 SDG targets",
        "251 SDG indicators",
        "91 U4SSC KPIs (3 dimensions, 7 sub-dimensions, 22 categories)",
        "58 facet vocabulary terms",
    ]
    assert lines[5].startswith("Reference data loaded in ")


@pytest.mark.parametrize(
    ("lang", "short", "title"),
    [
        ("en", "No poverty", "End poverty in all its forms everywhere"),
        (
            "fr",
            "Pas de pauvreté",
            "Éliminer la pauvreté sous toutes ses formes et partout dans le monde",
        ),
        (
            "es",
            "Fin de la Pobreza",
            "Poner fin a la pobreza en todas sus formas y en todo el mundo",
        ),
        ("ru", "Ликвидация нищеты", "Повсеместная ликвидация нищеты во всех ее формах"),  # noqa: RUF001
        ("ar", "لا فقر", "القضاء على الفقر بجميع أشكاله في كل مكان"),
        ("zh", "无贫穷", "在全世界消除一切形式的贫穷"),
    ],
)
def test_goal_one_is_titled_in_each_un_language(reference_data, lang, short, title):
    goal = SdgGoal.objects.get(number=1)

    assert goal.short_titles[lang] == short
    assert goal.titles[lang] == title


def test_titles_hold_exactly_the_six_un_languages(reference_data):
    languages = {"ar", "en", "es", "fr", "ru", "zh"}

    assert all(set(goal.titles) == languages for goal in SdgGoal.objects.all())
    assert all(set(target.titles) == languages for target in SdgTarget.objects.all())


def test_goals_carry_the_official_un_colours(reference_data):
    colours = dict(SdgGoal.objects.values_list("number", "colour"))

    assert colours[1] == "#E5243B"
    assert colours[11] == "#FD9D24"
    assert colours[17] == "#19486A"


def test_targets_sort_numbers_by_value_then_letters(reference_data):
    goal_1 = list(SdgTarget.objects.filter(goal=1).values_list("code", flat=True))
    goal_17 = list(SdgTarget.objects.filter(goal=17).values_list("code", flat=True))

    assert goal_1 == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.a", "1.b"]
    assert goal_17[8:11] == ["17.9", "17.10", "17.11"]
    assert goal_17[-1] == "17.19"


def test_sort_key_orders_codes_as_the_un_does():
    codes = ["1.b", "1.10", "1.a", "1.9", "1.a.2", "1.a.1", "10.1"]

    assert sorted(codes, key=sdg_code_sort_key) == [
        "1.9", "1.10", "1.a", "1.a.1", "1.a.2", "1.b", "10.1",
    ]  # fmt: skip


def test_indicators_follow_the_2025_framework(reference_data):
    poverty_line = SdgIndicator.objects.get(code="1.1.1")
    dietary = SdgIndicator.objects.get(code="2.2.4")

    assert poverty_line.unsd_code == "C010101"
    assert list(poverty_line.targets.values_list("code", flat=True)) == ["1.1"]
    assert set(poverty_line.titles) == {"ar", "en", "es", "fr", "ru", "zh"}
    assert dietary.titles == {
        "en": "Prevalence of minimum dietary diversity, by population group (children aged 6 to "
        "23.9 months and non-pregnant women aged 15 to 49 years)"
    }
    assert not SdgIndicator.objects.filter(code__in=["1.a.3", "13.3.2", "17.6.2"]).exists()


def test_revised_indicator_keeps_only_its_official_english_title(reference_data):
    literacy = SdgIndicator.objects.get(code="4.6.1")
    broadband = SdgIndicator.objects.get(code="17.6.1")

    assert literacy.titles == {"en": "Youth/adult literacy rate"}
    assert broadband.titles == {"en": "Fixed broadband subscriptions per 100 inhabitants, by speed"}


def test_kpi_hierarchy_is_the_u4ssc_one(reference_data):
    dimensions = list(KpiDimension.objects.values_list("code", "name", "slug"))
    kpi = Kpi.objects.select_related("sub_dimension__dimension", "category").get(
        code="EC: I: T: 1C"
    )

    assert dimensions == [
        ("EC", "Economy", "economy"),
        ("EN", "Environment", "environment"),
        ("SC", "Society and Culture", "society-and-culture"),
    ]
    assert (kpi.slug, kpi.kind) == ("public_transport_network", "core")
    assert kpi.definition == "Length of public transport network per 100,000 inhabitants"
    assert (kpi.dimension.name, kpi.sub_dimension.name, kpi.category.name) == (
        "Economy",
        "Infrastructure",
        "Transport",
    )


def test_kpi_links_to_the_sdg_goals_targets_and_indicators_of_the_csv(reference_data):
    building = Kpi.objects.get(code="EC: I: B: 1A")
    disasters = Kpi.objects.get(code="SC: SH: SA: 1C")

    assert list(building.sdg_goals.values_list("number", flat=True)) == [7, 11]
    assert list(building.sdg_targets.values_list("code", flat=True)) == ["7.3", "11.3"]
    assert list(disasters.sdg_indicators.values_list("code", flat=True)) == [
        "1.5.1",
        "11.5.1",
        "13.1.1",
    ]


def test_kpi_link_to_an_indicator_deleted_in_2025_is_left_out(reference_data):
    broadband = Kpi.objects.get(code="EC: ICT: ICT: 2C")

    assert list(broadband.sdg_indicators.values_list("code", flat=True)) == ["17.8.1"]


def test_kpi_codes_are_kept_exactly_as_published(reference_data):
    assert Kpi.objects.filter(code="SC: EH: H: 3C").exists()
    assert Kpi.objects.filter(code="EC: P: EM: 3A", kind="advanced").exists()
