"""The learned re-ranking stage: pairwise logistic regression on the engine's explained signals.

A training example is a pair of candidates for the same needs where one was preferred (an
expert's judgment, or a member's interest against a decline). The model is linear in the
features (`P(a before b) = sigmoid(sum_i w_i * (a_i - b_i))`) with weights kept at zero or above.
The features are the engine's signals, with coverage split by kind of need (climate risks,
emission sectors, the rest), because how much a city cares for adaptation against mitigation is
what the experts' judgments say most clearly. Re-scoring a result keeps its factors and their
sentences: the coverage factor's contribution is the sum of its three weighted parts, every other
factor is `weight * signal`, so the factors still add up to the score. Pure numpy: no Django.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

import numpy as np

from cityhive.matching.engine.coverage import coverage, solution_strengths
from cityhive.matching.engine.model import (
    NEEDS_WEIGHTS,
    FacetKey,
    MatchResult,
    SolutionDoc,
    Weights,
)

SIGNALS = tuple(f.name for f in fields(Weights))
# Coverage of each kind of need; needs of any other facet count in "coverage_other".
COVERAGE_PARTS = {"hazard": "coverage_risks", "emission_sector": "coverage_emissions"}
COVERAGE_OTHER = "coverage_other"
FEATURES = ("coverage_risks", "coverage_emissions", COVERAGE_OTHER, "fit", "evidence", "cobenefits")


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


def rescored(result: MatchResult, values: Mapping[str, float], model: Reranker) -> MatchResult:
    """The result with the learned weights: same factors and sentences, new contributions."""
    weights = model.scaled()
    if not weights:
        return result
    coverage_share = sum(
        weights[name] * values[name] for name in (*COVERAGE_PARTS.values(), COVERAGE_OTHER)
    )
    factors = []
    for factor in result.factors:
        if factor.name == "coverage":
            factors.append(replace(factor, contribution=coverage_share))
        elif factor.name in weights:
            factors.append(replace(factor, contribution=weights[factor.name] * values[factor.name]))
    factors.sort(key=lambda factor: (-factor.contribution, factor.name))
    return replace(result, score=sum(f.contribution for f in factors), factors=factors)


def rerank(
    results: Sequence[MatchResult],
    *,
    weights: Weights,
    needs: Mapping[FacetKey, float],
    solutions: Mapping[str, SolutionDoc],
    model: Reranker | None,
    top: int | None,
) -> list[MatchResult]:
    """Re-score the first stage's results (ranked with `weights`) with the learned model; best
    first, ties by id, cut to `top`. Without a model the results are only cut."""
    if model is None or not model.scaled():
        ordered = list(results)
    else:
        ordered = [
            rescored(r, features(r, weights, needs, solutions[r.id]), model)
            for r in results
            if r.id in solutions
        ]
        ordered.sort(key=lambda r: (-round(r.score, 12), str(r.id)))
    return ordered if top is None else ordered[: max(0, top)]


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
