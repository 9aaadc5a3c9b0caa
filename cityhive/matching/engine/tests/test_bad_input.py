from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityhive.matching.engine import (
    ChallengeDoc,
    Evidence,
    NeedsProfile,
    SolutionDoc,
    Weights,
    rank_challenges_for_solution,
    rank_cities_for_solutions,
    rank_peer_cities,
    rank_solutions_for_challenge,
    rank_solutions_for_needs,
)
from cityhive.matching.engine.tests.catalogue import (
    CATALOGUE,
    COOL_ROOFS,
    FLOOD_CHALLENGE,
    FLOOD_SENSORS,
    SALVADOR,
)

ARABIC = "أجهزة استشعار للإنذار المبكر بالفيضانات في المدن"
CHINESE = "城市洪水预警传感器"


def test_empty_catalogue_and_empty_profiles_give_empty_lists():
    assert rank_solutions_for_needs(SALVADOR, []) == []
    assert rank_solutions_for_challenge(FLOOD_CHALLENGE, []) == []
    assert rank_challenges_for_solution(FLOOD_SENSORS, []) == []
    assert rank_cities_for_solutions([], [SALVADOR]) == []
    assert rank_cities_for_solutions([FLOOD_SENSORS], []) == []
    assert rank_peer_cities(SALVADOR, []) == []
    assert rank_peer_cities(SALVADOR, [SALVADOR]) == []


def test_a_catalogue_of_one_ranks_it_first_with_full_lexical_share():
    [only] = rank_solutions_for_needs(SALVADOR, [FLOOD_SENSORS], weights=Weights())
    assert only.id == "flood-sensors"
    assert {f.name: f.contribution for f in only.factors}["lexical"] == pytest.approx(0.2)


def test_a_profile_with_no_needs_still_ranks_by_fit_evidence_and_cobenefits():
    empty = replace(SALVADOR, items={}, labels={})
    results = rank_solutions_for_needs(empty, CATALOGUE, weights=Weights())
    assert [r.id for r in results] == ["flood-sensors", "cool-roofs", "bare"]
    factors = {f.name: (f.contribution, f.text) for f in results[0].factors}
    assert factors["coverage"] == (0.0, "no needs to compare with")
    assert factors["lexical"] == (0.0, "no words in common")


@pytest.mark.parametrize("text", ["", " ", "!!!", "flood " * 200_000])
def test_empty_or_huge_challenge_texts_rank(text):
    challenge = replace(FLOOD_CHALLENGE, title="", text=text)
    assert [r.id for r in rank_solutions_for_challenge(challenge, CATALOGUE)] == [
        "flood-sensors",
        "cool-roofs",
        "bare",
    ]


def test_arabic_and_chinese_texts_match_texts_in_their_script():
    arabic = replace(COOL_ROOFS, id="ar", title=ARABIC, summary="")
    chinese = replace(COOL_ROOFS, id="zh", title=CHINESE, summary="")
    for query, expected in ((ARABIC, "ar"), (CHINESE, "zh")):
        challenge = replace(FLOOD_CHALLENGE, title=query, text="", addresses={})
        best = rank_solutions_for_challenge(challenge, [arabic, chinese])[0]
        assert best.id == expected
        assert {f.name: f.contribution for f in best.factors}["lexical"] == pytest.approx(0.2)


def test_junk_values_do_not_raise():
    junk = SolutionDoc(
        "junk",
        cobenefits={"x": "lots", "y": float("nan")},
        addresses={("hazard", "floods"): "high"},
        maturity=42,
        cost_level="free",
        implementations=(Evidence("c", population=-5, confirmed=True, status="rumour"),),
    )
    profile = replace(SALVADOR, population=0, items={("hazard", "floods"): float("inf")})
    [result] = rank_solutions_for_needs(profile, [junk], semantic=[float("nan")])
    assert result.score == pytest.approx(sum(f.contribution for f in result.factors))


texts = st.text(max_size=80)
codes = st.sampled_from(["BR", "KE", "global", "br", "", "FR-75"])
keys = st.tuples(
    st.sampled_from(["hazard", "category", "sdg_target", "sdg_goal", "kpi"]),
    st.sampled_from(["floods", "mobility/parking", "11.2", "11", "heatwaves", ""]),
)
weights = st.floats(allow_nan=True, allow_infinity=True)
evidence = st.builds(
    Evidence,
    city_id=st.sampled_from(["a", "b", "c"]),
    city_name=texts,
    country=codes,
    population=st.none() | st.integers(-10, 10**8),
    confirmed=st.booleans(),
    status=st.sampled_from(["pilot", "deployed", "scaled", "?"]),
)
solutions = st.builds(
    SolutionDoc,
    id=st.text(min_size=1, max_size=5),
    title=texts,
    summary=texts,
    regions_served=st.lists(codes, max_size=3).map(tuple),
    languages=st.lists(st.sampled_from(["pt", "en", "ar"]), max_size=2).map(tuple),
    population_min=st.none() | st.integers(0, 10**7),
    population_max=st.none() | st.integers(0, 10**7),
    cost_level=st.sampled_from(["low", "medium", "high", ""]),
    maturity=st.none() | st.integers(-1, 12),
    cobenefits=st.dictionaries(st.text(max_size=5), weights, max_size=3),
    addresses=st.dictionaries(keys, weights, max_size=4),
    implementations=st.lists(evidence, max_size=3).map(tuple),
)
profiles = st.builds(
    NeedsProfile,
    city_id=st.sampled_from(["a", "b", "c", "d"]),
    country=codes,
    population=st.none() | st.integers(-1, 10**8),
    languages=st.lists(st.sampled_from(["pt", "en"]), max_size=2).map(tuple),
    budget_level=st.sampled_from(["low", "medium", "high", "", "?"]),
    items=st.dictionaries(keys, weights, max_size=4),
)


def check_ranked(results) -> None:
    keys_ = [(-round(r.score, 12), str(r.id)) for r in results]
    assert keys_ == sorted(keys_)
    for result in results:
        assert result.score == pytest.approx(sum(f.contribution for f in result.factors))
        assert -1e-9 <= result.score <= 1 + 1e-9


@settings(max_examples=40, deadline=None)
@given(profile=profiles, catalogue=st.lists(solutions, max_size=5), query=texts)
def test_ranking_never_raises_is_sorted_and_deterministic(profile, catalogue, query):
    challenge = ChallengeDoc("ch", profile, query, query, profile.items, profile.budget_level)
    for rank in (
        lambda: rank_solutions_for_needs(profile, catalogue, top=None),
        lambda: rank_solutions_for_challenge(challenge, catalogue, top=None),
        lambda: rank_cities_for_solutions(catalogue, [profile, SALVADOR], top=None),
        lambda: rank_peer_cities(profile, [SALVADOR, profile], catalogue, top=None),
    ):
        first = rank()
        check_ranked(first)
        assert rank() == first
    for solution in catalogue:
        check_ranked(rank_challenges_for_solution(solution, [challenge, FLOOD_CHALLENGE]))


@settings(max_examples=60, deadline=None)
@given(
    profile=profiles,
    catalogue=st.lists(solutions, max_size=8, unique_by=lambda solution: solution.id),
    query=texts,
    similarity=st.lists(st.floats(-1, 1), min_size=8, max_size=8),
    top=st.integers(1, 4),
)
def test_the_top_is_exactly_the_head_of_the_full_ranking(
    profile, catalogue, query, similarity, top
):
    # Scoring stops early once no candidate can reach the top; that must change nothing.
    challenge = ChallengeDoc("ch", profile, query, query, profile.items, profile.budget_level)
    with_text = Weights(lexical=0.1, semantic=0.1)
    for rank in (
        lambda top: rank_solutions_for_needs(profile, catalogue, top=top),
        lambda top: rank_solutions_for_challenge(challenge, catalogue, top=top),
        lambda top: rank_solutions_for_challenge(
            challenge, catalogue, top=top, weights=with_text, semantic=similarity
        ),
    ):
        assert rank(top) == rank(None)[:top]
