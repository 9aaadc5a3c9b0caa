"""What members' feedback does to their organisation's later matches."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cityhive.accounts.tests.sessions import sign_in
from cityhive.challenges import services as challenge_services
from cityhive.matching import selectors
from cityhive.matching.feedback import match_feedback_record
from cityhive.matching.tests.helpers import hazard_solution

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(world):
    """City of Alpha needs flood protection; four solutions address floods, strongest first."""
    challenge_services.needs_replace(
        actor=world.manager,
        city=world.org_a,
        items=[{"facet": "hazard", "value": "floods", "weight": 0.9, "source": "climate_risk"}],
    )
    return {
        title: hazard_solution(world, title, [("floods", strength)])
        for title, strength in (
            ("Flood barriers", 0.9),
            ("Flood sensors", 0.7),
            ("Rain gardens", 0.5),
            ("Sandbags", 0.3),
        )
    }


def titles(matches):
    return [m.item.title for m in matches]


def feedback(world, solution, signal, *, actor=None):
    match_feedback_record(
        actor=actor or world.member_a,
        organisation=world.org_a,
        subject=world.org_a,
        candidate=solution,
        signal=signal,
    )


def recommend(world, actor=None, **options):
    return selectors.recommendations_for_city(
        actor=actor or world.member_a, city=world.org_a, **options
    )


def test_without_feedback_the_strongest_solution_leads(world, scene):
    matches = recommend(world)
    assert titles(matches) == ["Flood barriers", "Flood sensors", "Rain gardens", "Sandbags"]
    assert matches.hidden == 0


def test_not_relevant_hides_a_solution_and_says_how_many_are_hidden(world, scene):
    feedback(world, scene["Flood barriers"], "not_relevant")

    matches = recommend(world, top=3)

    assert titles(matches) == ["Flood sensors", "Rain gardens", "Sandbags"]
    assert matches.hidden == 1


def test_hidden_solutions_can_be_shown_again_marked(world, scene):
    feedback(world, scene["Flood barriers"], "not_relevant")

    matches = recommend(world, show_hidden=True)

    assert titles(matches)[0] == "Flood barriers"
    assert [m.feedback for m in matches] == ["not_relevant", "", "", ""]


def test_restoring_a_hidden_solution_brings_it_back(world, scene):
    feedback(world, scene["Flood barriers"], "not_relevant")
    feedback(world, scene["Flood barriers"], "restored")

    matches = recommend(world)

    assert titles(matches)[0] == "Flood barriers"
    assert matches.hidden == 0


def test_declined_lowers_a_solution_with_a_factor_saying_why(world, scene):
    before = {m.item.title: m.result.score for m in recommend(world)}
    feedback(world, scene["Flood barriers"], "declined")

    matches = recommend(world)

    barriers = next(m for m in matches if m.item.title == "Flood barriers")
    assert titles(matches).index("Flood barriers") > 0
    assert barriers.feedback == "declined"
    assert barriers.result.score == pytest.approx(before["Flood barriers"] / 2)
    factor = next(f for f in barriers.result.factors if f.name == "feedback")
    assert factor.contribution == pytest.approx(-before["Flood barriers"] / 2)
    assert "declined this match" in factor.text
    assert sum(f.contribution for f in barriers.result.factors) == pytest.approx(
        barriers.result.score
    )


def test_the_latest_signal_counts(world, scene):
    feedback(world, scene["Flood barriers"], "declined")
    feedback(world, scene["Flood barriers"], "interest")

    assert titles(recommend(world))[0] == "Flood barriers"


def test_feedback_changes_only_the_organisation_that_gave_it(world, scene):
    feedback(world, scene["Flood barriers"], "not_relevant")

    seen_by_manager = recommend(world, actor=world.manager)

    assert titles(seen_by_manager)[0] == "Flood barriers"
    assert seen_by_manager.hidden == 0


def test_a_hidden_solution_leaves_room_for_the_next_one(world, scene):
    feedback(world, scene["Flood barriers"], "not_relevant")
    feedback(world, scene["Flood sensors"], "not_relevant")

    assert titles(recommend(world, top=2)) == ["Rain gardens", "Sandbags"]


def count_queries(world):
    with CaptureQueriesContext(connection) as queries:
        recommend(world)
    return len(queries)


def test_feedback_costs_one_query_however_much_there_is(world, scene):
    feedback(world, scene["Flood barriers"], "declined")
    recommend(world)  # caches warm (documents, content types)
    with_one = count_queries(world)
    for title in ("Flood sensors", "Rain gardens", "Sandbags"):
        feedback(world, scene[title], "not_relevant")

    assert count_queries(world) == with_one


def test_challenge_matches_follow_the_city_feedback(world, scene):
    challenge = challenge_services.challenge_create(
        actor=world.member_a,
        city=world.org_a,
        fields={
            "title": "Floods in the old town",
            "description": "Protect the old town from floods.",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 0.9}],
        },
    )
    match_feedback_record(
        actor=world.member_a,
        organisation=world.org_a,
        subject=challenge,
        candidate=scene["Flood barriers"],
        signal="not_relevant",
    )

    matches = selectors.matches_for_challenge(actor=world.member_a, challenge=challenge)

    assert "Flood barriers" not in titles(matches)
    assert matches.hidden == 1


# --- the page -------------------------------------------------------------------------------


def test_the_page_says_how_many_are_hidden_and_shows_them_on_request(client, world, scene):
    feedback(world, scene["Flood barriers"], "not_relevant")
    sign_in(client, world.member_a)
    url = reverse("city_recommendations", args=[world.org_a.slug])

    hidden = client.get(url).content.decode()
    shown = client.get(url + "?hidden=1").content.decode()

    assert "1 match your organisation marked as not relevant is hidden." in hidden
    assert "Flood barriers" not in hidden
    assert "Flood barriers" in shown
    assert "Your organisation marked this match as not relevant" in shown


def test_the_page_explains_a_lowered_match(client, world, scene):
    feedback(world, scene["Flood barriers"], "declined")
    sign_in(client, world.member_a)

    page = client.get(reverse("city_recommendations", args=[world.org_a.slug])).content.decode()

    assert "Your organisation&#x27;s feedback" in page
    assert "declined this match" in page


def test_a_provider_hides_a_challenge_from_its_solution_opportunities(world, scene):
    challenge = challenge_services.challenge_create(
        actor=world.member_a,
        city=world.org_a,
        fields={
            "title": "Floods in the old town",
            "description": "Protect the old town from floods.",
            "status": "open",
            "visibility": "public",
            "addresses": [{"facet": "hazard", "value": "floods", "strength": 0.9}],
        },
    )
    solution = scene["Flood barriers"]
    before = selectors.opportunities_for_solution(actor=world.member_b, solution=solution)
    match_feedback_record(
        actor=world.member_b,
        organisation=world.org_b,
        subject=solution,
        candidate=challenge,
        signal="not_relevant",
    )

    after = selectors.opportunities_for_solution(actor=world.member_b, solution=solution)

    assert [m.item for m in before] == [challenge]
    assert (list(after), after.hidden) == ([], 1)


def test_a_company_lowers_a_city_among_the_cities_that_need_it(world, scene):
    challenge_services.needs_replace(
        actor=world.manager,
        city=world.org_a,
        items=[{"facet": "hazard", "value": "floods", "weight": 0.9, "source": "climate_risk"}],
        visibility="public",
    )
    before = selectors.cities_for_company(actor=world.member_b, company=world.org_b)
    match_feedback_record(
        actor=world.member_b,
        organisation=world.org_b,
        subject=world.org_b,
        candidate=world.org_a,
        signal="declined",
    )

    after = selectors.cities_for_company(actor=world.member_b, company=world.org_b)

    assert [m.item for m in before] == [world.org_a]
    assert after[0].result.score == pytest.approx(before[0].result.score / 2)
    assert after[0].feedback == "declined"
