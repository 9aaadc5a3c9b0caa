"""Matches over the API, in the exchange format's stable shape, best first."""

from ninja import Router

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.challenges.selectors import challenge_get_visible_to
from cityhive.directory.selectors import organisation_get_visible_to
from cityhive.matching import schemas, selectors
from cityhive.matching.results import matches_json
from cityhive.solutions.selectors import solution_get_visible_to

router = Router(tags=["matching"])


@router.get(
    "/organisations/{slug}/recommendations",
    response=schemas.CityRecommendations,
    auth=public_auth,
    operation_id="city_recommendations",
    summary="Solutions recommended for a city from its needs profile (for those who may see it)",
)
def city_recommendations(request, slug: str, top: int = 10):
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    matches = selectors.recommendations_for_city(actor=request.auth, city=city, top=top)
    return matches_json(subject_key="city", subject=city, matches=matches)


@router.get(
    "/organisations/{slug}/peers",
    response=schemas.CityPeers,
    auth=public_auth,
    operation_id="city_peers",
    summary="Peer cities that solved the same needs (for those who may see the city's needs)",
)
def city_peers(request, slug: str, top: int = 10):
    city = organisation_get_visible_to(actor=request.auth, slug=slug)
    matches = selectors.peer_cities(actor=request.auth, city=city, top=top)
    return matches_json(subject_key="city", subject=city, matches=matches)


@router.get(
    "/organisations/{slug}/cities",
    response=schemas.CompanyCities,
    auth=token_auth,
    operation_id="company_cities",
    summary="Cities whose needs an organisation's solutions cover (among the profiles you may see)",
)
def company_cities(request, slug: str, top: int = 10):
    company = organisation_get_visible_to(actor=request.auth, slug=slug)
    matches = selectors.cities_for_company(actor=request.auth, company=company, top=top)
    return matches_json(subject_key="company", subject=company, matches=matches)


@router.get(
    "/challenges/{challenge_id}/matches",
    response=schemas.ChallengeMatches,
    auth=public_auth,
    operation_id="challenge_matches",
    summary="Solutions matched to a challenge",
)
def challenge_matches(request, challenge_id: int, top: int = 10):
    challenge = challenge_get_visible_to(actor=request.auth, challenge_id=challenge_id)
    matches = selectors.matches_for_challenge(actor=request.auth, challenge=challenge, top=top)
    return matches_json(subject_key="challenge", subject=challenge, matches=matches)


@router.get(
    "/solutions/{solution_id}/opportunities",
    response=schemas.SolutionOpportunities,
    auth=public_auth,
    operation_id="solution_opportunities",
    summary="Open challenges a solution answers (among those you may see)",
)
def solution_opportunities(request, solution_id: int, top: int = 10):
    solution = solution_get_visible_to(actor=request.auth, solution_id=solution_id)
    matches = selectors.opportunities_for_solution(actor=request.auth, solution=solution, top=top)
    return matches_json(subject_key="solution", subject=solution, matches=matches)
