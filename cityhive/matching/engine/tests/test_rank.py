import math
from dataclasses import replace

import pytest

from cityhive.matching.engine import (
    ChallengeDoc,
    Evidence,
    MatchResult,
    NeedsProfile,
    PeerWeights,
    SolutionDoc,
    Weights,
    rank_challenges_for_solution,
    rank_cities_for_solutions,
    rank_peer_cities,
    rank_solutions_for_challenge,
    rank_solutions_for_needs,
)
from cityhive.matching.engine.evidence import city_similarity
from cityhive.matching.engine.tests.catalogue import (
    CATALOGUE,
    COOL_ROOFS,
    FLOOD_CHALLENGE,
    FLOOD_SENSORS,
    FORTALEZA,
    RECIFE,
    SALVADOR,
)


def contributions(result: MatchResult) -> dict[str, float]:
    return {factor.name: factor.contribution for factor in result.factors}


def support(evidence: Evidence, weight: float) -> float:
    return weight * (0.3 + 0.7 * city_similarity(evidence, SALVADOR).value)


def test_needs_ranking_orders_by_score_and_leaves_out_other_regions():
    results = rank_solutions_for_needs(SALVADOR, CATALOGUE)
    assert [r.id for r in results] == ["flood-sensors", "cool-roofs", "bare"]


def test_each_factor_is_weight_times_signal_and_they_sum_to_the_score():
    best = rank_solutions_for_challenge(FLOOD_CHALLENGE, CATALOGUE)[0]
    evidence = 1 - (1 - support(RECIFE, 0.85)) * (1 - support(FORTALEZA, 1.0))
    assert contributions(best) == pytest.approx(
        {
            "coverage": 0.45 * 1.0,
            "lexical": 0.20 * 1.0,
            "fit": 0.15 * 1.0,
            "evidence": 0.15 * evidence,
            "cobenefits": 0.05 * 1 / 4,
        }
    )
    assert best.score == pytest.approx(sum(contributions(best).values()))
    assert best.improvements == []


def test_a_needs_profile_is_ranked_without_text_relevance():
    # A profile's only text is its need labels, which coverage already compares (NEEDS_WEIGHTS).
    best = rank_solutions_for_needs(SALVADOR, CATALOGUE)[0]
    evidence = 1 - (1 - support(RECIFE, 0.85)) * (1 - support(FORTALEZA, 1.0))
    assert contributions(best) == pytest.approx(
        {
            "coverage": 0.65 * 0.92 / 1.92,
            "fit": 0.15 * 1.0,
            "evidence": 0.15 * evidence,
            "cobenefits": 0.05 * 1 / 4,
        }
    )
    with_text = rank_solutions_for_needs(SALVADOR, CATALOGUE, weights=Weights())[0]
    assert contributions(with_text)["lexical"] == pytest.approx(0.20)


def test_explanations_are_sentences_an_official_can_act_on():
    best = rank_solutions_for_needs(SALVADOR, CATALOGUE)[0]
    assert {factor.name: factor.text for factor in best.factors} == {
        "coverage": "addresses floods, your highest climate risk (0.92)",
        "fit": "medium cost, within budget; offered in pt; maturity TRL 9; "
        "city size within its range; delivers in <5 years",
        "evidence": "scaled up in Fortaleza and Recife, similar in size, in the same country, "
        "with the same climate",
        "cobenefits": "co-benefits: public health (+1)",
    }


def test_missing_solution_data_yields_improvements_for_its_provider():
    results = {r.id: r for r in rank_solutions_for_needs(SALVADOR, CATALOGUE)}
    assert results["cool-roofs"].improvements == [
        "add the city sizes (population range) your solution suits",
        "add the cities where your solution is in use (implementations)",
    ]
    assert results["bare"].score == 0.0
    assert "add the regions you serve" in results["bare"].improvements
    assert "add the hazards, sectors and SDG targets your solution addresses" in (
        results["bare"].improvements
    )


def test_missing_city_data_is_skipped_not_penalised():
    no_context = NeedsProfile("x", country="BR", items=SALVADOR.items, labels=SALVADOR.labels)
    best = rank_solutions_for_needs(no_context, [FLOOD_SENSORS])[0]
    # Only maturity and timeline can be checked (both 1.0); nothing is asked of the city.
    assert contributions(best)["fit"] == pytest.approx(0.15)


def test_ties_break_by_id_and_top_cuts():
    twins = [replace(COOL_ROOFS, id=name) for name in ("b", "c", "a")]
    assert [r.id for r in rank_solutions_for_needs(SALVADOR, twins, top=2)] == ["a", "b"]
    assert rank_solutions_for_needs(SALVADOR, twins, top=0) == []
    assert len(rank_solutions_for_needs(SALVADOR, twins, top=None)) == 3


@pytest.mark.parametrize("top", [1, 2, 3])
def test_the_top_results_are_explained_exactly_as_in_the_full_ranking(top):
    # Only the results that make the top get their explanation written; it must not change them.
    everything = rank_solutions_for_needs(SALVADOR, CATALOGUE, top=None)
    assert rank_solutions_for_needs(SALVADOR, CATALOGUE, top=top) == everything[:top]
    challenge = rank_solutions_for_challenge(FLOOD_CHALLENGE, CATALOGUE, top=None)
    assert rank_solutions_for_challenge(FLOOD_CHALLENGE, CATALOGUE, top=top) == challenge[:top]
    assert any(f.text.startswith("mentions ") for f in challenge[0].factors)


def test_weights_are_the_callers_and_there_is_no_tier_input():
    only_evidence = Weights(lexical=0, coverage=0, fit=0, evidence=1, cobenefits=0)
    results = rank_solutions_for_needs(SALVADOR, CATALOGUE, weights=only_evidence)
    assert [r.id for r in results] == ["flood-sensors", "bare", "cool-roofs"]
    assert [f.name for f in results[0].factors] == ["evidence"]


def test_semantic_scores_from_outside_count_when_weighted():
    weights = Weights(lexical=0, semantic=1, coverage=0, fit=0, evidence=0, cobenefits=0)
    semantic = [0.2, 0.9, 1.0, 0.1]  # CATALOGUE order; kenya-buses (1.0) is filtered out
    results = rank_solutions_for_needs(SALVADOR, CATALOGUE, weights=weights, semantic=semantic)
    assert [(r.id, r.score) for r in results] == [
        ("cool-roofs", 0.9),
        ("flood-sensors", 0.2),
        ("bare", 0.1),
    ]


def test_challenge_ranking_uses_its_text_needs_and_budget():
    results = rank_solutions_for_challenge(FLOOD_CHALLENGE, CATALOGUE)
    assert [r.id for r in results] == ["flood-sensors", "cool-roofs", "bare"]
    best = contributions(results[0])
    assert best["coverage"] == pytest.approx(0.45)
    assert best["lexical"] == pytest.approx(0.20)
    assert results[0].factors[1].text == "mentions flood, warning, drainage"


def test_challenges_for_a_solution_filter_by_region_and_explain_for_the_provider():
    nairobi = NeedsProfile("nairobi", country="KE", items={("hazard", "floods"): 1.0})
    kenyan = ChallengeDoc("ch-ke", nairobi, "Floods", "Floods in Nairobi")
    heat = replace(FLOOD_CHALLENGE, id="ch-heat", title="Heat", text="Heat", addresses={})
    results = rank_challenges_for_solution(FLOOD_SENSORS, [heat, kenyan, FLOOD_CHALLENGE])
    assert [r.id for r in results] == ["ch-floods", "ch-heat"]
    assert results[0].factors[0].text == "addresses floods, its highest climate risk (1.00)"
    assert results[1].improvements == [
        "add the hazards, sectors and SDG targets your challenge addresses"
    ]


def test_cities_for_a_company_rank_by_their_best_solution():
    lima = NeedsProfile(
        "lima", "Lima", country="PE", items={("hazard", "heatwaves"): 1.0}, languages=("es",)
    )
    quiet = NeedsProfile("quiet", "Quiet", country="BR")
    results = rank_cities_for_solutions([FLOOD_SENSORS, COOL_ROOFS], [quiet, lima, SALVADOR])
    # Cool roofs cover all of Lima's needs; flood sensors about half of Salvador's.
    assert [r.id for r in results] == ["lima", "salvador", "quiet"]
    assert results[1].factors[0].text == (
        "Flood early warning sensors addresses floods, its highest climate risk (0.92)"
    )
    assert results[2].improvements == [
        "add your needs (climate risks, KPI assessment, emissions)",
        "add your city's languages",
        "add your city's population",
        "add your budget",
    ]


def test_peer_cities_solved_the_same_needs_and_are_alike():
    recife = NeedsProfile(
        "recife",
        "Recife",
        country="BR",
        continent="SA",
        population=1_650_000,
        biome="tropical_rainforest",
        items={("hazard", "floods"): 0.8},
    )
    oslo = NeedsProfile("oslo", "Oslo", country="NO", continent="EU", population=700_000)
    results = rank_peer_cities(SALVADOR, [SALVADOR, oslo, recife], CATALOGUE)
    assert [r.id for r in results] == ["recife", "oslo"]
    similarity = city_similarity(recife, SALVADOR).value
    assert contributions(results[0]) == pytest.approx(
        {
            "solved": 0.5 * 0.92 / 1.92,
            "similarity": 0.3 * similarity,
            "shared_needs": 0.2 * 0.8 / 1.92,
        }
    )
    assert [(f.name, f.text) for f in results[0].factors] == [
        ("similarity", "similar in size, in the same country, with the same climate"),
        ("solved", "solved floods with Flood early warning sensors"),
        ("shared_needs", "shares your needs: floods"),
    ]
    assert results[1].improvements == [
        "confirm the implementations of solutions in use in your city",
        "add your needs (climate risks, KPI assessment, emissions)",
    ]
    assert contributions(results[1])["similarity"] == pytest.approx(
        0.3 * 0.4 * (1 - math.log10(2.4 / 0.7))
    )


def test_peer_weights_are_the_callers():
    results = rank_peer_cities(SALVADOR, [NeedsProfile("a")], weights=PeerWeights(0, 0, 0))
    assert [(r.id, r.score, r.factors) for r in results] == [("a", 0.0, [])]


def test_a_solution_for_everyone_is_not_filtered():
    anywhere = SolutionDoc("anywhere", title="Floods", addresses={("hazard", "floods"): 1.0})
    assert [r.id for r in rank_solutions_for_needs(SALVADOR, [anywhere])] == ["anywhere"]


def test_two_needs_with_the_same_name_are_told_apart():
    city = NeedsProfile(
        "x",
        items={("emission_sector", "waste"): 0.7, ("category", "environment/waste"): 0.5},
        labels={("emission_sector", "waste"): "Waste", ("category", "environment/waste"): "Waste"},
    )
    bins = SolutionDoc(
        "bins",
        addresses={("emission_sector", "waste"): 1.0, ("category", "environment/waste"): 1.0},
    )
    [result] = rank_solutions_for_needs(city, [bins])
    assert result.factors[0].text == (
        "addresses Waste, your highest emission source (0.70); also Waste as priority (0.50)"
    )
