"""The learned re-ranking stage on the Django side: which weights the matches use, and retraining
them from stored feedback. Training and scoring themselves are pure (`engine.rerank`).

Where the weights come from: the latest `LearnedRanking` row, trained by the background task from
members' feedback, or else the cold-start weights the package ships
(`data/rerank_weights.json`, trained on experts' judgments of city actions: see
bench/rerank_eval.py). Retraining pulls towards those cold-start weights, so a few pieces of
feedback adjust them rather than replace them.

One set of weights serves every direction the selectors re-rank, and it learns from the feedback
of two of them: a city's or a challenge's members on solutions, and a provider's members on open
challenges for one of its solutions. Feedback on cities (a company's, a city's peers) is not
trained on: which of a company's solutions made a city's score is not recorded with it.
"""

import json
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cityhive.challenges.models import Challenge
from cityhive.challenges.selectors import challenge_list_by_ids
from cityhive.directory.models import Organisation
from cityhive.matching import documents
from cityhive.matching.engine import (
    NEEDS_WEIGHTS,
    NeedsProfile,
    Weights,
    rank_challenges_for_solution,
    rank_solutions_for_needs,
)
from cityhive.matching.engine.rerank import FEATURES, Reranker, features, pairwise_fit
from cityhive.matching.models import FeedbackSignal, LearnedRanking, MatchFeedback
from cityhive.solutions.models import Solution
from cityhive.solutions.selectors import solution_list_by_ids

DIRECTION = "needs"  # needs (a city's, a challenge's) against solutions, in every direction
# The weights a solution's open challenges are first ranked with (no semantic index in training).
FIRST_STAGE = Weights()
WEIGHTS_FILE = Path(__file__).resolve().parent / "data" / "rerank_weights.json"
L2 = 1.0
PREFERRED = {FeedbackSignal.INTEREST, FeedbackSignal.ACCEPTED}
REJECTED = {FeedbackSignal.DECLINED, FeedbackSignal.NOT_RELEVANT}
MAX_ROWS = (
    50_000  # the most recent feedback trained on: keeps a retrain small for a background task
)


@lru_cache(maxsize=1)
def cold_start() -> Reranker:
    """The shipped weights (trained on experts' pairwise judgments)."""
    body = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    return Reranker(body["coefficients"], body["pairs"])


def reranker_current() -> Reranker:
    """The weights today's matches use: the last retrain's, else the cold start's."""
    row = LearnedRanking.objects.filter(direction=DIRECTION).only("coefficients", "pairs").first()
    return Reranker(row.coefficients, row.pairs) if row else cold_start()


# --- training from feedback --------------------------------------------------------------------


@dataclass(frozen=True)
class Retrained:
    """What a retrain did: pairs used, seconds taken, and whether it stored new weights."""

    pairs: int
    seconds: float
    stored: bool


def _latest_signals(types: dict[type, int]) -> dict[tuple, dict[int, str]]:
    """Per (subject type id, subject id, organisation id): the latest signal per candidate, for
    solutions matched to a city or a challenge and open challenges matched to a solution."""
    rows = (
        MatchFeedback.objects.filter(
            Q(candidate_type=types[Solution])
            | Q(candidate_type=types[Challenge], subject_type=types[Solution])
        )
        .order_by("-created_at", "-pk")
        .values_list("subject_type_id", "subject_id", "organisation_id", "candidate_id", "signal")
    )
    groups: dict[tuple, dict[int, str]] = defaultdict(dict)
    for subject_type, subject_id, organisation_id, candidate, signal in rows[:MAX_ROWS]:
        groups[(subject_type, subject_id, organisation_id)].setdefault(candidate, signal)
    return groups


def _pairs(groups) -> list[tuple[tuple, int, int]]:
    """(group, preferred solution id, rejected solution id) within each subject's feedback."""
    found = []
    for key, latest in groups.items():
        liked = sorted(c for c, s in latest.items() if s in PREFERRED)
        disliked = sorted(c for c, s in latest.items() if s in REJECTED)
        found += [(key, a, b) for a, b in product(liked, disliked)]
    return found


def _needs_of(subject_types: dict[int, type], keys) -> dict[tuple, NeedsProfile]:
    """Each subject's needs profile: a city's own, or a challenge's needs in its city's context."""
    city_ids = {s for t, s, _ in keys if subject_types.get(t) is Organisation}
    challenge_ids = {s for t, s, _ in keys if subject_types.get(t) is Challenge}
    challenges = {c.pk: c for c in challenge_list_by_ids(ids=challenge_ids).select_related("city")}
    city_ids |= {c.city_id for c in challenges.values()}
    profiles = documents.needs_profiles(Organisation.objects.filter(pk__in=city_ids))
    by_city = {int(p.city_id): p for p in profiles}
    needs = {}
    for key in keys:
        kind, subject = subject_types.get(key[0]), key[1]
        if kind is Organisation and subject in by_city:
            needs[key] = by_city[subject]
        elif kind is Challenge and subject in challenges:
            challenge = challenges[subject]
            city = by_city.get(challenge.city_id)
            if city is not None:
                addresses = documents.challenge_doc(challenge, city).addresses
                needs[key] = replace(city, items=addresses or city.items)
    return needs


def _challenge_values(wanted: dict[int, set[int]]) -> dict[tuple, dict[str, float]]:
    """The features of open challenges matched to solutions, by (solution id, challenge id):
    each solution's first-stage factors against its own judged challenges, and coverage of each
    challenge's own needs. `wanted`: solution id -> the challenge ids judged for it."""
    ids = {c for found in wanted.values() for c in found}
    challenges = list(challenge_list_by_ids(ids=ids).select_related("city"))
    cities = Organisation.objects.filter(pk__in={c.city_id for c in challenges})
    by_city = {int(p.city_id): p for p in documents.needs_profiles(cities)}
    docs = {
        c.pk: documents.challenge_doc(c, by_city[c.city_id])
        for c in challenges
        if c.city_id in by_city
    }
    values = {}
    for solution in documents.solution_docs(solution_list_by_ids(ids=set(wanted))):
        mine = [docs[c] for c in sorted(wanted[int(solution.id)]) if c in docs]
        for result in rank_challenges_for_solution(solution, mine, top=None):
            needs = docs[int(result.id)].addresses
            found = features(result, FIRST_STAGE, needs, solution)
            values[(int(solution.id), int(result.id))] = found
    return values


def _challenge_feature_rows(pairs, solution_type: int) -> tuple[list, list]:
    """Features of (preferred, rejected) challenges within a solution's feedback."""
    mine = [(key, a, b) for key, a, b in pairs if key[0] == solution_type]
    wanted: dict[int, set[int]] = defaultdict(set)
    for key, a, b in mine:
        wanted[key[1]].update((a, b))
    values = _challenge_values(wanted) if wanted else {}
    preferred, rejected = [], []
    for key, a, b in mine:
        if (key[1], a) in values and (key[1], b) in values:
            preferred.append([values[(key[1], a)][n] for n in FEATURES])
            rejected.append([values[(key[1], b)][n] for n in FEATURES])
    return preferred, rejected


def _feature_rows(pairs, needs) -> tuple[list[list[float]], list[list[float]]]:
    """The engine's features of both sides of each pair of solutions (pairs without a profile are
    left out)."""
    ids = {i for _, a, b in pairs for i in (a, b)}
    docs = {int(d.id): d for d in documents.solution_docs(solution_list_by_ids(ids=ids))}
    values: dict[tuple, dict[int, dict]] = {}
    candidates: dict[tuple, set[int]] = defaultdict(set)
    for key, a, b in pairs:
        if key in needs:
            candidates[key].update(i for i in (a, b) if i in docs)
    for key, ids_of_key in candidates.items():
        profile = needs[key]
        mine = [docs[i] for i in sorted(ids_of_key)]
        results = rank_solutions_for_needs(profile, mine, top=None, weights=NEEDS_WEIGHTS)
        values[key] = {
            int(r.id): features(r, NEEDS_WEIGHTS, profile.items, docs[int(r.id)]) for r in results
        }
    preferred, rejected = [], []
    for key, a, b in pairs:
        found = values.get(key, {})
        if a in found and b in found:
            preferred.append([found[a][n] for n in FEATURES])
            rejected.append([found[b][n] for n in FEATURES])
    return preferred, rejected


def _seen_everything() -> bool:
    """Whether the stored weights were trained after the latest feedback."""
    trained = LearnedRanking.objects.filter(direction=DIRECTION).values_list(
        "trained_at", flat=True
    )
    latest = MatchFeedback.objects.order_by("-created_at").values_list("created_at", flat=True)
    trained_at, feedback_at = trained.first(), latest.first()
    return trained_at is not None and (feedback_at is None or feedback_at <= trained_at)


def reranker_retrain(*, only_if_new: bool = False) -> Retrained:
    """Train the re-ranker on the latest feedback, pulled towards the cold start; store it.

    Idempotent: the same feedback gives the same weights. Without any usable pair nothing is
    stored and the cold start (or the last weights) stays. With `only_if_new`, weights trained
    after the latest feedback are kept as they are.
    """
    started = time.perf_counter()
    if only_if_new and _seen_everything():
        return Retrained(0, time.perf_counter() - started, False)
    by_model = {
        model: content_type.pk
        for model, content_type in ContentType.objects.get_for_models(
            Organisation, Challenge, Solution
        ).items()
    }
    pairs = _pairs(_latest_signals(by_model))
    if not pairs:
        return Retrained(0, time.perf_counter() - started, False)
    types = {pk: model for model, pk in by_model.items()}
    needs = [(key, a, b) for key, a, b in pairs if types.get(key[0]) is not Solution]
    preferred, rejected = [], []
    if needs:
        preferred, rejected = _feature_rows(needs, _needs_of(types, {k for k, _, _ in needs}))
    more = _challenge_feature_rows(pairs, by_model[Solution])
    preferred, rejected = preferred + more[0], rejected + more[1]
    if not preferred:
        return Retrained(0, time.perf_counter() - started, False)
    model = pairwise_fit(preferred, rejected, prior=cold_start().coefficients, l2=L2)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        LearnedRanking.objects.update_or_create(
            direction=DIRECTION,
            defaults={
                "coefficients": model.coefficients,
                "pairs": model.pairs,
                "trained_at": timezone.now(),
                "seconds": seconds,
            },
        )
    return Retrained(model.pairs, seconds, True)
