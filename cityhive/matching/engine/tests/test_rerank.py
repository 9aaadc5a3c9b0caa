import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityhive.matching.engine import (
    NEEDS_WEIGHTS,
    SolutionDoc,
    Weights,
    rank_challenges_for_solution,
    rank_cities_for_solutions,
    rank_solutions_for_challenge,
    rank_solutions_for_needs,
)
from cityhive.matching.engine.rerank import (
    DEFAULT_PRIOR,
    FEATURES,
    Reranker,
    coverage_parts,
    features,
    pairwise_fit,
    rerank,
    rerank_cities,
    rerank_scored,
)
from cityhive.matching.engine.tests.catalogue import (
    CATALOGUE,
    FLOOD_CHALLENGE,
    FLOOD_SENSORS,
    KENYA_BUSES,
    SALVADOR,
)

BUSES = replace(KENYA_BUSES, id="buses", regions_served=("BR",))
SOLUTIONS = (*CATALOGUE, BUSES)
BY_ID = {doc.id: doc for doc in SOLUTIONS}


def first_stage():
    return rank_solutions_for_needs(SALVADOR, SOLUTIONS, top=None, weights=NEEDS_WEIGHTS)


def rerank_salvador(model, top=None):
    return rerank(
        first_stage(),
        weights=NEEDS_WEIGHTS,
        needs=SALVADOR.items,
        solutions=BY_ID,
        model=model,
        top=top,
    )


# --- scoring --------------------------------------------------------------------------------


def test_coverage_is_split_by_kind_of_need():
    # Salvador: floods 0.92 and heatwaves 0.6 (risks), transportation 0.4 (emissions)
    parts = coverage_parts(SALVADOR.items, FLOOD_SENSORS)
    floods = min(0.92, FLOOD_SENSORS.addresses[("hazard", "floods")])
    assert parts == {
        "coverage_risks": floods / (0.92 + 0.6),
        "coverage_emissions": 0.0,
        "coverage_other": 0.0,
    }


def test_features_read_the_first_stage_signals_back():
    result = next(r for r in first_stage() if r.id == FLOOD_SENSORS.id)
    values = features(result, NEEDS_WEIGHTS, SALVADOR.items, FLOOD_SENSORS)
    fit = next(f.contribution for f in result.factors if f.name == "fit") / NEEDS_WEIGHTS.fit
    assert set(values) == set(FEATURES)
    assert math.isclose(values["fit"], fit)


def test_a_model_weighing_only_emissions_puts_the_transport_solution_first():
    model = Reranker({"coverage_emissions": 1.0})
    ranked = rerank_salvador(model)
    assert ranked[0].id == BUSES.id
    assert first_stage()[0].id == FLOOD_SENSORS.id
    assert ranked[0].score == max(r.score for r in ranked)


def test_without_a_model_the_first_stage_order_is_kept_and_cut():
    assert [r.id for r in rerank_salvador(None, top=2)] == [r.id for r in first_stage()[:2]]


def test_the_factors_keep_their_sentences():
    model = Reranker(DEFAULT_PRIOR)
    before = {r.id: {f.name: f.text for f in r.factors} for r in first_stage()}
    for result in rerank_salvador(model):
        assert {f.name: f.text for f in result.factors} == before[result.id]


coefficient = st.floats(min_value=0.0, max_value=10.0, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({name: coefficient for name in FEATURES}))
def test_contributions_always_add_up_to_the_score(coefficients):
    for result in rerank_salvador(Reranker(coefficients)):
        assert math.isclose(
            sum(f.contribution for f in result.factors), result.score, abs_tol=1e-12
        )
        assert all(f.contribution >= 0 for f in result.factors)
        assert -1e-12 <= result.score <= 1 + 1e-12


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.floats(min_value=0, max_value=1), min_size=3, max_size=3),
    st.lists(
        st.sampled_from([dict(cost_level="low"), dict(cost_level="high"), {}]),
        min_size=3,
        max_size=3,
    ),
)
def test_reranking_is_a_permutation_of_the_first_stage(strengths, extras):
    solutions = [
        SolutionDoc(f"s{i}", addresses={("hazard", "floods"): s}, **extra)
        for i, (s, extra) in enumerate(zip(strengths, extras, strict=True))
    ]
    results = rank_solutions_for_needs(SALVADOR, solutions, top=None)
    reranked = rerank(
        results,
        weights=NEEDS_WEIGHTS,
        needs=SALVADOR.items,
        solutions={s.id: s for s in solutions},
        model=Reranker(DEFAULT_PRIOR),
        top=None,
    )
    assert sorted(r.id for r in reranked) == sorted(r.id for r in results)
    # Scores within 1e-12 tie (and are ordered by id), as in the first stage.
    scores = [round(r.score, 12) for r in reranked]
    assert scores == sorted(scores, reverse=True)


# --- training -------------------------------------------------------------------------------


def separable_pairs(seed: int, count: int, truth: np.ndarray):
    random = np.random.default_rng(seed)
    a = random.random((count, len(truth)))
    b = random.random((count, len(truth)))
    better = (a @ truth) > (b @ truth)
    preferred = np.where(better[:, None], a, b)
    other = np.where(better[:, None], b, a)
    return preferred, other


@settings(max_examples=15, deadline=None)
@given(st.integers(min_value=0, max_value=10_000))
def test_training_on_separable_pairs_ranks_new_pairs_right(seed):
    truth = np.array([3.0, 0.0, 1.0, 0.5, 0.0, 2.0])
    preferred, other = separable_pairs(seed, 400, truth)
    model = pairwise_fit(preferred, other, l2=0.01)
    learned = np.array([model.coefficients[name] for name in FEATURES])
    test_preferred, test_other = separable_pairs(seed + 1, 200, truth)
    agreement = np.mean((test_preferred - test_other) @ learned > 0)
    assert agreement >= 0.95
    assert min(learned) >= 0
    assert model.pairs == 400


def test_a_feature_the_pairs_never_vary_keeps_its_prior_weight():
    truth = np.array([1.0, 0.0, 0.0, 0.0, 0.0, 0.0])
    preferred, other = separable_pairs(7, 200, truth)
    preferred[:, 4] = other[:, 4] = 0.3  # evidence: the same on both sides
    model = pairwise_fit(preferred, other, prior={"evidence": 0.45}, l2=1.0)
    assert math.isclose(model.coefficients["evidence"], 0.45, rel_tol=1e-6)


def test_training_with_no_pairs_gives_the_prior():
    model = pairwise_fit(
        np.zeros((0, len(FEATURES))), np.zeros((0, len(FEATURES))), prior=DEFAULT_PRIOR
    )
    assert model.coefficients == DEFAULT_PRIOR
    assert model.pairs == 0


def test_the_scaled_weights_sum_to_one_and_keep_the_order():
    model = Reranker({"fit": 2.0, "coverage_risks": 6.0})
    assert model.scaled() == {
        "coverage_risks": 0.75,
        "coverage_emissions": 0.0,
        "coverage_other": 0.0,
        "fit": 0.25,
        "evidence": 0.0,
        "cobenefits": 0.0,
    }
    assert Reranker({}).scaled() == {}


# --- the other directions: a challenge's solutions, a solution's challenges, a company's cities


MIXED_CHALLENGE = replace(
    FLOOD_CHALLENGE,
    id="ch-mixed",
    title="Floods and bus emissions",
    text="Warn residents before floods and cut the emissions of our buses.",
    addresses={("hazard", "floods"): 1.0, ("emission_sector", "transportation"): 1.0},
)
EMISSIONS_ONLY = Reranker({"coverage_emissions": 1.0})


def adds_up(result) -> bool:
    return math.isclose(sum(f.contribution for f in result.factors), result.score, abs_tol=1e-12)


def challenge_first_stage():
    return rank_solutions_for_challenge(MIXED_CHALLENGE, SOLUTIONS, top=None)


def rerank_challenge(model):
    scored = {doc.id: (MIXED_CHALLENGE.addresses, doc) for doc in SOLUTIONS}
    return rerank_scored(
        challenge_first_stage(), weights=Weights(), scored=scored, model=model, top=None
    )


def test_a_challenge_s_solutions_follow_the_learned_weights_and_keep_their_text_factors():
    first, ranked = challenge_first_stage(), rerank_challenge(EMISSIONS_ONLY)

    assert first[0].id == FLOOD_SENSORS.id
    assert ranked[0].id == BUSES.id
    lexical = {r.id: [f for f in r.factors if f.name == "lexical"] for r in first}
    for result in ranked:
        assert adds_up(result)
        assert [f for f in result.factors if f.name == "lexical"] == lexical[result.id]
    # Text keeps its first-stage share (0.20); the learned weights share the other 0.80.
    buses = ranked[0]
    coverage = next(f.contribution for f in buses.factors if f.name == "coverage")
    assert math.isclose(
        coverage, 0.8 * coverage_parts(MIXED_CHALLENGE.addresses, BUSES)["coverage_emissions"]
    )


def test_a_solution_s_challenges_follow_the_learned_weights():
    floods = replace(FLOOD_CHALLENGE, id="ch-floods", text="Floods.", title="Floods")
    transport = replace(
        FLOOD_CHALLENGE,
        id="ch-buses",
        title="Bus emissions",
        text="Cut the emissions of our buses.",
        addresses={("emission_sector", "transportation"): 1.0},
    )
    both = replace(
        FLOOD_SENSORS,
        id="both",
        addresses={
            ("hazard", "floods"): 1.0,
            ("emission_sector", "transportation"): 0.6,
        },
    )
    challenges = [floods, transport]
    first = rank_challenges_for_solution(both, challenges, top=None)
    scored = {c.id: (c.addresses, both) for c in challenges}

    ranked = rerank_scored(first, weights=Weights(), scored=scored, model=EMISSIONS_ONLY, top=1)
    risks = rerank_scored(
        first, weights=Weights(), scored=scored, model=Reranker({"coverage_risks": 1.0}), top=None
    )

    assert [r.id for r in first] == ["ch-floods", "ch-buses"]
    assert [r.id for r in ranked] == ["ch-buses"]
    assert [r.id for r in risks] == ["ch-floods", "ch-buses"]
    assert all(adds_up(r) for r in [*ranked, *risks])


def test_a_company_s_cities_are_ranked_through_its_best_solution_under_the_learned_weights():
    floods_city = replace(SALVADOR, city_id="floods", items={("hazard", "floods"): 1.0})
    buses_city = replace(
        SALVADOR, city_id="buses", items={("emission_sector", "transportation"): 1.0}
    )
    profiles = [floods_city, buses_city]
    company = [FLOOD_SENSORS, BUSES]
    first = rank_cities_for_solutions(company, profiles, top=None)

    ranked = rerank_cities(
        first,
        weights=NEEDS_WEIGHTS,
        profiles={p.city_id: p for p in profiles},
        solutions=company,
        model=EMISSIONS_ONLY,
        top=None,
    )

    assert [r.id for r in first] == ["floods", "buses"]
    assert [r.id for r in ranked] == ["buses", "floods"]
    assert all(adds_up(r) for r in ranked)
    assert ranked[0].score == pytest.approx(1.0)  # the buses cover all of its needs
    assert ranked[1].score == 0.0  # nothing the model weighs: no emission needs


def test_without_a_model_every_direction_keeps_the_first_stage():
    first = challenge_first_stage()
    assert rerank_challenge(None) == first
    assert (
        rerank_cities(first, weights=NEEDS_WEIGHTS, profiles={}, solutions=(), model=None, top=2)
        == first[:2]
    )


@settings(max_examples=40, deadline=None)
@given(st.fixed_dictionaries({name: coefficient for name in FEATURES}))
def test_a_challenge_s_contributions_always_add_up_and_stay_in_range(coefficients):
    for result in rerank_challenge(Reranker(coefficients)):
        assert adds_up(result)
        assert all(f.contribution >= 0 for f in result.factors)
        assert -1e-12 <= result.score <= 1 + 1e-12
