"""Matches over the API, in the exchange format's stable shape, best first."""

from ninja import Router, Schema

from cityhive.accounts.auth import public_auth, token_auth
from cityhive.challenges.selectors import challenge_get_visible_to
from cityhive.directory.selectors import organisation_get_visible_to
from cityhive.matching import schemas, selectors
from cityhive.matching.results import matches_json
from cityhive.solutions.selectors import solution_get_visible_to

router = Router(tags=["matching"])


def _match_operation(path: str, response: type[Schema], summary: str, auth=public_auth):
    """Register a match operation; its function's name is its OpenAPI operation id."""

    def register(operation):
        get = router.get(
            path, response=response, auth=auth, operation_id=operation.__name__, summary=summary
        )
        return get(operation)

    return register


def _matches(request, subject_key: str, subject, select, top: int) -> dict:
    """The `select` selector's matches for `subject` (its `subject_key` argument), as JSON."""
    matches = select(actor=request.auth, top=top, **{subject_key: subject})
    return matches_json(subject_key=subject_key, subject=subject, matches=matches)


def _organisation_matches(request, slug: str, subject_key: str, select, top: int) -> dict:
    """Matches for the organisation at `slug`, once the actor is known to see it."""
    organisation = organisation_get_visible_to(actor=request.auth, slug=slug)
    return _matches(request, subject_key, organisation, select, top)


@_match_operation(
    "/organisations/{slug}/recommendations",
    schemas.CityRecommendations,
    "Solutions recommended for a city from its needs profile (for those who may see it)",
)
def city_recommendations(request, slug: str, top: int = 10):
    return _organisation_matches(request, slug, "city", selectors.recommendations_for_city, top)


@_match_operation(
    "/organisations/{slug}/peers",
    schemas.CityPeers,
    "Peer cities that solved the same needs (for those who may see the city's needs)",
)
def city_peers(request, slug: str, top: int = 10):
    return _organisation_matches(request, slug, "city", selectors.peer_cities, top)


@_match_operation(
    "/organisations/{slug}/cities",
    schemas.CompanyCities,
    "Cities whose needs an organisation's solutions cover (among the profiles you may see)",
    auth=token_auth,
)
def company_cities(request, slug: str, top: int = 10):
    return _organisation_matches(request, slug, "company", selectors.cities_for_company, top)


@_match_operation(
    "/challenges/{challenge_id}/matches",
    schemas.ChallengeMatches,
    "Solutions matched to a challenge",
)
def challenge_matches(request, challenge_id: int, top: int = 10):
    challenge = challenge_get_visible_to(actor=request.auth, challenge_id=challenge_id)
    return _matches(request, "challenge", challenge, selectors.matches_for_challenge, top)


@_match_operation(
    "/solutions/{solution_id}/opportunities",
    schemas.SolutionOpportunities,
    "Open challenges a solution answers (among those you may see)",
)
def solution_opportunities(request, solution_id: int, top: int = 10):
    solution = solution_get_visible_to(actor=request.auth, solution_id=solution_id)
    return _matches(request, "solution", solution, selectors.opportunities_for_solution, top)
