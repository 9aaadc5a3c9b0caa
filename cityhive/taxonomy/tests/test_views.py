import pytest
from django.urls import reverse

KPI_LINK = 'style="white-space:nowrap"><a href="/kpis/'


def test_sdg_list_shows_the_17_coloured_tiles_in_english(
    client, reference_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        response = client.get(reverse("sdg_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="sdg-tile"') == 17
    assert 'lang="en" dir="ltr"' in html
    assert "End poverty in all its forms everywhere" in html
    assert "background:#E5243B;color:#ffffff" in html
    assert 'href="/sdgs/11/"' in html


def test_sdg_list_in_arabic_is_marked_right_to_left(client, reference_data):
    response = client.get(reverse("sdg_list"), {"lang": "ar"})

    html = response.content.decode()
    assert 'lang="ar" dir="rtl"' in html
    assert "القضاء على الفقر بجميع أشكاله في كل مكان" in html
    assert 'href="/sdgs/1/?lang=ar"' in html
    assert 'href="?lang=ar" lang="ar" hreflang="ar" aria-current="true"' in html


def test_sdg_list_in_chinese(client, reference_data):
    html = client.get(reverse("sdg_list"), {"lang": "zh"}).content.decode()

    assert 'lang="zh" dir="ltr"' in html
    assert "在全世界消除一切形式的贫穷" in html


@pytest.mark.parametrize("lang", ["xx", "zh-Hans", "<script>"])
def test_unknown_language_falls_back_to_english(client, reference_data, lang):
    html = client.get(reverse("sdg_list"), {"lang": lang}).content.decode()

    assert 'lang="en" dir="ltr"' in html
    assert "End poverty in all its forms everywhere" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_sdg_detail_shows_targets_indicators_and_linked_kpis(
    client, reference_data, django_assert_max_num_queries
):
    # 5 for the goal, its targets, indicators and KPIs; 3 for the related solutions, the imported
    # solutions the SDG tagger suggests for this goal, and the challenges.
    with django_assert_max_num_queries(8):
        response = client.get(reverse("sdg_detail", args=[11]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Make cities and human settlements inclusive, safe, resilient and sustainable" in html
    assert html.count('<article class="card" id="target-') == 10
    assert "<h3>Target 11.2</h3>" in html
    assert "<strong>11.2.1</strong>" in html
    assert 'href="/kpis/public_transport_network/">EC: I: T: 1C</a>' in html
    assert 'id="on-cityhive"' in html


def test_sdg_detail_in_french_marks_english_only_indicators(client, reference_data):
    html = client.get(reverse("sdg_detail", args=[2]), {"lang": "fr"}).content.decode()

    assert "Éliminer la faim" in html
    assert '<span lang="en" dir="ltr">Prevalence of minimum dietary diversity' in html


def test_sdg_detail_unknown_goal_is_404(client, reference_data):
    response = client.get("/sdgs/18/")

    assert response.status_code == 404
    assert "There is no SDG 18" in response.content.decode()


def test_kpi_list_groups_all_91_kpis(client, reference_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("kpi_list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(KPI_LINK) == 91
    assert "55 core and 36 advanced KPIs" in html
    assert '<h2 id="dimension-economy">Economy</h2>' in html
    assert "<h3>Safety, Housing and Social Inclusion</h3>" in html
    assert "Water and Sanitation</caption>" in html
    assert 'aria-label="SDG 11: Sustainable cities and communities">11</a>' in html


def test_kpi_list_filters_with_the_get_form(client, reference_data):
    response = client.get(
        reverse("kpi_list"), {"dimension": "environment", "kind": "advanced", "q": ""}
    )

    html = response.content.decode()
    assert html.count(KPI_LINK) == 5
    assert "5 KPIs" in html
    assert '<option value="environment" selected>Environment</option>' in html


def test_kpi_list_text_search_without_match(client, reference_data):
    html = client.get(reverse("kpi_list"), {"q": "zeppelin"}).content.decode()

    assert "No KPI matches these filters." in html


def test_kpi_list_ignores_an_invalid_filter(client, reference_data):
    html = client.get(reverse("kpi_list"), {"kind": "legendary"}).content.decode()

    assert html.count(KPI_LINK) == 91


def test_kpi_detail_shows_definition_hierarchy_and_sdg_links(
    client, reference_data, django_assert_max_num_queries
):
    # 5 for the KPI and its links; 2 for the related solutions and challenges.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("kpi_detail", args=["public_building_sustainability"]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>U4SSC KPI EC: I: B: 1A</h1>" in html
    assert (
        "Percentage area of public buildings with recognized sustainability certifications" in html
    )
    assert "<dd>Infrastructure</dd>" in html
    assert "<dd>Buildings</dd>" in html
    assert '<span class="badge">Advanced</span>' in html
    assert 'href="/sdgs/7/#target-7.3">Target 7.3</a>' in html
    assert 'href="/sdgs/11/#target-11.3">Target 11.3</a>' in html


def test_kpi_detail_unknown_slug_is_404(client, reference_data):
    response = client.get("/kpis/no_such_kpi/")

    assert response.status_code == 404
