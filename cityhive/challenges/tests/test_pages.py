import pytest
from django.urls import reverse

from cityhive.accounts.tests.sessions import sign_in
from cityhive.challenges import services
from cityhive.challenges.models import Challenge, ChallengeTag, NeedItem, NeedsProfile
from cityhive.challenges.tests.factories import ChallengeFactory, NeedItemFactory
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.partnership.tests.factories import PartnershipFactory
from cityhive.solutions.tests.test_pages import rows

pytestmark = pytest.mark.django_db

FIELDS = {
    "title": "Protect riverside districts from floods",
    "description": "Every rainy season **three districts** flood.",
    "categories": ["environment/climate_adaptation"],
    "sdg_targets": ["11.5"],
    "kpis": [],
    "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
    "budget": {"min": 100_000, "max": 2_500_000.5, "currency": "BRL"},
    "deadline": "2027-03-31",
    "visibility": "public",
    "status": "open",
}


def form_data(**change) -> dict:
    data = {
        "city": "city-of-alpha",
        "title": FIELDS["title"],
        "description": FIELDS["description"],
        "categories": FIELDS["categories"],
        "sdg_targets": FIELDS["sdg_targets"],
        "budget_min": "100000",
        "budget_max": "2,500,000.50",
        "budget_currency": "BRL",
        "deadline": "2027-03-31",
        "visibility": "public",
        "status": "open",
        **rows("addresses", [{"facet": "hazard", "value": "floods", "strength": "1"}]),
    }
    data.update(change)
    return data


def make(world, actor=None, city=None, **change) -> Challenge:
    return services.challenge_create(
        actor=actor or world.member_a, city=city or world.org_a, fields={**FIELDS, **change}
    )


def titles(response) -> list[str]:
    return [challenge.title for challenge in response.context["page"].object_list]


# --- the list ------------------------------------------------------------------------------------


def test_challenges_are_filtered_by_facets_status_and_country(client, world):
    make(world, title="Floods")
    make(world, title="Heat", addresses=[{"facet": "hazard", "value": "heatwaves", "strength": 1}])
    make(world, title="Buses", categories=["mobility/public_transport"], status="closed")
    assert titles(client.get("/challenges/", {"hazard": "heatwaves"})) == ["Heat"]
    assert titles(client.get("/challenges/", {"category": "mobility"})) == ["Buses"]
    assert titles(client.get("/challenges/", {"status": "open", "sort": "title"})) == [
        "Floods",
        "Heat",
    ]
    assert titles(client.get("/challenges/", {"country": "FR"})) == []
    country = world.org_a.country.code
    assert len(titles(client.get("/challenges/", {"country": country, "sdg": "11"}))) == 3


def test_search_and_sort_by_deadline(client, world):
    make(world, title="Later", deadline="2028-01-01", description="Cool the streets.")
    make(world, title="Sooner", deadline="2027-01-01")
    assert titles(client.get("/challenges/", {"q": "streets"})) == ["Later"]
    assert titles(client.get("/challenges/", {"sort": "deadline"})) == ["Sooner", "Later"]


def test_htmx_gets_only_the_results(client, world):
    make(world)
    response = client.get("/challenges/", {"q": "riverside"}, headers={"HX-Request": "true"})
    assert response.templates[0].name == "challenges/_results.html"
    assert b"Protect riverside districts" in response.content and b"<html" not in response.content


def test_challenge_list_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    ChallengeFactory.create_batch(35)
    client.force_login(world.member_b)
    # The header's unread-notification count is cached after a member's first page (it is
    # forgotten when a notification is made or read), so a page like this one pays nothing for it.
    client.get("/challenges/")
    # session, user, the session's second factor, memberships, verified partners, partnerships,
    # taxonomy choices (3), count, page
    # One of them counts the partners-only challenges the visitor may not see (to say why).
    with django_assert_max_num_queries(12):
        response = client.get("/challenges/")
    assert len(response.context["page"].object_list) == 20


def test_the_city_filter_shows_one_citys_challenges(client, world):
    make(world, title="Alpha's")
    ChallengeFactory(title="Elsewhere")
    response = client.get("/challenges/", {"city": "city-of-alpha"})
    assert (titles(response), response.context["city"]) == (["Alpha's"], world.org_a)


# --- who sees what -------------------------------------------------------------------------------


def test_a_private_challenge_is_only_for_its_city(client, api, world):
    private = make(world, title="Quiet matter", visibility="private")
    for outsider in (None, world.member_b):
        client.logout()
        if outsider:
            client.force_login(outsider)
        assert client.get(f"/challenges/{private.pk}/").status_code == 404
        assert titles(client.get("/challenges/", {"q": "quiet"})) == []
        assert api("GET", f"/api/v1/challenges/{private.pk}", user=outsider).status_code == 404
        listed = api("GET", "/api/v1/challenges", user=outsider, data={"q": "quiet"}).json()
        assert listed == {"count": 0, "results": []}
    client.force_login(world.member_a)
    assert client.get(f"/challenges/{private.pk}/").status_code == 200
    assert titles(client.get("/challenges/", {"q": "quiet"})) == ["Quiet matter"]


def test_a_partners_challenge_is_for_members_of_partner_companies(client, api, world):
    partners = make(world, title="For partners", visibility="partners")
    url = f"/challenges/{partners.pk}/"
    client.force_login(world.member_b)
    assert client.get(url).status_code == 404
    assert api("GET", f"/api/v1/challenges/{partners.pk}", user=world.member_b).status_code == 404
    world.org_b.is_verified = True  # a verified company is no partner without a partnership
    world.org_b.save()
    assert client.get(url).status_code == 404
    PartnershipFactory(application__organisation=world.org_b)
    assert client.get(url).status_code == 200
    assert titles(client.get("/challenges/", {"q": "partners"})) == ["For partners"]
    assert api("GET", f"/api/v1/challenges/{partners.pk}", user=world.member_b).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404
    assert titles(client.get("/challenges/", {"q": "partners"})) == []


def test_a_draft_is_only_for_its_city(client, world):
    draft = make(world, title="Half written", status="draft")
    client.force_login(world.member_b)
    assert client.get(f"/challenges/{draft.pk}/").status_code == 404
    assert titles(client.get("/challenges/")) == []


# --- the challenge page ------------------------------------------------------------------------


def test_the_challenge_page_shows_its_fields(client, world):
    challenge = make(world)
    html = client.get(f"/challenges/{challenge.pk}/").content.decode()
    for expected in [
        "<h1>Protect riverside districts from floods</h1>",
        "<p>Every rainy season <strong>three districts</strong> flood.</p>",
        "31 March 2027",
        "100,000 to 2,500,000.50 BRL",
        'href="/sdgs/11/#target-11.5"',
        '<meter min="0" max="1" value="1.0" aria-label="Importance for Floods">',
    ]:
        assert expected in html, expected


# --- creating and editing ----------------------------------------------------------------------


def test_a_city_member_publishes_a_challenge_in_the_form(client, world):
    client.force_login(world.member_a)
    response = client.post("/challenges/new/", form_data())
    challenge = Challenge.objects.get()
    assert response["Location"] == reverse("challenge_detail", args=[challenge.pk])
    assert services.challenge_data(challenge) == FIELDS
    assert challenge.city == world.org_a


def test_only_members_of_a_city_may_publish(client, world):
    client.force_login(world.member_b)
    response = client.get("/challenges/new/")
    assert response.status_code == 403
    assert b"Only members of a city organisation can publish one" in response.content
    assert client.post("/challenges/new/", form_data()).status_code == 403
    assert not Challenge.objects.exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"budget_currency": "E1"}, "budget_currency", "E1 is not one of the available choices"),
        (
            {"budget_min": "900", "budget_max": "10"},
            "budget_max",
            "“Budget up to” must not be below “Budget from”.",
        ),
        ({"budget_currency": ""}, "budget_currency", "Choose the currency of the budget."),
        (
            {"budget_min": "a lot"},
            "budget_min",
            "Write the amount in figures, e.g. 2,500,000 or 2500000.50.",
        ),
        (
            rows("addresses", [{"facet": "kpi", "value": "nope", "strength": "0.5"}]),
            ("addresses", 0, "value"),
            "Unknown kpi 'nope'.",
        ),
        (
            rows("addresses", [{"facet": "hazard", "value": "floods", "strength": "2"}]),
            ("addresses", 0, "strength"),
            "Importance must be between 0 and 1.",
        ),
    ],
)
def test_errors_show_next_to_their_field_and_nothing_is_written(
    client, world, change, field, message
):
    client.force_login(world.member_a)
    response = client.post("/challenges/new/", form_data(**change))
    assert response.status_code == 400
    if isinstance(field, tuple):
        prefix, index, name = field
        errors = response.context["rows"][prefix].forms[index].errors[name]
    else:
        errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert (Challenge.objects.count(), ChallengeTag.objects.count()) == (0, 0)


def test_the_form_keeps_every_picked_value_amount_and_row_on_an_error(client, world):
    client.force_login(world.member_a)
    data = form_data(budget_min="3 000 000", kpis=["EC: I: WS: 1C"])
    data.update(
        rows(
            "addresses",
            [
                {"facet": "hazard", "value": "floods", "strength": "1"},
                {"facet": "emission_sector", "value": "transportation", "strength": "0.4"},
            ],
        )
    )
    response = client.post("/challenges/new/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "budget_max": ["“Budget up to” must not be below “Budget from”."]
    }
    for kept in (
        'value="3 000 000"',
        'value="2,500,000.50"',
        '<option value="BRL" selected>BRL · Brazilian real</option>',
        '<option value="environment/climate_adaptation" selected>',
        '<option value="11.5" selected>',
        '<option value="EC: I: WS: 1C" selected>',
        '<option value="transportation" selected>Transportation</option>',
        'name="addresses-1-strength" value="0.4"',
        'name="deadline" value="2027-03-31"',
    ):
        assert kept in html, kept
    assert not Challenge.objects.exists()


def test_an_edit_shows_the_budget_grouped_and_a_saved_currency_outside_the_list(client, world):
    challenge = make(world, budget={"min": 100_000, "max": 2_500_000.5, "currency": "BOB"})
    client.force_login(world.member_a)
    html = client.get(f"/challenges/{challenge.pk}/edit/").content.decode()
    assert 'name="budget_min" value="100,000"' in html
    assert 'name="budget_max" value="2,500,000.5"' in html
    assert '<option value="BOB" selected>BOB</option>' in html


def test_a_stale_edit_shows_the_conflict_and_keeps_what_was_typed(client, world):
    challenge = make(world)
    client.force_login(world.member_a)
    url = f"/challenges/{challenge.pk}/edit/"
    assert client.get(url).context["form"]["budget_currency"].value() == "BRL"
    client.post(url, form_data(title="First edit", version="1"))
    response = client.post(url, form_data(title="My careful edit", version="1"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Someone else saved this challenge while you were editing it." in html
    assert 'value="My careful edit"' in html
    challenge.refresh_from_db()
    assert (challenge.title, challenge.version) == ("First edit", 2)


def test_another_city_cannot_edit(client, world):
    challenge = make(world)
    other = MembershipFactory(organisation=CityFactory(), role=MembershipRole.ADMIN).user
    client.force_login(other)
    assert client.get(f"/challenges/{challenge.pk}/edit/").status_code == 404
    client.post(f"/challenges/{challenge.pk}/edit/", form_data(version="1", title="Taken"))
    challenge.refresh_from_db()
    assert (challenge.title, challenge.version) == (FIELDS["title"], 1)


# --- needs profiles ------------------------------------------------------------------------------


def test_the_citys_admin_replaces_the_needs_profile(client, world):
    NeedItemFactory(city=world.org_a, facet="hazard", value="droughts", weight=0.2)
    client.force_login(world.admin_a)
    page = client.get("/organisations/city-of-alpha/needs/")
    assert page.context["rows"]["items"].forms[0]["value"].value() == "droughts"
    items = [
        {"facet": "hazard", "value": "floods", "weight": "0.9", "source": "climate_risk"},
        {
            "facet": "emission_sector",
            "value": "transportation",
            "weight": "0.6",
            "source": "manual",
        },
    ]
    assert page.context["form"]["visibility"].value() == "partners"
    data = {**rows("items", items, total=6), "visibility": "private"}
    response = client.post("/organisations/city-of-alpha/needs/", data)
    assert response["Location"] == "/organisations/city-of-alpha/"
    assert NeedsProfile.objects.get(city=world.org_a).visibility == "private"
    saved = NeedItem.objects.filter(city=world.org_a).values_list(
        "facet", "value", "weight", "source"
    )
    assert list(saved) == [
        ("hazard", "floods", 0.9, "climate_risk"),
        ("emission_sector", "transportation", 0.6, "manual"),
    ]


def test_a_bad_need_row_keeps_the_old_profile(client, world):
    NeedItemFactory(city=world.org_a, facet="hazard", value="droughts", weight=0.2)
    client.force_login(world.admin_a)
    items = [
        {"facet": "hazard", "value": "floods", "weight": "0.9", "source": "manual"},
        {"facet": "hazard", "value": "floods", "weight": "1.5", "source": "manual"},
    ]
    data = {**rows("items", items), "visibility": "public"}
    response = client.post("/organisations/city-of-alpha/needs/", data)
    assert response.status_code == 400
    second = response.context["rows"]["items"].forms[1]
    assert second.errors["weight"] == ["Weight must be between 0 and 1."]
    assert second.non_field_errors() == ["This row repeats a facet value listed before."]
    assert list(NeedItem.objects.values_list("value", flat=True)) == ["droughts"]
    assert not NeedsProfile.objects.exists()


@pytest.mark.parametrize("actor", ["member_a", "member_b"])
def test_only_the_citys_admins_edit_needs(client, world, actor):
    sign_in(client, getattr(world, actor))
    assert client.get("/organisations/city-of-alpha/needs/").status_code == 404
    items = [{"facet": "hazard", "value": "floods", "weight": "0.9", "source": "manual"}]
    client.post(
        "/organisations/city-of-alpha/needs/", {**rows("items", items), "visibility": "public"}
    )
    assert not NeedItem.objects.exists()
    assert not NeedsProfile.objects.exists()


def test_the_city_page_shows_needs_to_partners_and_its_challenges(client, world):
    NeedItemFactory(city=world.org_a, facet="hazard", value="floods", weight=0.9)
    make(world, title="Floods")
    make(world, title="Quiet matter", visibility="private")
    anonymous = client.get("/organisations/city-of-alpha/").content.decode()
    assert "Sign in</a> to see it if you are one of them" in anonymous
    assert "Climate risk" not in anonymous
    assert "Floods" in anonymous and "Quiet matter" not in anonymous
    client.force_login(world.member_b)
    html = client.get("/organisations/city-of-alpha/").content.decode()
    assert "Climate risk" not in html  # B is not a partner
    PartnershipFactory(application__organisation=world.org_b)
    html = client.get("/organisations/city-of-alpha/").content.decode()
    assert '<meter min="0" max="1" value="0.9" aria-label="Weight of Floods">' in html
    assert "Edit the needs profile" not in html
    client.force_login(world.admin_a)
    html = client.get("/organisations/city-of-alpha/").content.decode()
    assert "Quiet matter" in html and "Edit the needs profile" in html
