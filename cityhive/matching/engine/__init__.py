"""Pure ranking of solutions, challenges and cities, no Django: dataclasses in, ranked out."""

from cityhive.matching.engine.model import (
    COST_LEVELS,
    NEEDS_WEIGHTS,
    TIMELINES,
    ChallengeDoc,
    Evidence,
    FacetKey,
    Factor,
    MatchResult,
    NeedsProfile,
    PeerWeights,
    SolutionDoc,
    Weights,
)
from cityhive.matching.engine.rank import (
    rank_challenges_for_solution,
    rank_cities_for_solutions,
    rank_peer_cities,
    rank_solutions_for_challenge,
    rank_solutions_for_needs,
)

__all__ = [
    "COST_LEVELS",
    "NEEDS_WEIGHTS",
    "TIMELINES",
    "ChallengeDoc",
    "Evidence",
    "FacetKey",
    "Factor",
    "MatchResult",
    "NeedsProfile",
    "PeerWeights",
    "SolutionDoc",
    "Weights",
    "rank_challenges_for_solution",
    "rank_cities_for_solutions",
    "rank_peer_cities",
    "rank_solutions_for_challenge",
    "rank_solutions_for_needs",
]
