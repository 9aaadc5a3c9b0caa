from cityhive.text.analysis import (
    MAX_CHARS,
    detect_language,
    han_bigrams,
    matching_words,
    terms,
    words,
)


def test_english_terms_are_stemmed_without_stop_words_or_numbers():
    assert terms("By 2030, eradicate extreme poverty for all people") == [
        "erad",
        "extrem",
        "poverti",
        "peopl",
    ]


def test_french_terms_are_stemmed_then_folded():
    assert terms("Éliminer la pauvreté", "fr") == ["elimin", "pauvret"]


def test_arabic_and_russian_words_use_their_own_stemmers():
    assert terms("القضاء على الفقر") == ["قضاء", "فقر"]
    assert terms("Ликвидация нищеты") == ["ликвидац", "нищет"]


def test_chinese_runs_become_bigrams():
    assert terms("消除贫穷") == ["消除", "除贫", "贫穷"]
    assert han_bigrams("水") == ["水"]


def test_detect_language_by_script_and_function_words():
    assert [
        detect_language(text)
        for text in (
            "End poverty in all its forms",
            "la pauvreté et les inégalités dans le monde",
            "el agua y el saneamiento para todos",
            "Ликвидация нищеты",
            "القضاء على الفقر",
            "消除贫穷",
            "",
        )
    ] == ["en", "fr", "es", "ru", "ar", "zh", "en"]


def test_non_text_and_huge_text_are_handled():
    assert terms(None) == []
    assert len(words("a " * (MAX_CHARS + 10))) == MAX_CHARS // 2


def test_reasons_name_shared_subjects_not_filler_words():
    wanted = set(terms("Sensors should take temperature measurements; cities must act"))
    shown = matching_words(
        "Cities should measure the temperature: measurements must be made", wanted
    )
    assert shown == ["cities", "measure", "temperature"]


def test_reasons_skip_filler_words_in_french_and_spanish():
    wanted = set(terms("La ville doit aussi mesurer la qualité de l'air", "fr"))
    assert matching_words("Elle doit aussi mesurer la qualité", wanted) == ["mesurer", "qualité"]
    wanted = set(terms("La ciudad también puede medir la calidad del agua", "es"))
    assert matching_words("También puede medir la calidad del agua", wanted) == [
        "medir",
        "calidad",
        "agua",
    ]
