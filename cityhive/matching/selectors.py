"""Matches in every direction a member needs, each limited to what the actor may see."""

from dataclasses import dataclass

from django.db.models import QuerySet

from cityhive.challenges.models import Challenge, ChallengeStatus
from cityhive.challenges.selectors import challenge_visibility_filter
from cityhive.core.errors import ValidationFailed
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.matching import documents
from cityhive.matching.candidates import candidate_solutions, published_solutions
from cityhive.matching.engine import (
    MatchResult,
    Weights,
    rank_challenges_for_solution,
    rank_cities_for_solutions,
    rank_peer_cities,
    rank_solutions_for_challenge,
    rank_solutions_for_needs,
)
from cityhive.matching.semantic import (
    challenge_query_vector,
    challenge_vectors,
    semantic_scores,
    solution_vector,
)
from cityhive.solutions.models import Solution, SolutionStatus

MAX_TOP = 100
# With embeddings, the text signal is shared between BM25 and semantic similarity.
SEMANTIC_WEIGHTS = Weights(lexical=0.10, semantic=0.10)


@dataclass(frozen=True)
class Match:
    """One ranked object (a solution, challenge or city) with the engine's score and reasons."""

    item: object
    result: MatchResult


def _top(top: int | None) -> int | None:
    if top is None:
        return None
    if not 1 <= top <= MAX_TOP:
        raise ValidationFailed({"top": [f"Ask for between 1 and {MAX_TOP} results."]})
    return top


def _solution_items() -> QuerySet[Solution]:
    """Solutions with what a list of matches shows of them (title, provider, ids, status)."""
    shown = ("title", "external_id", "status", "provider__name", "provider__slug")
    return Solution.objects.select_related("provider").only(*shown)


def _published(solution: Solution) -> bool:
    return solution.status == SolutionStatus.PUBLISHED


def _with_items(results: list[MatchResult], queryset: QuerySet, keep=None) -> list[Match]:
    """The results with their rows, by primary key; `keep` drops rows (e.g. drafts) in Python:
    `status = ? AND id IN (...)` would lead SQLite through the whole status index."""
    items = queryset.in_bulk([int(result.id) for result in results])
    return [
        Match(item=items[int(r.id)], result=r)
        for r in results
        if int(r.id) in items and (keep is None or keep(items[int(r.id)]))
    ]


def _open_challenges_for(actor) -> QuerySet[Challenge]:
    scope = challenge_visibility_filter(actor)
    challenges = Challenge.objects.filter(status=ChallengeStatus.OPEN)
    return challenges if scope is None else challenges.filter(scope)


def _cities_with_needs() -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        kind=OrganisationKind.CITY, need_items__isnull=False
    ).distinct()


def recommendations_for_city(*, actor, city: Organisation, top: int | None = 10) -> list[Match]:
    """Published solutions for a city's needs profile ("recommended for your city")."""
    require(actor, "challenges.view_needs", city)
    profile = documents.needs_profile(city)
    strongest = sorted(profile.items, key=lambda key: (-profile.items[key], key))
    # A profile is structured needs, no text: candidates come from the facets alone, and the
    # engine's needs weights give text relevance no weight (see NEEDS_WEIGHTS).
    solutions = candidate_solutions(keys=strongest)
    docs = documents.solution_docs(solutions)
    results = rank_solutions_for_needs(profile, docs, top=_top(top))
    return _with_items(results, _solution_items(), keep=_published)


def _semantic_args(semantic: list[float] | None) -> dict:
    """Engine arguments: semantic scores and their weights when the index answered."""
    return {} if semantic is None else {"semantic": semantic, "weights": SEMANTIC_WEIGHTS}


def matches_for_challenge(*, actor, challenge: Challenge, top: int | None = 10) -> list[Match]:
    """Published solutions for a challenge the actor may see."""
    require(actor, "challenges.view_challenge", challenge, hide=True)
    doc = documents.challenge_doc(challenge, documents.needs_profile(challenge.city))
    keys = sorted(
        {*doc.addresses, *doc.city.items, *challenge.facet_tags.values_list("facet", "value")}
    )
    vector = challenge_query_vector(challenge)
    solutions = candidate_solutions(keys=keys, vector=vector)
    docs = documents.solution_docs(solutions)
    semantic = None
    if vector is not None:
        semantic = semantic_scores(vector=vector, solution_ids=[int(d.id) for d in docs])
    results = rank_solutions_for_challenge(doc, docs, top=_top(top), **_semantic_args(semantic))
    return _with_items(results, _solution_items(), keep=_published)


def opportunities_for_solution(*, actor, solution: Solution, top: int | None = 10) -> list[Match]:
    """Open challenges, among those the actor may see, that a solution answers."""
    require(actor, "solutions.view_solution", solution, hide=True)
    challenges = list(_open_challenges_for(actor).select_related("city", "city__place"))
    profiles = {
        p.city_id: p
        for p in documents.needs_profiles(
            Organisation.objects.filter(pk__in={c.city_id for c in challenges})
        )
    }
    docs = [documents.challenge_doc(c, profiles[str(c.city_id)]) for c in challenges]
    [doc] = documents.solution_docs(Solution.objects.filter(pk=solution.pk))
    semantic = _challenge_similarities(solution, challenges)
    results = rank_challenges_for_solution(doc, docs, top=_top(top), **_semantic_args(semantic))
    return _with_items(results, _open_challenges_for(actor).select_related("city"))


def _challenge_similarities(solution: Solution, challenges: list[Challenge]) -> list[float] | None:
    """Cosine of the solution's indexed vector with each challenge's stored one (0 while a
    challenge's vector is being computed); None when the solution is not in the index."""
    vector = solution_vector(solution.pk)
    if vector is None:
        return None
    stored = challenge_vectors(challenges)
    return [max(0.0, float(stored[c.pk] @ vector)) if c.pk in stored else 0.0 for c in challenges]


def cities_for_company(*, actor, company: Organisation, top: int | None = 10) -> list[Match]:
    """Cities whose needs a provider's published solutions cover (for signed-in members)."""
    require(actor, "challenges.view_needs", company)
    solutions = documents.solution_docs(published_solutions().filter(provider=company))
    profiles = documents.needs_profiles(_cities_with_needs())
    results = rank_cities_for_solutions(solutions, profiles, top=_top(top))
    return _with_items(results, Organisation.objects.select_related("place"))


def peer_cities(*, actor, city: Organisation, top: int | None = 10) -> list[Match]:
    """Cities with the same needs that solved them with confirmed solutions."""
    require(actor, "challenges.view_needs", city)
    profiles = documents.needs_profiles(_cities_with_needs().exclude(pk=city.pk))
    solved = documents.solution_docs(
        published_solutions().filter(implementations__confirmed_at__isnull=False).distinct()
    )
    results = rank_peer_cities(documents.needs_profile(city), profiles, solved, top=_top(top))
    return _with_items(results, Organisation.objects.select_related("place"))
