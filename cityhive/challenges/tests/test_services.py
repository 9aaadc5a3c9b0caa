import pytest

from cityhive.challenges import selectors, services
from cityhive.challenges.models import Challenge, ChallengeTag, NeedItem
from cityhive.challenges.selectors import ChallengeFilters
from cityhive.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import MembershipFactory
from cityhive.partnership.tests.factories import partner_company

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Protect riverside districts from floods",
    "description": "Every rainy season **three districts** flood.",
    "categories": ["environment/climate_adaptation"],
    "sdg_targets": ["11.5"],
    "addresses": [{"facet": "hazard", "value": "floods", "strength": 1.0}],
    "budget": {"min": 100_000, "max": 2_500_000.5, "currency": "BRL"},
    "deadline": "2027-03-31",
    "visibility": "public",
    "status": "open",
}


def create(world, **change):
    return services.challenge_create(
        actor=world.member_a, city=world.org_a, fields={**VALID, **change}
    )


def test_a_city_member_publishes_a_challenge(world):
    challenge = create(world)
    assert services.challenge_data(challenge) == {**VALID, "kpis": []}
    assert set(ChallengeTag.objects.filter(challenge=challenge).values_list("facet", "value")) == {
        ("category", "environment/climate_adaptation"),
        ("category", "environment"),
        ("sdg_target", "11.5"),
        ("sdg_goal", "11"),
        ("hazard", "floods"),
    }


def test_companies_do_not_post_challenges(world):
    with pytest.raises(Forbidden):
        services.challenge_create(actor=world.member_b, city=world.org_b, fields=VALID)
    with pytest.raises(Forbidden):
        services.challenge_create(actor=world.member_b, city=world.org_a, fields=VALID)
    assert Challenge.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"budget": {"min": 5, "max": 1, "currency": "EUR"}}, "budget.max"),
        ({"budget": {"min": 1, "max": 5, "currency": "euro"}}, "budget.currency"),
        ({"deadline": "31/03/2027"}, "deadline"),
        ({"budget": {"min": 1, "max": 10**20, "currency": "EUR"}}, "budget.max"),
        ({"visibility": "secret"}, "visibility"),
        ({"addresses": [{"facet": "kpi", "value": "nope", "strength": 0.5}]}, "addresses[0].value"),
    ],
)
def test_bad_input_names_its_path_and_writes_nothing(world, change, path):
    with pytest.raises(ValidationFailed) as caught:
        create(world, **change)
    assert path in caught.value.field_errors
    assert Challenge.objects.count() == 0


def test_stale_challenge_edits_are_refused(world):
    challenge = create(world)
    services.challenge_update(
        actor=world.admin_a, challenge=challenge, version=1, fields={"title": "A"}
    )
    with pytest.raises(Conflict):
        services.challenge_update(
            actor=world.member_a, challenge=challenge, version=1, fields={"title": "B"}
        )
    assert Challenge.objects.get(pk=challenge.pk).title == "A"


def _visible_titles(actor):
    return sorted(
        c.title
        for c in selectors.challenge_list_visible_to(actor=actor, filters=ChallengeFilters())
    )


def test_visibility_is_enforced_in_lists_and_single_reads(world):
    public = create(world, title="Public")
    partners = create(world, title="Partners", visibility="partners")
    private = create(world, title="Private", visibility="private")
    create(world, title="Draft", status="draft")
    partner = MembershipFactory(organisation=partner_company(), role=MembershipRole.MEMBER).user
    assert _visible_titles(None) == ["Public"]
    assert _visible_titles(world.member_b) == ["Public"]
    assert _visible_titles(partner) == ["Partners", "Public"]
    assert _visible_titles(world.member_a) == ["Draft", "Partners", "Private", "Public"]
    assert _visible_titles(world.manager) == ["Draft", "Partners", "Private", "Public"]
    for actor, challenge in [(None, partners), (world.member_b, private), (partner, private)]:
        with pytest.raises(NotFound):
            selectors.challenge_get_visible_to(actor=actor, challenge_id=challenge.pk)
    assert selectors.challenge_get_visible_to(actor=None, challenge_id=public.pk) == public


def test_search_never_reveals_a_private_challenge(world):
    create(world, title="Secret flood plan", visibility="private")
    found = selectors.challenge_list_visible_to(
        actor=world.member_b, filters=ChallengeFilters(query="flood")
    )
    assert list(found) == []


def test_needs_profile_is_replaced_by_city_admins_only(world):
    items = [
        {"facet": "hazard", "value": "floods", "weight": 0.92, "source": "climate_risk"},
        {
            "facet": "emission_sector",
            "value": "transportation",
            "weight": 0.41,
            "source": "emissions_inventory",
        },
    ]
    with pytest.raises(Forbidden):
        services.needs_replace(actor=world.member_a, city=world.org_a, items=items)
    services.needs_replace(actor=world.admin_a, city=world.org_a, items=items)
    services.needs_replace(actor=world.admin_a, city=world.org_a, items=items[:1])
    listed = selectors.needs_list_visible_to(actor=world.member_a, city=world.org_a)
    assert [(n.facet, n.value, n.weight, n.source) for n in listed] == [
        ("hazard", "floods", 0.92, "climate_risk")
    ]


def test_bad_needs_write_nothing(world):
    bad = [{"facet": "hazard", "value": "floods", "weight": 1.2, "source": "guess"}]
    with pytest.raises(ValidationFailed) as caught:
        services.needs_replace(actor=world.admin_a, city=world.org_a, items=bad)
    assert sorted(caught.value.field_errors) == ["items[0].source", "items[0].weight"]
    assert NeedItem.objects.count() == 0


def test_anonymous_visitors_do_not_see_needs(world):
    with pytest.raises(Forbidden):
        selectors.needs_list_visible_to(actor=None, city=world.org_a)
