"""Who sees a city's needs profile, for every kind of actor and every visibility.

Actors: anonymous, signed in with no organisation, a member of a company that is no partner (B), a
member of a partner company (its partnership's tier unlocks partners' content), the city's own
member, a programme manager.
"""

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from cityhive.accounts.services import api_token_create
from cityhive.accounts.tests.sessions import sign_in
from cityhive.challenges import selectors, services
from cityhive.challenges.models import NeedsProfile
from cityhive.challenges.permissions import needs_visibility_filter
from cityhive.challenges.tests.factories import NeedItemFactory
from cityhive.core.errors import Forbidden
from cityhive.directory.models import Organisation
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.partnership.tests.factories import partner_company

pytestmark = pytest.mark.django_db

ACTORS = ("anonymous", "no_organisation", "unverified", "verified", "city_member", "manager")
# "default": the city never chose (no needs profile row): the default, partners.
VISIBILITIES = ("public", "partners", "private", "default")
READERS = {
    "public": set(ACTORS),
    "partners": {"verified", "city_member", "manager"},
    "default": {"verified", "city_member", "manager"},
    "private": {"city_member", "manager"},
}


def actor_of(world, name: str):
    """The user acting as `name` (None for an anonymous visitor)."""
    if name == "verified":
        return MembershipFactory(organisation=partner_company(name="Partner Company")).user
    users = {
        "anonymous": None,
        "no_organisation": world.outsider,
        "unverified": world.member_b,
        "city_member": world.member_a,
        "manager": world.manager,
    }
    return users[name]


def visibility_set(city, visibility: str) -> None:
    """Give the city's needs profile this visibility ("default": no row at all)."""
    NeedsProfile.objects.filter(city=city).delete()
    if visibility != "default":
        NeedsProfile.objects.create(city=city, visibility=visibility)
    if hasattr(city, "_state"):
        city._state.fields_cache.pop("needs_profile", None)


# Readers of another city's profile: the actor's own city (A) gives no rights there.
OTHERS_READERS = {
    "public": set(ACTORS),
    "partners": {"verified", "manager"},
    "default": {"verified", "manager"},
    "private": {"manager"},
}


@pytest.mark.parametrize("own", VISIBILITIES)
def test_the_predicate_and_the_query_filter_agree_for_every_actor_and_visibility(world, own):
    others = {visibility: CityFactory(name=f"City {visibility}") for visibility in VISIBILITIES}
    for visibility, city in others.items():
        visibility_set(city, visibility)
    visibility_set(world.org_a, own)
    for name in ACTORS:
        actor = actor_of(world, name)
        everything = list(Organisation.objects.order_by("pk"))  # A, B, the four cities and more
        shown = Organisation.objects.filter(needs_visibility_filter(actor))
        by_filter = set(shown.values_list("pk", flat=True))
        reader = actor or AnonymousUser()
        by_predicate = {o.pk for o in everything if reader.has_perm("challenges.view_needs", o)}
        assert by_filter == by_predicate, name
        expected = {others[v].pk for v in VISIBILITIES if name in OTHERS_READERS[v]}
        if name in READERS[own]:
            expected.add(world.org_a.pk)
        assert by_filter == expected, name


@pytest.mark.parametrize("visibility", VISIBILITIES)
@pytest.mark.parametrize("name", ACTORS)
def test_what_the_api_and_the_city_page_show_of_the_needs(api, client, world, name, visibility):
    NeedItemFactory(city=world.org_a, facet="hazard", value="floods", weight=0.9)
    visibility_set(world.org_a, visibility)
    actor = actor_of(world, name)
    response = api("GET", "/api/v1/organisations/city-of-alpha/needs", user=actor)
    if actor is not None:
        sign_in(client, actor)
    page = client.get("/organisations/city-of-alpha/").content.decode()
    if name in READERS[visibility]:
        assert response.json() == {
            "city": "city-of-alpha",
            "visibility": "partners" if visibility == "default" else visibility,
            "items": [
                {"facet": "hazard", "value": "floods", "weight": 0.9, "source": "climate_risk"}
            ],
        }
        assert 'aria-label="Weight of Floods"' in page
    else:
        assert response.status_code == 403
        assert response.json()["status"] == response.status_code
        assert "Weight of Floods" not in page and "Climate risk" not in page


def test_the_exchange_export_holds_only_the_needs_the_caller_may_see(client, world):
    hidden = CityFactory(name="Hidden", slug="hidden")
    NeedItemFactory(city=hidden)
    visibility_set(hidden, "private")
    shared = CityFactory(name="Shared", slug="shared")
    NeedItemFactory(city=shared)
    visibility_set(shared, "public")
    NeedItemFactory(city=world.org_a)  # the default: partners

    def cities(user=None):
        headers = {}
        if user is not None:
            headers["Authorization"] = f"Bearer {api_token_create(actor=user, name='t').key}"
        response = client.get("/api/v1/exchange/export", {"types": "needs"}, headers=headers)
        lines = b"".join(response.streaming_content).splitlines()
        return sorted(json.loads(line)["city"] for line in lines)

    assert cities() == ["org-shared"]
    assert cities(world.outsider) == ["org-shared"]
    assert cities(world.member_b) == ["org-shared"]
    assert cities(world.member_a) == ["org-city-of-alpha", "org-shared"]
    assert cities(world.manager) == ["org-city-of-alpha", "org-hidden", "org-shared"]


def test_only_the_citys_admins_change_the_visibility(world):
    items = [{"facet": "hazard", "value": "floods", "weight": 0.9, "source": "manual"}]
    services.needs_replace(actor=world.admin_a, city=world.org_a, items=items, visibility="public")
    for actor in (world.member_a, world.member_b, world.outsider):
        with pytest.raises(Forbidden):
            services.needs_replace(actor=actor, city=world.org_a, items=[], visibility="private")
    assert NeedsProfile.objects.get(city=world.org_a).visibility == "public"
    assert [n.value for n in selectors.needs_list_visible_to(actor=None, city=world.org_a)] == [
        "floods"
    ]
    services.needs_replace(actor=world.admin_a, city=world.org_a, items=items)
    assert NeedsProfile.objects.get(city=world.org_a).visibility == "public"  # left out: kept


@pytest.mark.parametrize("actor", ["no_organisation", "unverified", "city_member"])
def test_the_city_page_says_who_the_needs_are_shared_with(client, world, actor):
    visibility_set(world.org_a, "partners")
    sign_in(client, actor_of(world, actor))
    html = client.get(f"/organisations/{world.org_a.slug}/").content.decode()
    told = (
        "City of Alpha shares its needs profile with members of verified partner"
        " organisations only."
    )
    recommendations = f'href="/organisations/{world.org_a.slug}/recommendations/"'
    sees = actor == "city_member"
    assert (told in html, recommendations in html) == (not sees, sees)
