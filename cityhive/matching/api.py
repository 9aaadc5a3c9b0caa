"""Matches over the API, in the exchange format's stable shape, best first."""

from typing import Annotated

from pydantic import Field

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.challenges.selectors import challenge_get_visible_to
from cityhive.core.api import Router
from cityhive.directory.selectors import organisation_get_visible_to
from cityhive.matching import schemas, selectors
from cityhive.matching.results import matches_json
from cityhive.solutions.selectors import solution_get_visible_to

router = Router(tags=["matching"])

# How many matches to answer with.
Top = Annotated[int, Field(ge=1, le=selectors.MAX_TOP)]


def _matches(request, subject_key: str, subject, select, top: int) -> dict:
    """The `select` selector's matches for `subject` (its `subject_key` argument), as JSON."""
    matches = select(actor=request.auth, top=top, **{subject_key: subject})
    return matches_json(subject_key=subject_key, subject=subject, matches=matches)


def _organisation_matches(request, slug: str, subject_key: str, select, top: int) -> dict:
    """Matches for the organisation at `slug`, once the actor is known to see it."""
    organisation = organisation_get_visible_to(actor=request.auth, slug=slug)
    return _matches(request, subject_key, organisation, select, top)


@router.get(
    "/organisations/{slug}/recommendations", response=schemas.CityRecommendations, auth=public_auth
)
def city_recommendations(request, slug: str, top: Top = 10):
    """Solutions recommended for a city from its needs profile (for those who may see it)"""
    return _organisation_matches(request, slug, "city", selectors.recommendations_for_city, top)


@router.get("/organisations/{slug}/peers", response=schemas.CityPeers, auth=public_auth)
def city_peers(request, slug: str, top: Top = 10):
    """Peer cities that solved the same needs (for those who may see the city's needs)"""
    return _organisation_matches(request, slug, "city", selectors.peer_cities, top)


@router.get("/organisations/{slug}/cities", response=schemas.CompanyCities, auth=token_auth)
def company_cities(request, slug: str, top: Top = 10):
    """Cities whose needs an organisation's solutions cover (among the profiles you may see)"""
    return _organisation_matches(request, slug, "company", selectors.cities_for_company, top)


@router.get(
    "/challenges/{challenge_id}/matches", response=schemas.ChallengeMatches, auth=public_auth
)
def challenge_matches(request, challenge_id: int, top: Top = 10):
    """Solutions matched to a challenge"""
    challenge = challenge_get_visible_to(actor=request.auth, challenge_id=challenge_id)
    return _matches(request, "challenge", challenge, selectors.matches_for_challenge, top)


@router.get(
    "/solutions/{solution_id}/opportunities",
    response=schemas.SolutionOpportunities,
    auth=public_auth,
)
def solution_opportunities(request, solution_id: int, top: Top = 10):
    """Open challenges a solution answers (among those you may see)"""
    solution = solution_get_visible_to(actor=request.auth, solution_id=solution_id)
    return _matches(request, "solution", solution, selectors.opportunities_for_solution, top)
