"""Each role's dashboard and header navigation, the style guide, the data sources and the icon."""

import pytest
from django.urls import reverse

from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.challenges.tests.factories import ChallengeFactory, NeedItemFactory
from cityhive.core import sections
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.site.dashboard import DASHBOARD_ACTIONS, DASHBOARD_NEW
from cityhive.site.templatetags.navigation import navigation_for
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contributed():
    """Register dashboard providers for one test, and take them away after it."""
    added = []

    def add(slot, provider):
        sections.contribute(slot, "test", provider)
        added.append(slot)

    yield add
    for slot in added:
        sections._providers[slot].pop("test", None)


def test_a_programme_manager_sees_the_organisations_waiting_for_verification(client):
    manager = ProgrammeManagerFactory()
    OrganisationFactory(name="Verified Co", is_verified=True)
    OrganisationFactory(name="Waiting Co", is_verified=False)
    sign_in(client, manager)

    response = client.get("/dashboard/")

    html = response.content.decode()
    programme = response.context["programme"]
    assert [o.name for o in programme["to_verify"]] == ["Waiting Co"]
    assert programme["to_verify_count"] == 1
    assert "Organisations to verify" in html
    assert "You do not belong to an organisation yet" not in html


def test_a_member_of_nothing_is_told_how_to_join(client):
    member = MembershipFactory().user
    member.memberships.all().delete()
    sign_in(client, member)

    html = client.get("/dashboard/").content.decode()

    assert "You do not belong to an organisation yet" in html
    assert "Programme queues" not in html


def test_a_city_admin_without_a_needs_profile_is_asked_to_fill_it_in(client):
    city = CityFactory(name="Recife", slug="recife")
    admin = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    sign_in(client, admin)

    actions = client.get("/dashboard/").context["actions"]

    assert [(a.label, a.url) for a in actions] == [
        ("Fill in the needs profile of Recife", "/organisations/recife/needs/")
    ]


def test_a_city_with_needs_asks_nothing_and_a_plain_member_is_never_asked(client):
    with_needs = CityFactory()
    NeedItemFactory(city=with_needs)
    admin = MembershipFactory(organisation=with_needs, role=MembershipRole.ADMIN).user
    member = MembershipFactory(organisation=CityFactory(), role=MembershipRole.MEMBER).user

    for user in (admin, member):
        sign_in(client, user)
        assert client.get("/dashboard/").context["actions"] == []


def test_a_company_sees_other_cities_open_challenges_it_may_see(client):
    company = OrganisationFactory(kind="company")
    member = MembershipFactory(organisation=company).user
    ChallengeFactory(title="Cool the schools", visibility="public")
    ChallengeFactory(title="A private one", visibility="private")
    ChallengeFactory(title="A closed one", visibility="public", status="closed")
    sign_in(client, member)

    news = client.get("/dashboard/").context["news"]

    assert [item.label for item in news] == ["Cool the schools"]


def test_a_city_sees_new_solutions_of_others(client):
    city = CityFactory()
    member = MembershipFactory(organisation=city).user
    SolutionFactory(title="Own solution", provider=city)
    SolutionFactory(title="Leak detection", provider__name="AquaSense")
    sign_in(client, member)

    news = client.get("/dashboard/").context["news"]

    assert [(item.label, item.detail) for item in news] == [("Leak detection", "AquaSense")]


def test_apps_contribute_actions_and_news_through_the_slots(client, contributed):
    member = MembershipFactory().user
    contributed(DASHBOARD_ACTIONS, lambda user: [{"label": "Answer AquaSense", "url": "/x/"}])
    contributed(DASHBOARD_NEW, lambda user: [{"label": "A reply from Recife", "url": "/y/"}])
    sign_in(client, member)

    html = client.get("/dashboard/").content.decode()

    assert '<a href="/x/">Answer AquaSense</a>' in html
    assert '<a href="/y/">A reply from Recife</a>' in html


def test_the_shortcuts_of_a_city_lead_to_its_own_pages(client):
    city = CityFactory(slug="recife")
    admin = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    sign_in(client, admin)

    cards = client.get("/dashboard/").context["organisations"]

    links = [(link.label, link.url) for link in cards[0].shortcuts][:5]
    assert links == [
        ("Members", "/organisations/recife/members/"),
        ("Solutions", "/solutions/?provider=recife"),
        ("Needs profile", "/organisations/recife/needs/"),
        ("Recommended solutions", "/organisations/recife/recommendations/"),
        ("Peer cities", "/organisations/recife/peers/"),
    ]


def test_the_navigation_follows_the_role_and_marks_the_current_page():
    visitor = type("Visitor", (), {"is_authenticated": False, "is_staff": False})()
    city = CityFactory(slug="recife")
    official = MembershipFactory(organisation=city).user
    manager = ProgrammeManagerFactory()

    anonymous = [(link.label, link.current) for link in navigation_for(visitor, "/solutions/")]
    member = [link.label for link in navigation_for(official, "/")]
    staff = [link.label for link in navigation_for(manager, "/")]

    assert anonymous == [
        ("Solutions", True),
        ("Challenges", False),
        ("Events", False),
        ("Projects", False),
        ("Groups", False),
        ("Directory", False),
        ("SDGs", False),
        ("U4SSC KPIs", False),
    ]
    assert member[:3] == ["Dashboard", "Inbox", "Solutions"]
    assert "Contact log" not in member and "Security log" not in member
    assert staff[-6:] == [
        "To verify",
        "Programme",
        "Contact log",
        "Security log",
        "Style guide",
        "Admin",
    ]


def test_the_navigation_s_links_lead_to_the_inbox_and_the_logs():
    manager = ProgrammeManagerFactory()

    links = {link.label: link.url for link in navigation_for(manager, "/")}

    assert (links["Inbox"], links["Contact log"], links["Security log"], links["Programme"]) == (
        "/engagement/",
        "/contact-log/",
        "/security-log/",
        "/programme/",
    )


def test_the_navigation_reads_nothing_from_the_database(django_assert_num_queries):
    official = MembershipFactory(organisation=CityFactory()).user
    manager = ProgrammeManagerFactory()

    with django_assert_num_queries(0):
        navigation_for(official, "/")
        navigation_for(manager, "/")


def test_only_programme_managers_open_the_style_guide(client):
    member = MembershipFactory().user
    assert client.get("/styleguide/")["Location"].startswith("/accounts/login/")
    sign_in(client, member)
    assert client.get("/styleguide/").status_code == 403
    sign_in(client, ProgrammeManagerFactory())

    html = client.get("/styleguide/").content.decode()

    assert '<button type="button" class="danger "' in html
    assert 'class="badge tier tier-gold"' in html
    assert 'class="table-cards "' in html


def test_the_footer_links_to_the_data_sources_which_list_the_shipped_files(client):
    home = client.get("/").content.decode()
    sources = client.get(reverse("data_sources")).content.decode()

    assert '<a href="/sources/">Reference data: see its sources</a>' in home
    assert "<code>sdg_goals.csv</code>" in sources


def test_home_explores_solutions_and_challenges(client):
    html = client.get("/").content.decode()

    assert '<a href="/solutions/">Solutions</a>' in html
    assert '<a href="/challenges/">Challenges</a>' in html


def test_favicon_ico_answers_with_the_site_icon(client):
    response = client.get("/favicon.ico")

    assert (response.status_code, response["Location"]) == (301, "/static/core/favicon.svg")


def test_a_company_card_shows_its_open_requests_and_conversion(client):
    from cityhive.engagement.models import InterestStatus, Introduction
    from cityhive.engagement.tests.factories import InterestFactory, IntroductionFactory

    company = OrganisationFactory(kind="company", name="Floodsense")
    member = MembershipFactory(organisation=company).user
    InterestFactory(sender_organisation=company)  # open, waiting for an answer
    InterestFactory(sender_organisation=company, status=InterestStatus.ACCEPTED)
    InterestFactory(sender_organisation=company, status=InterestStatus.ACCEPTED)
    InterestFactory(sender_organisation=company, status=InterestStatus.DECLINED)
    InterestFactory()  # another company's
    IntroductionFactory(second_organisation=company)
    IntroductionFactory(first_organisation=company)
    IntroductionFactory()
    sign_in(client, member)

    response = client.get("/dashboard/")

    panels = {p["title"]: p for p in response.context["organisations"][0].panels}
    assert panels["Requests and introductions"]["figures"] == [
        ("Open requests, waiting for an answer", "1"),
        ("Requests sent", "4"),
        ("Accepted", "2 (50%)"),
        ("Introductions", "2"),
    ]
    assert Introduction.objects.count() == 3
    assert "<dt>Accepted</dt><dd>2 (50%)</dd>" in response.content.decode()


def test_a_city_card_shows_its_new_matches_above_its_threshold(client):
    from cityhive.notifications.models import MatchThreshold
    from cityhive.notifications.services import NewMatch, new_matches_notify

    city = CityFactory(slug="recife", name="Recife")
    member = MembershipFactory(organisation=city).user
    MatchThreshold.objects.create(organisation=city, threshold=60)
    new_matches_notify(
        organisation=city,
        matches=[
            NewMatch("Leak detection", 0.71, "/organisations/recife/recommendations/", "s:1"),
            NewMatch("Cool roofs", 0.4, "/organisations/recife/recommendations/", "s:2"),
        ],
    )
    sign_in(client, member)

    response = client.get("/dashboard/")

    panels = {p["title"]: p for p in response.context["organisations"][0].panels}
    matches = panels["New matches at or above 60%"]
    assert [item["label"] for item in matches["items"]] == ["New match for Recife: Leak detection"]
    assert [item["url"] for item in matches["items"]] == ["/organisations/recife/recommendations/"]


def test_a_city_admin_finds_the_contact_log_beside_the_city(client):
    city = CityFactory(slug="recife")
    admin = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    member = MembershipFactory(organisation=city, role=MembershipRole.MEMBER).user

    links = {}
    for user in (admin, member):
        sign_in(client, user)
        cards = client.get("/dashboard/").context["organisations"]
        links[user] = {link.label: link.url for link in cards[0].shortcuts}

    assert links[admin]["Contact log"] == "/contact-log/?organisation=recife"
    assert "Contact log" not in links[member]


def test_new_matches_are_shown_in_the_organisation_s_card_not_twice(client):
    from cityhive.notifications.services import NewMatch, new_matches_notify

    city = CityFactory(slug="recife", name="Recife")
    member = MembershipFactory(organisation=city).user
    new_matches_notify(organisation=city, matches=[NewMatch("Leak detection", 0.9, "/x/", "s:1")])
    sign_in(client, member)

    response = client.get("/dashboard/")

    assert [item.label for item in response.context["news"]] == []
    assert response.content.decode().count("New match for Recife: Leak detection") == 1


def test_the_welcome_heading_shows_no_list_of_the_actions_beneath_it(client):
    # The page header's own "actions" slot must not pick up the dashboard's list of actions.
    city = CityFactory(name="Recife", slug="recife")
    admin = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    sign_in(client, admin)

    html = client.get("/dashboard/").content.decode()

    assert "Fill in the needs profile of Recife" in html
    assert "DashboardItem(" not in html
    assert 'class="page-header__actions"' not in html


def test_a_city_admin_s_card_links_the_contact_log_once(client):
    city = CityFactory(name="Recife", slug="recife")
    admin = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    sign_in(client, admin)

    cards = client.get("/dashboard/").context["organisations"]

    labels = [link.label for link in cards[0].shortcuts]
    assert labels.count("Contact log") == 1
