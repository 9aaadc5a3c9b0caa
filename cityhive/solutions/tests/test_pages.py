import pytest
from django.urls import reverse

from cityhive.accounts.tests.sessions import sign_in
from cityhive.content.views import CappedPaginator
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.solutions import services
from cityhive.solutions.models import Implementation, Solution, SolutionStatus, SolutionTag
from cityhive.solutions.tests.factories import ImplementationFactory, SolutionFactory

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "River flood early warning",
    "summary": "Sensors and forecasts that warn residents before rivers flood.",
    "description": "Works with **any** river.",
    "categories": ["environment/water"],
    "sdg_targets": ["11.5", "13.1"],
    "kpis": ["EC: I: WS: 1C"],
    "addresses": [{"facet": "hazard", "value": "floods", "strength": 0.9}],
    "cost_level": "medium",
    "timeline": "<5 years",
    "cobenefits": {"public_health": 1, "housing": -1},
    "maturity": 8,
    "regions_served": ["BR", "global"],
    "languages": ["pt", "en"],
    "population_range": [100_000, 5_000_000],
    "pricing_model": "Subscription",
    "tags": ["sensors", "early warning"],
    "website": "https://flood.example/",
}


def rows(prefix: str, items: list[dict], *, total: int = 5, initial: int = 0) -> dict:
    """POST data of a row formset: the management form and the filled rows."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "40",
    }
    for index, item in enumerate(items):
        data.update({f"{prefix}-{index}-{key}": value for key, value in item.items()})
    return data


def cobenefit_rows(pairs: list[tuple[str, str]]) -> dict:
    """POST data of the co-benefit rows: a co-benefit and its effect per row."""
    data = {}
    for index, (name, effect) in enumerate(pairs):
        data.update({f"cobenefits-{index}-name": name, f"cobenefits-{index}-effect": effect})
    return data


def form_data(**change) -> dict:
    data = {
        "provider": "beta-solutions",
        "title": FIELDS["title"],
        "summary": FIELDS["summary"],
        "description": FIELDS["description"],
        "categories": FIELDS["categories"],
        "sdg_targets": FIELDS["sdg_targets"],
        "kpis": FIELDS["kpis"],
        "cost_level": "medium",
        "timeline": "<5 years",
        **cobenefit_rows([("public_health", "1"), ("housing", "-1")]),
        "maturity": "8",
        "regions_served": ["BR", "global"],
        "languages": ["pt", "en"],
        "population_min": "100000",
        "population_max": "5000000",
        "pricing_model": "Subscription",
        "tags": "sensors, early warning",
        "website": "https://flood.example/",
        **rows("addresses", [{"facet": "hazard", "value": "floods", "strength": "0.9"}]),
    }
    data.update(change)
    return data


def make(world, actor=None, provider=None, publish=True, **change) -> Solution:
    return services.solution_create(
        actor=actor or world.member_b,
        provider=provider or world.org_b,
        fields={**FIELDS, **change},
        publish=publish,
    )


def titles(response) -> list[str]:
    return [solution.title for solution in response.context["page"].object_list]


# --- the catalogue -------------------------------------------------------------------------------


def test_the_catalogue_filters_by_facets(client, world):
    make(world, title="Flood sensors")
    make(
        world,
        title="Heat maps",
        addresses=[{"facet": "hazard", "value": "heatwaves", "strength": 1}],
    )
    make(world, title="Bus lanes", categories=["mobility/public_transport"], sdg_targets=["11.2"])
    assert titles(client.get("/solutions/", {"hazard": "heatwaves"})) == ["Heat maps"]
    assert titles(client.get("/solutions/", {"category": "mobility", "sdg": "11"})) == ["Bus lanes"]
    assert titles(client.get("/solutions/", {"sdg": "13", "sort": "title"})) == [
        "Flood sensors",
        "Heat maps",
    ]


def test_the_catalogue_filters_by_country_maturity_cost_and_kpi(client, world):
    make(world, title="Mature", maturity=9, kpis=["EC: I: T: 1C"])
    make(world, title="Young", maturity=3, cost_level="low")
    brazilian = MembershipFactory(organisation=CityFactory(country="BR"))
    make(world, title="From Brazil", actor=brazilian.user, provider=brazilian.organisation)
    assert titles(client.get("/solutions/", {"maturity_min": "9"})) == ["Mature"]
    assert titles(client.get("/solutions/", {"cost_level": "low"})) == ["Young"]
    assert titles(client.get("/solutions/", {"kpi": "EC: I: T: 1C"})) == ["Mature"]
    assert titles(client.get("/solutions/", {"country": "BR"})) == ["From Brazil"]


def test_search_finds_words_in_title_summary_and_description(client, world):
    make(world, title="Flood sensors", summary="Warns early.")
    make(world, title="Heat maps", description="Street trees against **heatwaves**.")
    assert titles(client.get("/solutions/", {"q": "heatwave"})) == ["Heat maps"]
    assert titles(client.get("/solutions/", {"q": "warns flood"})) == ["Flood sensors"]


def test_sorting_by_title_and_maturity(client, world):
    make(world, title="B", maturity=5)
    make(world, title="A", maturity=2)
    make(world, title="C", maturity=9)
    assert titles(client.get("/solutions/", {"sort": "title"})) == ["A", "B", "C"]
    assert titles(client.get("/solutions/", {"sort": "maturity"})) == ["C", "B", "A"]
    assert titles(client.get("/solutions/")) == ["C", "A", "B"]  # newest first


def test_an_unknown_filter_value_is_ignored_not_an_error(client, world):
    make(world, title="Flood sensors")
    response = client.get("/solutions/", {"hazard": "volcanoes", "maturity_min": "x"})
    assert (response.status_code, titles(response)) == (200, ["Flood sensors"])


def test_htmx_gets_only_the_results(client, world):
    make(world, title="Flood sensors")
    response = client.get("/solutions/", {"q": "flood"}, headers={"HX-Request": "true"})
    assert response.templates[0].name == "solutions/_results.html"
    assert b"Flood sensors" in response.content and b"<html" not in response.content


def test_the_catalogue_paginates_and_keeps_the_filters(client, world):
    SolutionFactory.create_batch(25, provider=world.org_b, cost_level="low")
    response = client.get("/solutions/", {"cost_level": "low", "page": "2"})
    assert len(response.context["page"].object_list) == 5
    assert b'href="?cost_level=low&amp;page=1"' in response.content


def test_a_broad_search_is_counted_only_up_to_the_cap(client, world, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "cap", 30)
    SolutionFactory.create_batch(45, provider=world.org_b)
    html = client.get("/solutions/", {"page": "2"}).content.decode()
    assert "More than 30 solutions" in html
    assert "Page 2 of more than 1 (narrow the search to reach them all)" in html
    assert "31 solution" not in html and "45 solution" not in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_catalogue_queries_do_not_grow_with_rows(
    client, world, django_assert_max_num_queries, signed_in
):
    SolutionFactory.create_batch(35, provider=world.org_b)
    if signed_in:
        client.force_login(world.member_b)
        # A member's unread-notification count is read once and kept until it changes.
        client.get("/solutions/", {"sort": "title"})
    # taxonomy choices (3), count, page; signed in: session, user, the session's second factor,
    # memberships
    with django_assert_max_num_queries(9 if signed_in else 5):
        response = client.get("/solutions/", {"sort": "title"})
    assert len(response.context["page"].object_list) == 20


def test_the_provider_filter_shows_one_organisations_solutions(client, world):
    make(world, title="Beta's")
    other = MembershipFactory(role=MembershipRole.ADMIN)
    make(world, title="Other's", actor=other.user, provider=other.organisation)
    response = client.get("/solutions/", {"provider": "beta-solutions"})
    assert titles(response) == ["Beta's"]
    assert response.context["provider"] == world.org_b


# --- drafts ------------------------------------------------------------------------------------


def test_a_draft_is_seen_only_by_its_provider(client, world):
    draft = make(world, title="Secret plan", publish=False)
    for outsider in (None, world.member_a):
        client.logout()
        if outsider:
            client.force_login(outsider)
        assert client.get(f"/solutions/{draft.pk}/").status_code == 404
        assert titles(client.get("/solutions/", {"q": "secret"})) == []
    client.force_login(world.member_b)
    response = client.get(f"/solutions/{draft.pk}/")
    assert (
        response.status_code == 200 and b"Draft: only Beta Solutions can see it" in response.content
    )
    assert titles(client.get("/solutions/", {"q": "secret"})) == ["Secret plan"]


# --- the solution page -------------------------------------------------------------------------


def test_the_solution_page_shows_every_field_with_links(client, world):
    solution = make(world)
    Solution.objects.filter(pk=solution.pk).update(is_demo=True)
    html = client.get(f"/solutions/{solution.pk}/").content.decode()
    for expected in [
        "<h1>River flood early warning</h1>",
        'href="/organisations/beta-solutions/">Beta Solutions</a>',
        "<p>Works with <strong>any</strong> river.</p>",
        'href="/sdgs/11/#target-11.5"',
        'href="/sdgs/13/">SDG 13',
        # A KPI shows its code, which experts look for, and its definition.
        'href="/kpis/water_supply/">EC: I: WS: 1C · ',
        'href="/solutions/?category=environment/water">Water</a>',
        '<meter min="0" max="1" value="0.9" aria-label="Strength for Floods">',
        "TRL 8",
        "Brazil, Global",
        "100,000 to 5,000,000 people",
        # Co-benefits in words, with their value; those without effect are left out.
        "<li>Public health: improves (+1)</li>",
        "<li>Housing: worsens (-1)</li>",
        '<span class="badge demo">Demo</span>',
    ]:
        assert expected in html, expected


def test_implementations_show_confirmation_and_kpi_changes(client, world):
    solution = make(world)
    ImplementationFactory(
        solution=solution,
        city=world.org_a,
        kpi_changes=[
            {"kpi": "EC: I: WS: 1C", "before": 71.5, "after": 93, "unit": "%", "year": 2024}
        ],
    )
    client.force_login(world.admin_a)
    html = client.get(f"/solutions/{solution.pk}/").content.decode()
    assert "Not yet confirmed by the city" in html
    assert ">71.5</td>" in html and ">93</td>" in html
    assert f'action="/implementations/{Implementation.objects.get().pk}/confirm/"' in html


# --- creating and editing ----------------------------------------------------------------------


def test_a_company_member_creates_a_solution_in_the_form(client, world):
    client.force_login(world.member_b)
    response = client.post("/solutions/new/", form_data(publish="on"))
    solution = Solution.objects.get()
    assert response["Location"] == reverse("solution_detail", args=[solution.pk])
    assert services.solution_data(solution) == FIELDS
    assert (solution.provider, solution.status) == (world.org_b, SolutionStatus.PUBLISHED)
    assert SolutionTag.objects.filter(solution=solution, facet="hazard").get().strength == 0.9


def test_without_publish_now_the_solution_is_a_draft(client, world):
    client.force_login(world.member_b)
    client.post("/solutions/new/", form_data())
    assert Solution.objects.get().status == SolutionStatus.DRAFT


def test_the_create_form_offers_only_the_members_providers(client, world):
    other = MembershipFactory(user=world.member_b).organisation
    client.force_login(world.member_b)
    response = client.get("/solutions/new/", {"provider": other.slug})
    choices = list(response.context["form"].fields["provider"].queryset)
    assert choices == sorted([world.org_b, other], key=lambda org: org.name)
    assert f'<option value="{other.slug}" selected>' in response.content.decode()
    refused = client.post("/solutions/new/", form_data(provider=world.org_a.slug))
    assert refused.status_code == 400 and not Solution.objects.exists()


def test_someone_without_an_organisation_is_told_how_to_get_one(client, world):
    client.force_login(world.outsider)
    response = client.get("/solutions/new/")
    assert b"Create your organisation" in response.content and b'name="title"' not in (
        response.content
    )


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            rows(
                "addresses",
                [
                    {"facet": "hazard", "value": "floods", "strength": "0.9"},
                    {"facet": "hazard", "value": "heatwaves", "strength": "1.5"},
                ],
            ),
            ("addresses", 1, "strength"),
            "Strength must be between 0 and 1.",
        ),
        (
            rows("addresses", [{}, {"facet": "hazard", "value": "lava", "strength": "0.5"}]),
            ("addresses", 1, "value"),
            "Unknown hazard &#x27;lava&#x27;.",
        ),
        (
            {"regions_served": ["BR", "XX"]},
            "regions_served",
            "Select a valid choice. XX is not one of the available choices.",
        ),
        (
            cobenefit_rows([("housing", "")]),
            "cobenefits",
            "Choose how the solution affects “Housing”.",
        ),
        (
            {"population_min": "900", "population_max": "10"},
            "population_max",
            "“Cities up to (population)” must not be below “Cities from (population)”.",
        ),
        ({"title": " "}, "title", "This field is required."),
    ],
)
def test_service_errors_show_next_to_their_field_and_nothing_is_written(
    client, world, change, field, message
):
    client.force_login(world.member_b)
    response = client.post("/solutions/new/", form_data(**change))
    assert response.status_code == 400
    form = response.context["form"]
    if isinstance(field, tuple):
        prefix, index, name = field
        errors = response.context["rows"][prefix].forms[index].errors[name]
    else:
        errors = form.errors[field]
    assert any(message.replace("&#x27;", "'").replace("&lt;", "<") in e for e in errors), errors
    assert message in response.content.decode()
    assert "Nothing was saved." in response.content.decode()
    assert (Solution.objects.count(), SolutionTag.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        ([("air_quality", "5")], "Choose how the solution affects “Air quality”."),
        ([("", "1")], "Choose which co-benefit row 1 is about, or remove the row."),
        (
            [("housing", "1"), ("housing", "-1")],
            "“Housing” is listed twice: keep one row for it.",
        ),
    ],
)
def test_a_cobenefit_row_left_half_done_is_a_form_error_and_keeps_the_rows(
    client, world, pairs, message
):
    client.force_login(world.member_b)
    data = form_data()
    data = {k: v for k, v in data.items() if not k.startswith("cobenefits-")}
    response = client.post("/solutions/new/", {**data, **cobenefit_rows(pairs)})
    assert response.status_code == 400
    assert response.context["form"].errors["cobenefits"] == [message]
    assert response.context["form"]["cobenefits"].value() == pairs
    assert not Solution.objects.exists()


def test_the_form_keeps_every_picked_value_and_row_on_an_error(client, world):
    client.force_login(world.member_b)
    response = client.post("/solutions/new/", form_data(title=" "))
    html = response.content.decode()
    assert response.status_code == 400
    for option in (
        '<option value="environment/water" selected>',
        '<option value="11.5" selected>',
        '<option value="13.1" selected>',
        '<option value="EC: I: WS: 1C" selected>',
        '<option value="BR" selected>',
        '<option value="global" selected>',
        '<option value="pt" selected>',
        '<option value="public_health" selected>',
        '<option value="-1" selected>',
        '<option value="floods" selected>Floods</option>',
    ):
        assert option in html, option
    assert 'name="population_min" value="100000"' in html
    assert not Solution.objects.exists()


def test_editing_shows_the_saved_values_and_saves_changes(client, world):
    solution = make(world)
    client.force_login(world.member_b)
    page = client.get(f"/solutions/{solution.pk}/edit/")
    form = page.context["form"]
    assert (form["regions_served"].value(), form["cobenefits"].value()) == (
        ["BR", "global"],
        {"public_health": 1, "housing": -1},
    )
    html = page.content.decode()
    assert '<option value="housing" selected>Housing</option>' in html
    assert '<option value="public_health" selected>Public health</option>' in html
    assert page.context["rows"]["addresses"].forms[0]["value"].value() == "floods"
    data = form_data(title="Renamed", version="1", maturity="9")
    data.update(
        rows("addresses", [{"facet": "hazard", "value": "floods", "strength": "0.5"}], initial=1)
    )
    response = client.post(f"/solutions/{solution.pk}/edit/", data)
    assert response.status_code == 302
    solution.refresh_from_db()
    assert (solution.title, solution.maturity, solution.version) == ("Renamed", 9, 2)
    assert solution.addresses == [{"facet": "hazard", "value": "floods", "strength": 0.5}]


def test_a_stale_edit_shows_the_conflict_and_keeps_what_was_typed(client, world):
    solution = make(world)
    client.force_login(world.member_b)
    url = f"/solutions/{solution.pk}/edit/"
    client.post(url, form_data(title="First edit", version="1"))
    response = client.post(url, form_data(title="My careful edit", summary="Mine.", version="1"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this solution while you were editing it." in html
    assert 'value="My careful edit"' in html and ">\nMine.</textarea>" in html
    assert '<input type="hidden" name="version" value="2"' in html
    solution.refresh_from_db()
    assert (solution.title, solution.version) == ("First edit", 2)


def test_others_cannot_open_the_edit_page(client, world):
    solution = make(world)
    client.force_login(world.member_a)
    assert client.get(f"/solutions/{solution.pk}/edit/").status_code == 404
    response = client.post(f"/solutions/{solution.pk}/edit/", form_data(version="1", title="X"))
    assert response.status_code == 404
    solution.refresh_from_db()
    assert (solution.title, solution.version) == (FIELDS["title"], 1)


def test_publish_and_unpublish(client, world):
    solution = make(world, publish=False)
    client.force_login(world.member_b)
    client.post(f"/solutions/{solution.pk}/publish/", {"published": "yes"})
    solution.refresh_from_db()
    assert solution.status == SolutionStatus.PUBLISHED
    client.post(f"/solutions/{solution.pk}/publish/", {"published": "no"})
    solution.refresh_from_db()
    assert (solution.status, solution.published_at) == (SolutionStatus.DRAFT, None)


def test_someone_else_cannot_unpublish(client, world):
    solution = make(world)
    client.force_login(world.member_a)
    response = client.post(f"/solutions/{solution.pk}/publish/", {"published": "no"})
    assert response.status_code == 403
    solution.refresh_from_db()
    assert (solution.status, solution.version) == (SolutionStatus.PUBLISHED, 1)


# --- implementations ---------------------------------------------------------------------------


def implementation_data(**change) -> dict:
    data = {
        "city": "city-of-alpha",
        "year": "2024",
        "status": "deployed",
        "summary": "Warnings reach residents 40 minutes earlier.",
        **rows(
            "kpi_changes",
            [
                {
                    "kpi": "EC: I: WS: 1C",
                    "before": "71.5",
                    "after": "93",
                    "unit": "%",
                    "year": "2024",
                }
            ],
            total=3,
        ),
    }
    data.update(change)
    return data


def test_the_provider_adds_an_implementation_in_a_city(client, world):
    solution = make(world)
    client.force_login(world.member_b)
    page = client.get(f"/solutions/{solution.pk}/implementations/new/")
    assert list(page.context["form"].fields["city"].queryset) == [world.org_a]
    response = client.post(f"/solutions/{solution.pk}/implementations/new/", implementation_data())
    assert response["Location"] == f"/solutions/{solution.pk}/"
    implementation = Implementation.objects.get()
    assert (implementation.city, implementation.year, implementation.kpi_changes) == (
        world.org_a,
        2024,
        [{"kpi": "EC: I: WS: 1C", "before": 71.5, "after": 93.0, "unit": "%", "year": 2024}],
    )
    assert implementation.confirmed_at is None


def test_an_implementation_error_shows_on_its_row_and_nothing_is_written(client, world):
    solution = make(world)
    client.force_login(world.member_b)
    data = implementation_data(**rows("kpi_changes", [{"kpi": "", "before": "3"}], total=3))
    response = client.post(f"/solutions/{solution.pk}/implementations/new/", data)
    assert response.status_code == 400
    assert response.context["rows"]["kpi_changes"].forms[0].errors["kpi"] == ["Unknown KPI ''."]
    assert not Implementation.objects.exists()


def test_only_the_providers_members_add_implementations(client, world):
    solution = make(world)
    client.force_login(world.admin_a)
    response = client.post(f"/solutions/{solution.pk}/implementations/new/", implementation_data())
    assert response.status_code == 404
    assert not Implementation.objects.exists()


def test_the_citys_admin_confirms_and_withdraws(client, world):
    implementation = ImplementationFactory(solution=make(world), city=world.org_a)
    client.force_login(world.admin_a)
    url = f"/implementations/{implementation.pk}/confirm/"
    response = client.post(url, {"confirmed": "yes", "next": "organisation"})
    assert response["Location"] == "/organisations/city-of-alpha/"
    implementation.refresh_from_db()
    assert (implementation.is_confirmed, implementation.confirmed_by) == (True, world.admin_a)
    client.post(url, {"confirmed": "no"})
    implementation.refresh_from_db()
    assert (implementation.confirmed_at, implementation.confirmed_by) == (None, None)


@pytest.mark.parametrize("actor", ["member_a", "member_b", "manager"])
def test_no_one_else_confirms(client, world, actor):
    implementation = ImplementationFactory(solution=make(world), city=world.org_a)
    sign_in(client, getattr(world, actor))
    response = client.post(f"/implementations/{implementation.pk}/confirm/", {"confirmed": "yes"})
    assert response.status_code == 403
    implementation.refresh_from_db()
    assert implementation.confirmed_at is None


# --- other pages that list solutions -----------------------------------------------------------


def test_organisation_pages_show_solutions_and_a_citys_implementations(client, world):
    solution = make(world, title="Flood sensors")
    make(world, title="Unfinished", publish=False)
    ImplementationFactory(solution=solution, city=world.org_a)
    provider_page = client.get("/organisations/beta-solutions/").content.decode()
    assert "Flood sensors" in provider_page and "Unfinished" not in provider_page
    client.force_login(world.admin_a)
    city_page = client.get("/organisations/city-of-alpha/").content.decode()
    assert "Flood sensors</a> in City of Alpha, 2024" in city_page
    assert '<input type="hidden" name="next" value="organisation">' in city_page


def test_sdg_and_kpi_pages_list_published_solutions_with_a_link_to_the_catalogue(client, world):
    make(world, title="Flood sensors")
    make(world, title="Unfinished", publish=False)
    client.force_login(world.member_b)
    sdg = client.get("/sdgs/13/").content.decode()
    assert "Flood sensors" in sdg and "Unfinished" not in sdg
    assert 'href="/solutions/?sdg=13">See the 1 solution for SDG 13' in sdg
    kpi = client.get("/kpis/water_supply/").content.decode()
    assert 'href="/solutions/?kpi=EC%3A+I%3A+WS%3A+1C">See the 1 solution' in kpi
