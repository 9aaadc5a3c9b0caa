import math
from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from cityhive.matching.engine import NEEDS_WEIGHTS, SolutionDoc, rank_solutions_for_needs
from cityhive.matching.engine.rerank import (
    DEFAULT_PRIOR,
    FEATURES,
    Reranker,
    coverage_parts,
    features,
    pairwise_fit,
    rerank,
)
from cityhive.matching.engine.tests.catalogue import (
    CATALOGUE,
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
    scores = [r.score for r in reranked]
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
