from typing import get_args

import pytest

from cityhive.core.errors import NotFound
from cityhive.taxonomy.languages import UN_LANGUAGES, language_direction, language_resolve
from cityhive.taxonomy.models import readable_text_colour
from cityhive.taxonomy.schemas import UnLanguage
from cityhive.taxonomy.selectors import (
    facet_code_set,
    kpi_get,
    kpi_kind_counts,
    kpi_list,
    sdg_goal_get,
    sdg_goal_list,
    sdg_target_list,
    taxonomy_counts,
)


def test_taxonomy_counts_for_the_home_page(reference_data):
    assert taxonomy_counts() == {
        "sdg_goals": 17,
        "sdg_targets": 169,
        "sdg_indicators": 251,
        "kpis": 91,
    }


def test_goal_list_is_in_number_order(reference_data):
    assert list(sdg_goal_list().values_list("number", flat=True)) == list(range(1, 18))


@pytest.mark.parametrize("number", [0, 18, -1, 2**70])
def test_unknown_goal_is_not_found(reference_data, number):
    with pytest.raises(NotFound):
        sdg_goal_get(number=number)


def test_target_list_comes_with_indicators_and_kpis(reference_data, django_assert_num_queries):
    goal = sdg_goal_get(number=11)

    with django_assert_num_queries(3):
        targets = list(sdg_target_list(goal=goal))
        transport = next(t for t in targets if t.code == "11.2")
        indicators = [i.code for i in transport.indicators.all()]
        kpis = [k.code for k in transport.kpis.all()]

    assert [t.code for t in targets][-3:] == ["11.a", "11.b", "11.c"]
    assert indicators == ["11.2.1"]
    assert "EC: I: T: 1C" in kpis


def test_kpi_list_filters(reference_data):
    assert kpi_list().count() == 91
    assert kpi_list(dimension="environment").count() == 17
    assert kpi_list(kind="core").count() == 55
    assert kpi_list(dimension="society-and-culture", kind="advanced").count() == 10
    assert kpi_list(dimension="nowhere").count() == 0
    assert kpi_list(sdg_goal=11).count() == 31
    assert list(kpi_list(sdg_goal=14).values_list("code", flat=True)) == ["EN: EN: PSN: 3A"]


def test_kpi_list_searches_code_definition_and_category(reference_data):
    by_code = kpi_list(query="EC: I: T: 1C")
    by_text = kpi_list(query="broadband")

    assert list(by_code.values_list("code", flat=True)) == ["EC: I: T: 1C"]
    assert list(by_text.values_list("code", flat=True)) == [
        "EC: ICT: ICT: 2C",
        "EC: ICT: ICT: 3C",
        "EC: ICT: ICT: 4C",
    ]


def test_kpi_list_is_grouped_by_dimension_sub_dimension_and_category(reference_data):
    kpis = list(kpi_list())
    groups = [(k.sub_dimension.dimension.name, k.sub_dimension.name, k.category.name) for k in kpis]

    assert kpis[0].code == "EC: I: B: 1A"
    assert kpis[-1].code == "SC: SH: SI: 5A"
    assert len(set(groups)) == len(
        [g for i, g in enumerate(groups) if i == 0 or groups[i - 1] != g]
    )


def test_kpi_kind_counts(reference_data):
    assert kpi_kind_counts() == {"core": 55, "advanced": 36}


def test_kpi_get_by_slug_and_unknown_slug(reference_data):
    assert kpi_get(slug="public_transport_network").code == "EC: I: T: 1C"
    with pytest.raises(NotFound):
        kpi_get(slug="no_such_kpi")


def test_code_facets_hold_sdg_and_kpi_codes(reference_data):
    goals = facet_code_set(facet="sdg_goal")
    targets = facet_code_set(facet="sdg_target")
    kpis = facet_code_set(facet="kpi")

    assert goals == frozenset(str(n) for n in range(1, 18))
    assert (len(targets), "1.1" in targets, "17.19" in targets, "11.b" in targets) == (
        169,
        True,
        True,
        True,
    )
    assert (len(kpis), "EC: I: T: 1C" in kpis) == (91, True)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ar", "ar"),
        ("ZH", "zh"),
        (" fr ", "fr"),
        ("zh-Hans", "en"),
        ("de", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_language_resolve_falls_back_to_english(value, expected):
    assert language_resolve(value) == expected


def test_api_language_enum_is_the_six_un_languages():
    assert get_args(UnLanguage) == tuple(UN_LANGUAGES)


def test_kpi_search_ignores_nul_characters(reference_data):
    assert list(kpi_list(query="broad\x00band").values_list("code", flat=True))[:1] == [
        "EC: ICT: ICT: 2C"
    ]


def test_only_arabic_is_right_to_left():
    assert [language_direction(c) for c in ["ar", "zh", "en", "fr", "ru", "es"]] == [
        "rtl", "ltr", "ltr", "ltr", "ltr", "ltr",
    ]  # fmt: skip


def test_tile_text_colour_is_the_more_readable_one():
    assert readable_text_colour("#E5243B") == "#ffffff"  # SDG 1 red
    assert readable_text_colour("#FCC30B") == "#1b1f24"  # SDG 7 yellow
    assert readable_text_colour("#19486A") == "#ffffff"  # SDG 17 navy
