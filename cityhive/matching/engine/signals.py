"""The signals of one solution-city pair, each 0..1 with a sentence, and their weighted fusion."""

from dataclasses import dataclass, field

from cityhive.matching.engine import evidence as evidence_module
from cityhive.matching.engine.coverage import (
    coverage,
    number,
    solution_strengths,
    unit,
)
from cityhive.matching.engine.fit import fit_checks
from cityhive.matching.engine.model import (
    FacetKey,
    Factor,
    MatchResult,
    NeedsProfile,
    PeerWeights,
    SolutionDoc,
    Weights,
)
from cityhive.matching.engine.reasons import Reason, reason, sentence

COBENEFIT_SCALE = 4.0  # positive co-benefit points that make the signal 1 (e.g. two at +2)

# What the owner of a result can add when a signal is zero for want of their data.
HINTS = {
    ("solution", "coverage"): "add the hazards, sectors and SDG targets your solution addresses",
    ("solution", "lexical"): "describe your solution in more detail (summary, description, tags)",
    ("solution", "evidence"): "add the cities where your solution is in use (implementations)",
    ("solution", "cobenefits"): "add your solution's co-benefits",
    ("solution", "region"): "add the regions you serve",
    ("solution", "languages"): "add the languages your solution is offered in",
    ("solution", "population"): "add the city sizes (population range) your solution suits",
    ("solution", "budget"): "add your solution's cost level",
    ("solution", "maturity"): "add your solution's maturity (TRL)",
    ("solution", "timeline"): "add how long your solution takes to deliver",
    ("profile", "coverage"): "add your needs (climate risks, KPI assessment, emissions)",
    ("challenge", "coverage"): "add the hazards, sectors and SDG targets your challenge addresses",
    ("challenge", "lexical"): "describe your challenge in more detail",
    ("city", "languages"): "add your city's languages",
    ("city", "population"): "add your city's population",
    ("city", "budget"): "add your budget",
    ("peer", "solved"): "confirm the implementations of solutions in use in your city",
    ("peer", "shared_needs"): "add your needs (climate risks, KPI assessment, emissions)",
}


@dataclass(frozen=True)
class Signal:
    """One normalised signal, its reasons (and their English sentence), and the data its owners
    could add."""

    name: str
    value: float
    text: str
    hints: tuple[tuple[str, str], ...] = ()  # (side, hint key)
    reasons: tuple[Reason, ...] = ()


def signal(name: str, value: float, reasons, hints: tuple = ()) -> Signal:
    """A signal whose English sentence is its reasons' (engine/reasons.py)."""
    reasons = tuple(reasons)
    return Signal(name, value, sentence(reasons), hints, reasons)


@dataclass(frozen=True)
class Pair:
    """What a solution is matched against: a city, the needs, the budget, who reads the text."""

    city: NeedsProfile
    needs: dict[FacetKey, float]
    budget_level: str = ""
    needs_side: str = "profile"  # profile | challenge
    labels: dict[FacetKey, str] = field(default_factory=dict)
    viewer: str = "city"  # city ("your highest climate risk") | provider ("its ...")
    subject: str = ""  # names the solution in texts when results are cities


def label(key: FacetKey, labels: dict[FacetKey, str]) -> str:
    """A need's display name: the caller's label, else one made from its code."""
    if key in labels:
        return labels[key]
    facet, value = key
    if facet == "sdg_goal":
        return f"SDG {value}"
    if facet == "sdg_target":
        return f"SDG target {value}"
    return value.replace("_", " ").replace("/", ": ")


def addresses_reason(key: FacetKey, weight: float, pair: Pair) -> Reason:
    """'[subject] addresses floods, your highest climate risk (0.92)'."""
    same_facet = [unit(w) for k, w in pair.needs.items() if k[0] == key[0]]
    return reason(
        "addresses",
        subject=pair.subject,
        need=label(key, pair.labels),
        facet=key[0],
        highest=weight >= max(same_facet),
        viewer=pair.viewer,
        weight=weight,
    )


def coverage_signal(solution: SolutionDoc, pair: Pair) -> Signal:
    """Weighted share of the needs the solution acts on."""
    strengths = solution_strengths(solution)
    if not any(unit(weight) for weight in pair.needs.values()):
        hints = ((pair.needs_side, "coverage"),)
        return signal("coverage", 0.0, [reason("no_needs_to_compare")], hints)
    if not strengths:
        hints = (("solution", "coverage"),)
        return signal("coverage", 0.0, [reason("lists_no_needs")], hints)
    result = coverage(pair.needs, {}, strengths)
    if not result.covered:
        return signal("coverage", 0.0, [reason("addresses_none")])
    first = result.covered[0]
    reasons = [addresses_reason(first.key, first.weight, pair)]
    if len(result.covered) > 1:
        second = result.covered[1]
        name = label(second.key, pair.labels)
        # The same name twice (e.g. the sector and the category) says which facet it is.
        facet = second.key[0] if name == label(first.key, pair.labels) else ""
        also = reason("also", need=name, facet=facet, weight=second.weight)
        reasons.append(also)
    return signal("coverage", result.value, reasons)


def fit_signal(solution: SolutionDoc, pair: Pair, owner: tuple[str, ...]) -> Signal:
    """Mean of the practical checks that apply (see fit.py); the owner's gaps count 0."""
    checks = fit_checks(solution, pair.city, pair.budget_level)
    counted = [check for check in checks if check.value is not None or check.missing in owner]
    hints = tuple((check.missing, check.name) for check in counted if check.value is None)
    if not solution.regions_served:
        hints += (("solution", "region"),)
    if not counted:
        return signal("fit", 0.0, [reason("no_practical_details")], hints)
    value = sum(check.value or 0.0 for check in counted) / len(counted)
    known = sorted((c for c in counted if c.value is not None), key=lambda c: (-c.value, c.name))
    reasons = [check.reason for check in known] or [reason("practical_details_missing")]
    return signal("fit", value, reasons, hints)


def evidence_signal(solution: SolutionDoc, pair: Pair) -> Signal:
    """Confirmed implementations, weighted by how alike their cities are."""
    found = evidence_module.supports(solution.implementations, pair.city)
    if found:
        value = evidence_module.combined(found)
        return signal("evidence", value, [evidence_module.evidence_reason(found)])
    waiting = [item.city_name or item.city_id for item in solution.implementations]
    if waiting:
        return signal("evidence", 0.0, [reason("awaiting_confirmation", cities=waiting[:2])])
    hints = (("solution", "evidence"),)
    return signal("evidence", 0.0, [reason("no_confirmed_implementations")], hints)


def cobenefit_signal(solution: SolutionDoc) -> Signal:
    """Positive co-benefits (air quality, health, ...), saturating at COBENEFIT_SCALE points."""
    values = {name: number(value) for name, value in solution.cobenefits.items()}
    positive = sorted(
        ((n, v) for n, v in values.items() if v > 0), key=lambda item: (-item[1], item[0])
    )
    if not values:
        hints = (("solution", "cobenefits"),)
        return signal("cobenefits", 0.0, [reason("no_cobenefits")], hints)
    if not positive:
        return signal("cobenefits", 0.0, [reason("no_positive_cobenefits")])
    total = sum(value for _, value in positive)
    named = reason("cobenefits", items=positive[:3])
    return signal("cobenefits", min(1.0, total / COBENEFIT_SCALE), [named])


def lexical_signal(value: float, words: list[str], empty_side: str = "") -> Signal:
    """BM25 relevance normalised to the best candidate, with the words that matched."""
    if not words:
        hints = ((empty_side, "lexical"),) if empty_side else ()
        return signal("lexical", 0.0, [reason("no_words")], hints)
    return signal("lexical", unit(value), [reason("mentions", words=list(words))])


def unexplained_lexical(value: float) -> Signal:
    """The lexical signal's value alone, for candidates whose explanation nobody will read."""
    return Signal("lexical", unit(value), "")


def semantic_signal(value: float) -> Signal:
    """Embedding similarity computed by the caller, clipped to 0..1."""
    return signal("semantic", unit(value), [reason("similar_meaning", value=unit(value))])


def weight_of(weights: Weights | PeerWeights, name: str) -> float:
    """A signal's weight as the fusion counts it (junk and negatives count 0)."""
    return max(0.0, number(getattr(weights, name, 0.0)))


def contributions(signals: list[Signal], weights: Weights | PeerWeights) -> list[tuple]:
    """(contribution, name, signal) of each weighted signal, largest contribution first."""
    found = []
    for signal in signals:
        weight = weight_of(weights, signal.name)
        if weight > 0:
            found.append((weight * signal.value, signal.name, signal))
    found.sort(key=lambda item: (-item[0], item[1]))
    return found


def fused_score(signals: list[Signal], weights: Weights | PeerWeights) -> float:
    """The score `fuse` gives these signals (same terms, same order), without the explanation."""
    return sum(contribution for contribution, _, _ in contributions(signals, weights))


def fuse(
    item_id: str, signals: list[Signal], weights: Weights | PeerWeights, owner: tuple[str, ...]
) -> MatchResult:
    """Weighted sum of the signals; each factor's contribution is weight * value."""
    factors = [
        Factor(name, value, signal.text, signal.reasons)
        for value, name, signal in contributions(signals, weights)
    ]
    improvements = [
        HINTS[hint]
        for signal in signals
        for hint in signal.hints
        if hint[0] in owner and hint in HINTS
    ]
    score = sum(factor.contribution for factor in factors)
    return MatchResult(item_id, score, factors, list(dict.fromkeys(improvements)))
