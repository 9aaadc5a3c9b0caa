"""Match feedback: what members did with their matches, stored for their later matches and for
the re-ranker (see `cityhive.matching.rerank`).

Other apps (engagement: interest, accept, decline, "not relevant") call `match_feedback_record`
inside their own transaction; matching never imports them.
"""

from dataclasses import dataclass, replace
from datetime import datetime

import rules
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from cityhive.core.errors import ValidationFailed
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.matching import permissions  # noqa: F401 (registers the rules)
from cityhive.matching.engine import Factor, MatchResult
from cityhive.matching.models import FeedbackSignal, MatchFeedback
from cityhive.matching.tasks import reranker_retrain_task
from cityhive.solutions.models import Solution


def _saved(value) -> bool:
    return isinstance(value, models.Model) and value.pk is not None


def _check(*, subject, candidate, signal: str) -> None:
    errors: dict[str, list[str]] = {}
    if signal not in FeedbackSignal.values:
        errors["signal"] = [gettext("Choose one of the known feedback signals.")]
    if not _saved(subject):
        errors["subject"] = [gettext("Give the saved item the match was made for.")]
    if not _saved(candidate):
        errors["candidate"] = [gettext("Give the saved item that was matched.")]
    if errors:
        raise ValidationFailed(errors)


def _key(*, organisation: Organisation, subject, candidate) -> dict:
    types = ContentType.objects.get_for_models(subject, candidate)
    return {
        "organisation": organisation,
        "subject_type": types[subject],
        "subject_id": subject.pk,
        "candidate_type": types[candidate],
        "candidate_id": candidate.pk,
    }


def match_feedback_record(
    *, actor, organisation: Organisation, subject, candidate, signal: str
) -> None:
    """Store a member's signal about `candidate` matched to `subject`, for their organisation.

    A signal equal to the latest one for the same match is not stored twice (double clicks,
    retried calls), so a repeated action does not count twice in training.
    """
    require(actor, "matching.record_feedback", organisation)
    _check(subject=subject, candidate=candidate, signal=signal)
    key = _key(organisation=organisation, subject=subject, candidate=candidate)
    with transaction.atomic():
        latest = (
            MatchFeedback.objects.select_for_update()
            .filter(**key)
            .order_by("-created_at", "-pk")
            .values_list("signal", flat=True)
            .first()
        )
        if latest != signal:
            MatchFeedback.objects.create(actor=actor, signal=signal, **key)
            # What the re-ranker learns from: solutions for needs, challenges for a solution.
            if isinstance(candidate, Solution) or isinstance(subject, Solution):
                transaction.on_commit(reranker_retrain_task.enqueue)


# --- what feedback does to an organisation's matches --------------------------------------------

HIDDEN = FeedbackSignal.NOT_RELEVANT
LOWERED = FeedbackSignal.DECLINED
LOWERED_SHARE = 0.5  # a declined match keeps half its score


@dataclass(frozen=True)
class Effect:
    """The latest feedback that changes how one candidate is shown: hidden or lowered."""

    signal: str
    at: datetime


def feedback_effects(*, actor, organisation: Organisation, subject, candidates: type) -> dict:
    """Candidate id -> Effect for the candidates of model `candidates` that the actor's
    organisation hid or declined for `subject` (latest signal counts; one query). Empty unless
    the actor is a member: the matches change for the organisation that gave the feedback."""
    # Members only, by the rule itself: a superuser's or the platform's own has_perm says yes
    # to everything, but their matches follow no organisation's feedback.
    if organisation is None or getattr(actor, "pk", None) is None:
        return {}
    if not rules.has_perm("matching.record_feedback", actor, organisation):
        return {}
    types = ContentType.objects.get_for_models(subject, candidates)
    rows = (
        MatchFeedback.objects.filter(
            organisation=organisation,
            subject_type=types[subject],
            subject_id=subject.pk,
            candidate_type=types[candidates],
        )
        .order_by("candidate_id", "-created_at", "-pk")
        .values_list("candidate_id", "signal", "created_at")
    )
    latest: dict[int, Effect] = {}
    for candidate_id, signal, at in rows:
        latest.setdefault(candidate_id, Effect(signal, at))
    return {c: effect for c, effect in latest.items() if effect.signal in (HIDDEN, LOWERED)}


def lowered(result: MatchResult, effect: Effect) -> MatchResult:
    """The result with a feedback factor that takes LOWERED_SHARE of its score away."""
    cut = -result.score * LOWERED_SHARE
    text = gettext(
        "Your organisation declined this match on %(date)s, so it is shown lower (half its score)."
    ) % {"date": date_format(timezone.localtime(effect.at), "DATE_FORMAT")}
    factors = [*result.factors, Factor("feedback", cut, text)]
    return replace(result, score=result.score + cut, factors=factors)
