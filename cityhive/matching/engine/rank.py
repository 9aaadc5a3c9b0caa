"""The ranking functions: dataclasses in, ranked MatchResults out (score desc, then id asc).

Every function takes `top` (None for all, 0 or less for none) and `weights`; those ranking
solutions or challenges take `semantic`, an optional per-candidate similarity (0..1, same order as
the candidates passed in) computed outside the engine, e.g. from embeddings. Candidates that
fail the region filter are left out; visibility and status are filtered by the caller.
"""

import bisect
import math
from collections.abc import Callable, Sequence
from dataclasses import fields
from functools import partial

from cityhive.matching.engine.coverage import (
    coverage,
    solution_facets,
    solution_strengths,
    unit,
)
from cityhive.matching.engine.evidence import city_similarity
from cityhive.matching.engine.fit import serves
from cityhive.matching.engine.lexical import LexicalIndex, normalised
from cityhive.matching.engine.model import (
    NEEDS_WEIGHTS,
    ChallengeDoc,
    FacetKey,
    MatchResult,
    NeedsProfile,
    PeerWeights,
    SolutionDoc,
    Weights,
)
from cityhive.matching.engine.reasons import reason
from cityhive.matching.engine.signals import (
    Pair,
    Signal,
    cobenefit_signal,
    coverage_signal,
    evidence_signal,
    fit_signal,
    fuse,
    fused_score,
    label,
    lexical_signal,
    semantic_signal,
    signal,
    unexplained_lexical,
    weight_of,
)
from cityhive.text.analysis import matching_words, terms

DEFAULT_WEIGHTS = Weights()
DEFAULT_PEER_WEIGHTS = PeerWeights()
Semantic = Sequence[float] | None


def ranked(results: list[MatchResult], top: int | None) -> list[MatchResult]:
    """Best first, ties by id; cut to `top`."""
    ordered = sorted(results, key=lambda result: (-round(result.score, 12), str(result.id)))
    return ordered if top is None else ordered[: max(0, top)]


def semantic_at(semantic: Semantic, position: int) -> float | None:
    """The caller's semantic score for a candidate: None without scores, 0 when one is missing."""
    if semantic is None:
        return None
    return unit(semantic[position]) if position < len(semantic) else 0.0


def need_scores(index: LexicalIndex, needs: dict[FacetKey, float], labels) -> list[float]:
    """BM25 of each need's label, weighted by the need, summed per document."""
    totals = [0.0] * index.size
    for key, weight in sorted(needs.items()):
        if unit(weight):
            for position, score in enumerate(index.scores(label(key, labels))):
                totals[position] += unit(weight) * score
    return totals


def need_terms(needs: dict[FacetKey, float], labels) -> set[str]:
    """The terms of the labels of the needs that have weight."""
    return {
        term for key, weight in needs.items() if unit(weight) for term in terms(label(key, labels))
    }


def pair_result(
    solution: SolutionDoc,
    pair: Pair,
    *,
    result_id: str,
    lexical: tuple[float, set[str], str],
    semantic: float | None,
    weights: Weights,
    owner: tuple[str, ...],
    explain: bool = True,
) -> MatchResult:
    """Score one solution-city pair; `lexical` is (normalised BM25, query terms, result text).

    Without `explain` only the score is computed (the factors and their sentences, above all the
    words that matched, are most of a match's cost); the score is the same either way.
    """
    value, wanted, result_text = lexical
    words = matching_words(result_text, wanted) if value > 0 and explain else []
    empty_side = owner[0] if not terms(result_text) else ""
    signals = [
        lexical_signal(value, words, empty_side) if explain else unexplained_lexical(value),
        coverage_signal(solution, pair),
        fit_signal(solution, pair, owner),
        evidence_signal(solution, pair),
        cobenefit_signal(solution),
    ]
    if semantic is not None:
        signals.append(semantic_signal(semantic))
    if not explain:
        return MatchResult(result_id, fused_score(signals, weights), [])
    return fuse(result_id, signals, weights, owner)


def solutions_for(
    pair: Pair,
    solutions: Sequence[SolutionDoc],
    query: Callable[[LexicalIndex], list[float]],
    wanted: set[str],
    *,
    top: int | None,
    weights: Weights,
    semantic: Semantic,
    backend: str,
) -> list[MatchResult]:
    """Rank the solutions serving the pair's city; `query` gives raw BM25 from their index."""
    candidates = [(i, s) for i, s in enumerate(solutions or ()) if serves(s, pair.city)]
    if weights.lexical > 0:
        index = LexicalIndex([solution.text for _, solution in candidates], backend)
        lexical = normalised(query(index))
    else:  # not counted: skip the index
        lexical = [0.0] * len(candidates)

    def result(k: int, explain: bool) -> MatchResult:
        i, solution = candidates[k]
        return pair_result(
            solution,
            pair,
            result_id=solution.id,
            lexical=(lexical[k], wanted, solution.text),
            semantic=semantic_at(semantic, i),
            weights=weights,
            owner=("solution",),
            explain=explain,
        )

    def leading(k: int) -> float:
        i, solution = candidates[k]
        return leading_score(weights, solution, pair, lexical[k], semantic_at(semantic, i))

    return explained_top(len(candidates), result, top, leading, trailing_weight(weights))


# Signals that are cheap to compute for every candidate; the others (fit, evidence, co-benefits)
# only matter when they could lift a candidate into the top (see explained_top).
LEADING_SIGNALS = ("coverage", "lexical", "semantic")
BOUND_MARGIN = 1e-9  # far above float rounding, far below the 1e-12 at which scores tie


def leading_score(
    weights: Weights, solution: SolutionDoc, pair: Pair, lexical: float, semantic: float | None
) -> float:
    """The weighted sum of the leading signals alone (a lower bound of the full score)."""
    value = (
        weight_of(weights, "coverage")
        * coverage(pair.needs, {}, solution_strengths(solution)).value
    )
    value += weight_of(weights, "lexical") * unexplained_lexical(lexical).value
    if semantic is not None:
        value += weight_of(weights, "semantic") * semantic_signal(semantic).value
    return value


def trailing_weight(weights: Weights) -> float:
    """The most the other signals (each 0..1) can add to a score."""
    names = (signal.name for signal in fields(weights))
    return sum(weight_of(weights, name) for name in names if name not in LEADING_SIGNALS)


def _rank_key(item: tuple[MatchResult, int]) -> tuple[float, str]:
    return (-round(item[0].score, 12), str(item[0].id))


def explained_top(
    count: int,
    result: Callable[[int, bool], MatchResult],
    top: int | None,
    leading: Callable[[int], float] | None = None,
    trailing: float = 0.0,
) -> list[MatchResult]:
    """Score the `count` candidates (result(k, explain)), then explain only the top ones.

    With `leading` (a lower bound of candidate k's score that misses it by at most `trailing`),
    candidates are scored best bound first, and scoring stops once no remaining candidate could
    reach the top: the results are exactly those of scoring everything.
    """
    if top is None:
        return ranked([result(k, True) for k in range(count)], None)
    if top <= 0:
        return []
    order = range(count)
    bounds = None
    if leading is not None:
        bounds = [leading(k) for k in range(count)]
        order = sorted(range(count), key=lambda k: (-bounds[k], k))
    scored: list[tuple[MatchResult, int]] = []  # kept in ranking order, at most `top` long
    floor = -math.inf
    for k in order:
        if bounds is not None and bounds[k] + trailing < floor - BOUND_MARGIN:
            break
        # Inserting in order (not sorting the list per candidate) keeps a larger `top` cheap.
        bisect.insort(scored, (result(k, False), k), key=_rank_key)
        if len(scored) > top:
            scored.pop()
        if len(scored) >= top:
            floor = scored[-1][0].score
    best = ranked([item for item, _ in scored], top)
    position = {id(item): k for item, k in scored}
    return [result(position[id(item)], True) for item in best]


def challenge_pair(challenge: ChallengeDoc, viewer: str = "city") -> Pair:
    """A challenge's city and needs, with its own budget or else its city's."""
    city = challenge.city
    budget = challenge.budget_level or city.budget_level
    return Pair(city, challenge.addresses, budget, "challenge", city.labels, viewer)


def rank_solutions_for_needs(
    profile: NeedsProfile,
    solutions: Sequence[SolutionDoc],
    *,
    top: int | None = 10,
    weights: Weights = NEEDS_WEIGHTS,
    semantic: Semantic = None,
    backend: str = "auto",
) -> list[MatchResult]:
    """Solutions for a city, from its weighted needs profile and context."""
    pair = Pair(profile, profile.items, profile.budget_level, "profile", profile.labels)
    query = partial(need_scores, needs=profile.items, labels=profile.labels)
    wanted = need_terms(profile.items, profile.labels)
    return solutions_for(
        pair, solutions, query, wanted, top=top, weights=weights, semantic=semantic, backend=backend
    )


def rank_solutions_for_challenge(
    challenge: ChallengeDoc,
    solutions: Sequence[SolutionDoc],
    *,
    top: int | None = 10,
    weights: Weights = DEFAULT_WEIGHTS,
    semantic: Semantic = None,
    backend: str = "auto",
) -> list[MatchResult]:
    """Solutions for a challenge: its text, the needs it addresses, its budget and city."""
    pair = challenge_pair(challenge)
    query = partial(LexicalIndex.scores, query=challenge.query_text)
    wanted = set(terms(challenge.query_text))
    return solutions_for(
        pair, solutions, query, wanted, top=top, weights=weights, semantic=semantic, backend=backend
    )


def rank_challenges_for_solution(
    solution: SolutionDoc,
    challenges: Sequence[ChallengeDoc],
    *,
    top: int | None = 10,
    weights: Weights = DEFAULT_WEIGHTS,
    semantic: Semantic = None,
    backend: str = "auto",
) -> list[MatchResult]:
    """Open challenges a solution answers, for its provider."""
    candidates = [(i, c) for i, c in enumerate(challenges or ()) if serves(solution, c.city)]
    index = LexicalIndex([challenge.query_text for _, challenge in candidates], backend)
    lexical = normalised(index.scores(solution.text))
    wanted = set(terms(solution.text))

    def result(k: int, explain: bool) -> MatchResult:
        i, challenge = candidates[k]
        return pair_result(
            solution,
            challenge_pair(challenge, viewer="provider"),
            result_id=challenge.id,
            lexical=(lexical[k], wanted, challenge.query_text),
            semantic=semantic_at(semantic, i),
            weights=weights,
            owner=("challenge", "city"),
            explain=explain,
        )

    return explained_top(len(candidates), result, top)


def best_for_city(
    profile: NeedsProfile,
    solutions: list[SolutionDoc],
    raw_lexical: list[float],
    best_lexical: float,
    weights: Weights,
) -> MatchResult | None:
    """A city's result through the company's solution that suits it best."""
    wanted = need_terms(profile.items, profile.labels)
    scored = []
    for solution, raw in zip(solutions, raw_lexical, strict=True):
        if serves(solution, profile):
            pair = Pair(
                profile,
                profile.items,
                profile.budget_level,
                labels=profile.labels,
                viewer="provider",
                subject=solution.title or solution.id,
            )
            value = raw / best_lexical if best_lexical > 0 else 0.0
            result = pair_result(
                solution,
                pair,
                result_id=profile.city_id,
                lexical=(value, wanted, solution.text),
                semantic=None,
                weights=weights,
                owner=("profile", "city"),
            )
            scored.append((-round(result.score, 12), str(solution.id), result))
    return min(scored, key=lambda item: item[:2])[2] if scored else None


def rank_cities_for_solutions(
    solutions: Sequence[SolutionDoc],
    profiles: Sequence[NeedsProfile],
    *,
    top: int | None = 10,
    weights: Weights = NEEDS_WEIGHTS,
    backend: str = "auto",
) -> list[MatchResult]:
    """Cities whose needs a company's solutions cover, each through its best-suited solution."""
    solutions = list(solutions or ())
    index = LexicalIndex([solution.text for solution in solutions], backend)
    raw = {p.city_id: need_scores(index, p.items, p.labels) for p in profiles or ()}
    best = max((value for values in raw.values() for value in values), default=0.0)
    results = [best_for_city(p, solutions, raw[p.city_id], best, weights) for p in profiles or ()]
    return ranked([result for result in results if result is not None], top)


def confirmed_solutions_by_city(solutions: Sequence[SolutionDoc]) -> dict[str, list[SolutionDoc]]:
    """Per city id, the solutions with a confirmed implementation there."""
    found: dict[str, list[SolutionDoc]] = {}
    for solution in solutions or ():
        for item in solution.implementations:
            if item.confirmed and solution not in found.get(item.city_id, []):
                found.setdefault(item.city_id, []).append(solution)
    return found


def solved_signal(profile: NeedsProfile, used: list[SolutionDoc]) -> Signal:
    """How much of this city's needs the peer has met with confirmed solutions."""
    facets: dict[FacetKey, float] = {}
    for solution in used:
        for key, strength in solution_facets(solution).items():
            facets[key] = max(facets.get(key, 0.0), strength)
    result = coverage(profile.items, facets)
    if not used:
        return signal("solved", 0.0, [reason("no_confirmed_solutions")], (("peer", "solved"),))
    if not result.covered:
        return signal("solved", 0.0, [reason("solved_other_needs")])
    needs = [label(item.key, profile.labels) for item in result.covered[:2]]
    names = sorted(solution.title or solution.id for solution in used)[:2]
    return signal("solved", result.value, [reason("solved", needs=needs, solutions=names)])


def shared_needs_signal(profile: NeedsProfile, peer: NeedsProfile) -> Signal:
    """Weighted Jaccard overlap of the two needs profiles."""
    keys = sorted(set(profile.items) | set(peer.items))
    mine = {key: unit(profile.items.get(key, 0.0)) for key in keys}
    theirs = {key: unit(peer.items.get(key, 0.0)) for key in keys}
    union = sum(max(mine[key], theirs[key]) for key in keys)
    if not union or not any(theirs.values()):
        hints = (("peer", "shared_needs"),)
        return signal("shared_needs", 0.0, [reason("no_shared_needs_to_compare")], hints)
    both = sorted(
        (k for k in keys if mine[k] and theirs[k]), key=lambda k: (-min(mine[k], theirs[k]), k)
    )
    value = sum(min(mine[key], theirs[key]) for key in keys) / union
    found = (
        reason("shares_needs", needs=[label(k, profile.labels) for k in both[:3]])
        if both
        else reason("different_needs")
    )
    return signal("shared_needs", value, [found])


def rank_peer_cities(
    profile: NeedsProfile,
    profiles: Sequence[NeedsProfile],
    solutions: Sequence[SolutionDoc] = (),
    *,
    top: int | None = 10,
    weights: PeerWeights = DEFAULT_PEER_WEIGHTS,
) -> list[MatchResult]:
    """Cities that solved the same needs with confirmed solutions, and are alike."""
    used_by = confirmed_solutions_by_city(solutions)
    results = []
    for peer in profiles or ():
        if peer.city_id == profile.city_id:
            continue
        similarity = city_similarity(peer, profile)
        signals = [
            solved_signal(profile, used_by.get(peer.city_id, [])),
            signal(
                "similarity",
                similarity.value,
                [
                    reason("similar_city", traits=list(similarity.traits))
                    if similarity.traits
                    else reason("different_city")
                ],
            ),
            shared_needs_signal(profile, peer),
        ]
        results.append(fuse(peer.city_id, signals, weights, ("peer",)))
    return ranked(results, top)
