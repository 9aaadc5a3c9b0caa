"""Matches in every direction a member needs, each limited to what the actor may see."""

from dataclasses import dataclass, replace

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext

from cityhive.challenges.models import Challenge
from cityhive.challenges.selectors import (
    challenge_list_open_visible_to,
    needs_city_list_visible_to,
)
from cityhive.core.actors import SystemActor
from cityhive.core.errors import ValidationFailed
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.directory.selectors import OrganisationFilters, organisation_list_visible_to
from cityhive.matching import documents, permissions  # noqa: F401 (registers the rules)
from cityhive.matching.candidates import candidate_solutions
from cityhive.matching.engine import (
    NEEDS_WEIGHTS,
    MatchResult,
    NeedsProfile,
    Weights,
    rank_challenges_for_solution,
    rank_cities_for_solutions,
    rank_peer_cities,
    rank_solutions_for_challenge,
    rank_solutions_for_needs,
)
from cityhive.matching.engine.rerank import rerank, rerank_cities, rerank_scored
from cityhive.matching.feedback import HIDDEN, Effect, feedback_effects, lowered
from cityhive.matching.rerank import reranker_current
from cityhive.matching.semantic import (
    challenge_query_vector,
    challenge_vectors,
    semantic_scores,
    solution_vector,
)
from cityhive.solutions.models import Solution, SolutionStatus
from cityhive.solutions.selectors import (
    solution_list_by_ids,
    solution_list_published,
    solution_list_summaries,
)
from cityhive.taxonomy.selectors import facet_labels

MAX_TOP = 100
DEFAULT_WEIGHTS = Weights()
# With embeddings, the text signal is shared between BM25 and semantic similarity.
SEMANTIC_WEIGHTS = Weights(lexical=0.10, semantic=0.10)


# The learned re-ranking stage re-orders the first stage's best RERANK_POOL (at least `top`), in
# every direction whose results pair a solution with a city's or a challenge's needs. A larger
# pool lets it bring up more, but the first stage then prunes fewer candidates: 30 made a city's
# top 10 of 325 actions about 2.4 times slower, 20 about 1.6 times (docs/benchmarks.md).
RERANK_POOL = 20


def _pool(wanted: int | None) -> int | None:
    """How many first-stage results the re-ranking stage re-orders to keep `wanted`."""
    return None if wanted is None else max(wanted, RERANK_POOL)


@dataclass(frozen=True)
class Match:
    """One ranked object (a solution, challenge or city) with the engine's score and reasons;
    `feedback` is the asking organisation's latest signal that changed it (hidden or lowered)."""

    item: object
    result: MatchResult
    feedback: str = ""


class Matches(list):
    """Matches, best first; `hidden` counts those the organisation marked not relevant (left
    out unless asked for: then they are in the list with their `feedback`)."""

    hidden: int = 0


def _engine_top(top: int | None, effects: dict) -> int | None:
    """How many results to ask of the engine so that `top` remain after feedback: every hidden
    or lowered candidate may take a place it then gives up."""
    return None if top is None else top + len(effects)


def _with_feedback(
    matches: list[Match], effects: dict[int, Effect], *, top: int | None, show_hidden: bool
) -> Matches:
    """Feedback applied: hidden ones left out (counted) or kept when asked, declined ones
    lowered with a factor saying why; re-ordered and cut to `top`."""
    shown = Matches()
    shown.hidden = sum(1 for effect in effects.values() if effect.signal == HIDDEN)
    for match in matches:
        effect = effects.get(match.item.pk)
        if effect is None:
            shown.append(match)
        elif effect.signal == HIDDEN:
            if show_hidden:
                shown.append(replace(match, feedback=effect.signal))
        else:
            shown.append(
                replace(match, result=lowered(match.result, effect), feedback=effect.signal)
            )
    shown.sort(key=lambda m: (-round(m.result.score, 12), str(m.result.id)))
    if top is not None:
        del shown[top:]
    return shown


def _top(top: int | None) -> int | None:
    if top is None:
        return None
    if not 1 <= top <= MAX_TOP:
        raise ValidationFailed(
            {"top": [gettext("Ask for between 1 and %(max)s results.") % {"max": MAX_TOP}]}
        )
    return top


def _published(solution: Solution) -> bool:
    return solution.status == SolutionStatus.PUBLISHED


def _owner(item) -> Organisation:
    """The organisation a ranked item belongs to: its hints are advice to its members."""
    if isinstance(item, Organisation):
        return item
    return item.provider if isinstance(item, Solution) else item.city


def _hints_for(actor, item, result: MatchResult) -> MatchResult:
    """The result, without its improvement hints unless the actor belongs to the item's owner."""
    # The rule itself, not the member's has_perm: a superuser who is not a member of the owner
    # must not read advice meant for that organisation's members.
    # The platform's operators (commands) read every hint; their actor belongs to no organisation.
    if (
        not result.improvements
        or isinstance(actor, SystemActor)
        or rules.has_perm("matching.view_hints", actor or AnonymousUser(), _owner(item))
    ):
        return result
    return replace(result, improvements=[])


def _may(actor, permission: str, obj) -> bool:
    return (actor or AnonymousUser()).has_perm(permission, obj)


def _with_items(results: list[MatchResult], queryset: QuerySet, *, actor, keep=None) -> list[Match]:
    """The results with their rows, by primary key, and hints only for the items' owners; `keep`
    drops rows (e.g. drafts) in Python: `status = ? AND id IN (...)` would lead SQLite through the
    whole status index."""
    items = queryset.in_bulk([int(result.id) for result in results])
    return [
        Match(item=items[int(r.id)], result=_hints_for(actor, items[int(r.id)], r))
        for r in results
        if int(r.id) in items and (keep is None or keep(items[int(r.id)]))
    ]


def _organisations(actor) -> QuerySet[Organisation]:
    """Organisation profiles (public) as the directory lists them."""
    return organisation_list_visible_to(actor=actor, filters=OrganisationFilters())


def _without_needs(profile: NeedsProfile, labels: dict) -> NeedsProfile:
    """A city's context (place, size, languages) without the needs the actor may not see; the
    labels name the challenge's own needs instead."""
    return replace(profile, items={}, labels=labels)


def _challenge_labels(challenges) -> dict:
    keys = {(a["facet"], str(a["value"])) for c in challenges for a in c.addresses}
    return facet_labels(keys) if keys else {}


def recommendations_for_city(
    *, actor, city: Organisation, top: int | None = 10, show_hidden: bool = False
) -> Matches:
    """Published solutions for a city's needs profile ("recommended for your city"), re-ranked
    by the learned stage, with the city's own feedback applied for its members."""
    require(actor, "challenges.view_needs", city)
    top = _top(top)
    effects = feedback_effects(actor=actor, organisation=city, subject=city, candidates=Solution)
    profile = documents.needs_profile(city)
    strongest = sorted(profile.items, key=lambda key: (-profile.items[key], key))
    # A profile is structured needs, no text: candidates come from the facets alone, and the
    # engine's needs weights give text relevance no weight (see NEEDS_WEIGHTS).
    solutions = candidate_solutions(keys=strongest)
    docs = documents.solution_docs(solutions)
    wanted = _engine_top(top, effects)
    first = rank_solutions_for_needs(profile, docs, top=_pool(wanted))
    results = rerank(
        first,
        weights=NEEDS_WEIGHTS,
        needs=profile.items,
        solutions={doc.id: doc for doc in docs},
        model=reranker_current(),
        top=wanted,
    )
    matches = _with_items(results, solution_list_summaries(), actor=actor, keep=_published)
    return _with_feedback(matches, effects, top=top, show_hidden=show_hidden)


def _semantic_args(semantic: list[float] | None) -> dict:
    """Engine arguments: semantic scores and their weights when the index answered."""
    return {} if semantic is None else {"semantic": semantic, "weights": SEMANTIC_WEIGHTS}


def matches_for_challenge(
    *, actor, challenge: Challenge, top: int | None = 10, show_hidden: bool = False
) -> Matches:
    """Published solutions for a challenge the actor may see (its city's feedback applied)."""
    require(actor, "challenges.view_challenge", challenge, hide=True)
    top = _top(top)
    effects = feedback_effects(
        actor=actor, organisation=challenge.city, subject=challenge, candidates=Solution
    )
    profile = documents.needs_profile(challenge.city)
    if not _may(actor, "challenges.view_needs", challenge.city):
        profile = _without_needs(profile, _challenge_labels([challenge]))
    doc = documents.challenge_doc(challenge, profile)
    keys = sorted(
        {*doc.addresses, *doc.city.items, *challenge.facet_tags.values_list("facet", "value")}
    )
    vector = challenge_query_vector(challenge)
    solutions = candidate_solutions(keys=keys, vector=vector)
    docs = documents.solution_docs(solutions)
    semantic = None
    if vector is not None:
        semantic = semantic_scores(vector=vector, solution_ids=[int(d.id) for d in docs])
    wanted = _engine_top(top, effects)
    first_stage = _semantic_args(semantic)
    first = rank_solutions_for_challenge(doc, docs, top=_pool(wanted), **first_stage)
    results = rerank_scored(
        first,
        weights=first_stage.get("weights", DEFAULT_WEIGHTS),
        scored={d.id: (doc.addresses, d) for d in docs},
        model=reranker_current(),
        top=wanted,
    )
    matches = _with_items(results, solution_list_summaries(), actor=actor, keep=_published)
    return _with_feedback(matches, effects, top=top, show_hidden=show_hidden)


def opportunities_for_solution(
    *, actor, solution: Solution, top: int | None = 10, show_hidden: bool = False
) -> Matches:
    """Open challenges, among those the actor may see, that a solution answers (its provider's
    feedback applied)."""
    require(actor, "solutions.view_solution", solution, hide=True)
    top = _top(top)
    effects = feedback_effects(
        actor=actor, organisation=solution.provider, subject=solution, candidates=Challenge
    )
    challenges = list(
        challenge_list_open_visible_to(actor=actor).select_related("city", "city__place")
    )
    profiles = _challenge_city_profiles(actor, challenges)
    docs = [documents.challenge_doc(c, profiles[str(c.city_id)]) for c in challenges]
    [doc] = documents.solution_docs(solution_list_by_ids(ids=[solution.pk]))
    semantic = _challenge_similarities(solution, challenges)
    wanted = _engine_top(top, effects)
    first_stage = _semantic_args(semantic)
    first = rank_challenges_for_solution(doc, docs, top=_pool(wanted), **first_stage)
    results = rerank_scored(
        first,
        weights=first_stage.get("weights", DEFAULT_WEIGHTS),
        scored={c.id: (c.addresses, doc) for c in docs},
        model=reranker_current(),
        top=wanted,
    )
    matches = _with_items(
        results, challenge_list_open_visible_to(actor=actor).select_related("city"), actor=actor
    )
    return _with_feedback(matches, effects, top=top, show_hidden=show_hidden)


def _challenge_city_profiles(actor, challenges: list[Challenge]) -> dict[str, NeedsProfile]:
    """The profiles of the challenges' cities by city id; a city whose needs profile the actor may
    not see keeps its context only, so its challenges are ranked without its needs."""
    city_ids = {c.city_id for c in challenges}
    shown = set(
        needs_city_list_visible_to(actor=actor).filter(pk__in=city_ids).values_list("pk", flat=True)
    )
    hidden = [c for c in challenges if c.city_id not in shown]
    labels = _challenge_labels(hidden)
    profiles = documents.needs_profiles(_organisations(actor).filter(pk__in=city_ids))
    return {
        p.city_id: p if int(p.city_id) in shown else _without_needs(p, labels) for p in profiles
    }


def _challenge_similarities(solution: Solution, challenges: list[Challenge]) -> list[float] | None:
    """Cosine of the solution's indexed vector with each challenge's stored one (0 while a
    challenge's vector is being computed); None when the solution is not in the index."""
    vector = solution_vector(solution.pk)
    if vector is None:
        return None
    stored = challenge_vectors(challenges)
    return [max(0.0, float(stored[c.pk] @ vector)) if c.pk in stored else 0.0 for c in challenges]


def cities_for_company(
    *, actor, company: Organisation, top: int | None = 10, show_hidden: bool = False
) -> Matches:
    """Cities whose needs a provider's published solutions cover, among the cities whose needs
    profile the actor may see (signed-in members; the company's feedback applied)."""
    require(actor, "matching.view_company_cities", company)
    top = _top(top)
    effects = feedback_effects(
        actor=actor, organisation=company, subject=company, candidates=Organisation
    )
    solutions = documents.solution_docs(solution_list_published().filter(provider=company))
    profiles = documents.needs_profiles(needs_city_list_visible_to(actor=actor))
    wanted = _engine_top(top, effects)
    first = rank_cities_for_solutions(solutions, profiles, top=_pool(wanted))
    results = rerank_cities(
        first,
        weights=NEEDS_WEIGHTS,
        profiles={p.city_id: p for p in profiles},
        solutions=solutions,
        model=reranker_current(),
        top=wanted,
    )
    matches = _with_items(results, _organisations(actor), actor=actor)
    return _with_feedback(matches, effects, top=top, show_hidden=show_hidden)


def peer_cities(
    *, actor, city: Organisation, top: int | None = 10, show_hidden: bool = False
) -> Matches:
    """Cities with the same needs that solved them with confirmed solutions, among the cities
    whose needs profile the actor may see (a peer's reasons name its needs; the city's feedback
    applied)."""
    require(actor, "challenges.view_needs", city)
    top = _top(top)
    effects = feedback_effects(
        actor=actor, organisation=city, subject=city, candidates=Organisation
    )
    peers = needs_city_list_visible_to(actor=actor).exclude(pk=city.pk)
    profiles = documents.needs_profiles(peers)
    solved = documents.solution_docs(
        solution_list_published().filter(implementations__confirmed_at__isnull=False).distinct()
    )
    profile = documents.needs_profile(city)
    results = rank_peer_cities(profile, profiles, solved, top=_engine_top(top, effects))
    matches = _with_items(results, _organisations(actor), actor=actor)
    return _with_feedback(matches, effects, top=top, show_hidden=show_hidden)
