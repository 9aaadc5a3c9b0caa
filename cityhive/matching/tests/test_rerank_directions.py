"""The learned re-ranking stage in every direction whose matches pair a solution with needs: a
challenge's solutions, a solution's open challenges and a company's cities follow the same
learned weights as a city's recommendations, and their factors still add up to the score; a
provider's feedback on open challenges trains those weights too."""

import pytest

from cityhive.challenges import services as challenge_services
from cityhive.challenges.models import NeedsProfile, Visibility
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.tests.factories import CityFactory, MembershipFactory
from cityhive.matching import selectors
from cityhive.matching.feedback import match_feedback_record
from cityhive.matching.models import LearnedRanking
from cityhive.matching.rerank import cold_start, reranker_current, reranker_retrain
from cityhive.matching.tests.test_rerank_training import solution

pytestmark = pytest.mark.django_db

RISKS = {"coverage_risks": 1.0}
EMISSIONS = {"coverage_emissions": 1.0}
FLOODS = {"facet": "hazard", "value": "floods", "strength": 1.0}
TRANSPORT = {"facet": "emission_sector", "value": "transportation", "strength": 1.0}


def learned(coefficients: dict) -> None:
    LearnedRanking.objects.update_or_create(
        direction="needs", defaults={"coefficients": coefficients, "pairs": 10}
    )


def adds_up(matches) -> bool:
    return all(
        sum(f.contribution for f in m.result.factors) == pytest.approx(m.result.score)
        for m in matches
    )


def titles(matches) -> list[str]:
    return [getattr(m.item, "title", None) or m.item.name for m in matches]


def test_a_challenge_s_solutions_follow_the_learned_weights(world):
    solution(world, "Flood walls", "hazard", "floods")
    solution(world, "Electric buses", "emission_sector", "transportation")
    challenge = ChallengeFactory(
        title="Floods and bus emissions",
        description="Walls against floods, clean buses.",
        addresses=[FLOODS, TRANSPORT],
    )

    learned(RISKS)
    risks = selectors.matches_for_challenge(actor=world.member_a, challenge=challenge)
    learned(EMISSIONS)
    emissions = selectors.matches_for_challenge(actor=world.member_a, challenge=challenge)

    assert titles(risks) == ["Flood walls", "Electric buses"]
    assert titles(emissions) == ["Electric buses", "Flood walls"]
    assert adds_up(risks) and adds_up(emissions)


def test_a_solution_s_open_challenges_follow_the_learned_weights(world):
    both = solution(world, "Flood-safe electric buses", "hazard", "floods")
    both.addresses = [{**FLOODS, "strength": 0.8}, {**TRANSPORT, "strength": 0.8}]
    both.save(update_fields=["addresses"])
    ChallengeFactory(title="Floods", description="Rivers flood.", addresses=[FLOODS])
    ChallengeFactory(title="Bus emissions", description="Dirty buses.", addresses=[TRANSPORT])

    learned(RISKS)
    risks = selectors.opportunities_for_solution(actor=world.member_b, solution=both)
    learned(EMISSIONS)
    emissions = selectors.opportunities_for_solution(actor=world.member_b, solution=both)

    assert titles(risks) == ["Floods", "Bus emissions"]
    assert titles(emissions) == ["Bus emissions", "Floods"]
    assert adds_up(risks) and adds_up(emissions)


def needs_city(world, name: str, item: dict) -> None:
    city = CityFactory(name=name)
    MembershipFactory(organisation=city)
    challenge_services.needs_replace(
        actor=world.manager,
        city=city,
        items=[{"facet": item["facet"], "value": item["value"], "weight": 0.9, "source": "manual"}],
    )
    NeedsProfile.objects.update_or_create(city=city, defaults={"visibility": Visibility.PUBLIC})


def test_a_company_s_cities_follow_the_learned_weights(world):
    solution(world, "Flood walls", "hazard", "floods")
    solution(world, "Electric buses", "emission_sector", "transportation")
    needs_city(world, "City of Floods", FLOODS)
    needs_city(world, "City of Buses", TRANSPORT)

    learned(RISKS)
    risks = selectors.cities_for_company(actor=world.member_b, company=world.org_b)
    learned(EMISSIONS)
    emissions = selectors.cities_for_company(actor=world.member_b, company=world.org_b)

    assert titles(risks)[:2] == ["City of Floods", "City of Buses"]
    assert titles(emissions)[:2] == ["City of Buses", "City of Floods"]
    assert adds_up(risks) and adds_up(emissions)


def test_a_provider_s_feedback_on_open_challenges_trains_the_same_weights(world):
    floods = ChallengeFactory(title="Floods", description="Rivers flood.", addresses=[FLOODS])
    buses = ChallengeFactory(
        title="Bus emissions", description="Dirty buses.", addresses=[TRANSPORT]
    )
    for title in ("Flood-safe buses", "River buses", "Amphibious buses"):
        offered = solution(world, title, "hazard", "floods")
        offered.addresses = [{**FLOODS, "strength": 0.8}, {**TRANSPORT, "strength": 0.8}]
        offered.save(update_fields=["addresses"])
        for candidate, signal in ((floods, "interest"), (buses, "not_relevant")):
            match_feedback_record(
                actor=world.member_b,
                organisation=world.org_b,
                subject=offered,
                candidate=candidate,
                signal=signal,
            )

    done = reranker_retrain()

    assert (done.stored, done.pairs) == (True, 3)
    learned, shipped = reranker_current().coefficients, cold_start().coefficients
    assert learned["coverage_risks"] > shipped["coverage_risks"]
    assert learned["coverage_emissions"] < shipped["coverage_emissions"]
