"""The learned re-ranking stage: pairwise logistic regression on the engine's explained signals.

A training example is a pair of candidates for the same needs where one was preferred (an
expert's judgment, or a member's interest against a decline). The model is linear in the
features (`P(a before b) = sigmoid(sum_i w_i * (a_i - b_i))`) with weights kept at zero or above.
The features are the engine's signals, with coverage split by kind of need (climate risks,
emission sectors, the rest), because how much a city cares for adaptation against mitigation is
what the experts' judgments say most clearly. Re-scoring a result keeps its factors and their
sentences: the coverage factor's contribution is the sum of its three weighted parts, every other
factor is `weight * signal`, so the factors still add up to the score. Pure numpy: no Django.

One model serves every direction whose results are solution-city pairs: a city's or a
challenge's solutions, a solution's open challenges, a company's cities. Text relevance
(lexical, semantic) is not learned: where the first stage weighs it (a challenge's text), its
factors keep their contributions and the learned weights share what is left.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

from cityhive.matching.engine.coverage import coverage, solution_strengths
from cityhive.matching.engine.model import (
    NEEDS_WEIGHTS,
    FacetKey,
    MatchResult,
    NeedsProfile,
    SolutionDoc,
    Weights,
)
from cityhive.matching.engine.rank import best_for_city
from cityhive.matching.engine.signals import weight_of

SIGNALS = tuple(f.name for f in fields(Weights))
# Coverage of each kind of need; needs of any other facet count in "coverage_other".
COVERAGE_PARTS = {"hazard": "coverage_risks", "emission_sector": "coverage_emissions"}
COVERAGE_OTHER = "coverage_other"
FEATURES = ("coverage_risks", "coverage_emissions", COVERAGE_OTHER, "fit", "evidence", "cobenefits")
# The first-stage signals the features stand for; the others (text relevance) keep their share.
LEARNED_SIGNALS = ("coverage", "fit", "evidence", "cobenefits")
# What a result was scored on: the needs (a city's profile or a challenge's) and the solution.
Scored = tuple[Mapping[FacetKey, float], SolutionDoc]


@dataclass(frozen=True)
class Reranker:
    """Learned coefficients per feature (log-odds of preferring a candidate per unit of it)."""

    coefficients: Mapping[str, float]
    pairs: int = 0

    def scaled(self) -> dict[str, float]:
        """The coefficients scaled to sum to 1 (the ranking does not change; scores stay 0..1)."""
        positive = {name: max(0.0, float(self.coefficients.get(name, 0.0))) for name in FEATURES}
        total = sum(positive.values())
        return {name: value / total for name, value in positive.items()} if total > 0 else {}


def prior_from(weights: Weights, scale: float = 3.0) -> dict[str, float]:
    """Hand-set fusion weights as a prior for training (each coverage part gets coverage's)."""
    prior = {name: scale * getattr(weights, name, 0.0) for name in FEATURES if name in SIGNALS}
    prior.update(
        dict.fromkeys([*COVERAGE_PARTS.values(), COVERAGE_OTHER], scale * weights.coverage)
    )
    return prior


DEFAULT_PRIOR = prior_from(NEEDS_WEIGHTS)


def coverage_parts(needs: Mapping[FacetKey, float], solution: SolutionDoc) -> dict[str, float]:
    """Coverage of the needs of each kind (0 for a kind the needs do not have)."""
    strengths = solution_strengths(solution)
    groups: dict[str, dict[FacetKey, float]] = {}
    for key, weight in needs.items():
        groups.setdefault(COVERAGE_PARTS.get(key[0], COVERAGE_OTHER), {})[key] = weight
    parts = dict.fromkeys([*COVERAGE_PARTS.values(), COVERAGE_OTHER], 0.0)
    for name, group in groups.items():
        parts[name] = coverage(group, {}, strengths).value
    return parts


def features(
    result: MatchResult, weights: Weights, needs: Mapping[FacetKey, float], solution: SolutionDoc
) -> dict[str, float]:
    """A first-stage result's features: its signals (contribution / weight) and coverage parts."""
    values = dict.fromkeys(FEATURES, 0.0)
    for factor in result.factors:
        weight = getattr(weights, factor.name, 0.0)
        if factor.name in values and weight > 0:
            values[factor.name] = factor.contribution / weight
    values.update(coverage_parts(needs, solution))
    return values


def kept_share(weights: Weights) -> float:
    """The share of a score the first stage gives the signals that are not learned (text)."""
    kept = sum(weight_of(weights, name) for name in SIGNALS if name not in LEARNED_SIGNALS)
    return min(1.0, kept)


def rescored(
    result: MatchResult,
    values: Mapping[str, float],
    model: Reranker,
    weights: Weights = NEEDS_WEIGHTS,
) -> MatchResult:
    """The result with the learned weights: same factors and sentences, new contributions; the
    text factors of a first stage ranked with `weights` keep theirs, and the learned weights
    share the rest of the score (the factors still add up to it, and it stays 0..1)."""
    learned = model.scaled()
    if not learned:
        return result
    left = 1.0 - kept_share(weights)
    coverage_share = left * sum(
        learned[name] * values[name] for name in (*COVERAGE_PARTS.values(), COVERAGE_OTHER)
    )
    factors = []
    for factor in result.factors:
        if factor.name == "coverage":
            factors.append(replace(factor, contribution=coverage_share))
        elif factor.name in learned:
            contribution = left * learned[factor.name] * values[factor.name]
            factors.append(replace(factor, contribution=contribution))
        elif factor.name not in LEARNED_SIGNALS:
            factors.append(factor)
    factors.sort(key=lambda factor: (-factor.contribution, factor.name))
    return replace(result, score=sum(f.contribution for f in factors), factors=factors)


def _best_first(results: list[MatchResult], top: int | None) -> list[MatchResult]:
    results.sort(key=lambda r: (-round(r.score, 12), str(r.id)))
    return results if top is None else results[: max(0, top)]


def rerank(
    results: Sequence[MatchResult],
    *,
    weights: Weights,
    needs: Mapping[FacetKey, float],
    solutions: Mapping[str, SolutionDoc],
    model: Reranker | None,
    top: int | None,
) -> list[MatchResult]:
    """Re-score a city's solutions (the first stage ranked them for `needs` with `weights`) with
    the learned model; best first, ties by id, cut to `top`. Without a model they are only cut."""
    scored = {key: (needs, doc) for key, doc in solutions.items()}
    return rerank_scored(results, weights=weights, scored=scored, model=model, top=top)


def rerank_scored(
    results: Sequence[MatchResult],
    *,
    weights: Weights,
    scored: Mapping[str, Scored],
    model: Reranker | None,
    top: int | None,
) -> list[MatchResult]:
    """Re-score solution-city results of any direction with the learned model: `scored` gives,
    per result id, the needs and the solution it was scored on (a challenge's solutions, a
    solution's challenges). Best first, ties by id, cut to `top`; without a model only cut."""
    if model is None or not model.scaled():
        return list(results) if top is None else list(results)[: max(0, top)]
    ordered = [
        rescored(r, features(r, weights, *scored[r.id]), model, weights)
        for r in results
        if r.id in scored
    ]
    return _best_first(ordered, top)


def rerank_cities(
    results: Sequence[MatchResult],
    *,
    weights: Weights,
    profiles: Mapping[str, NeedsProfile],
    solutions: Sequence[SolutionDoc],
    model: Reranker | None,
    top: int | None,
) -> list[MatchResult]:
    """Re-score a company's cities (ranked by `rank_cities_for_solutions`) with the learned
    model: each city through the company's solution that is best under the learned weights.

    Cities are ranked on needs without text (`weights.lexical` 0, as NEEDS_WEIGHTS): each
    solution's result for a city is then the first stage's own, whatever the other solutions.
    """
    if model is None or not model.scaled() or weight_of(weights, "lexical") > 0:
        return list(results) if top is None else list(results)[: max(0, top)]
    ordered = []
    for result in results:
        profile = profiles.get(str(result.id))
        if profile is None:
            continue
        options = []
        for solution in solutions:
            alone = best_for_city(profile, [solution], [0.0], 0.0, weights)
            if alone is not None:
                values = features(alone, weights, profile.items, solution)
                option = rescored(alone, values, model, weights)
                options.append((-round(option.score, 12), str(solution.id), option))
        if options:
            ordered.append(min(options, key=lambda item: item[:2])[2])
    return _best_first(ordered, top)


# --- training ------------------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # stable for large |z|


def _loss_and_gradient(w, diff, counts, prior, l2):
    margin = diff @ w
    loss = np.sum(counts * np.logaddexp(0.0, -margin)) + 0.5 * l2 * np.sum((w - prior) ** 2)
    gradient = -(diff.T @ (counts * _sigmoid(-margin))) + l2 * (w - prior)
    return loss, gradient


def pairwise_fit(
    preferred: Sequence[Sequence[float]],
    other: Sequence[Sequence[float]],
    *,
    names: Sequence[str] = FEATURES,
    prior: Mapping[str, float] | None = None,
    l2: float = 1.0,
    sample_weight: Sequence[float] | None = None,
    iterations: int = 500,
) -> Reranker:
    """Fit non-negative pairwise logistic weights: row k of `preferred` should rank above row k
    of `other` (columns in `names` order). The L2 penalty pulls towards `prior` (0 without), so
    a feature the pairs say nothing about keeps its prior weight.

    Projected gradient descent with a backtracking step: a handful of features and a few
    thousand pairs train in milliseconds.
    """
    diff = np.asarray(preferred, dtype=float).reshape(-1, len(names))
    diff = diff - np.asarray(other, dtype=float).reshape(-1, len(names))
    counts = np.ones(len(diff)) if sample_weight is None else np.asarray(sample_weight, float)
    start = np.array([max(0.0, (prior or {}).get(name, 0.0)) for name in names], dtype=float)
    w, step = start.copy(), 1.0
    loss, gradient = _loss_and_gradient(w, diff, counts, start, l2)
    for _ in range(iterations):
        while True:
            candidate = np.maximum(w - step * gradient, 0.0)
            moved = candidate - w
            new_loss, new_gradient = _loss_and_gradient(candidate, diff, counts, start, l2)
            if new_loss <= loss + gradient @ moved + moved @ moved / (2 * step) or step < 1e-12:
                break
            step /= 2
        if np.max(np.abs(moved), initial=0.0) < 1e-10:
            break
        w, loss, gradient = candidate, new_loss, new_gradient
        step *= 2
    return Reranker({n: float(v) for n, v in zip(names, w, strict=True)}, len(diff))
