"""Match feedback: what members did with their matches, stored for their later matches and for
the re-ranker (see `cityhive.matching.rerank`).

Other apps (engagement: interest, accept, decline, "not relevant") call `match_feedback_record`
inside their own transaction; matching never imports them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext

from cityhive.core.errors import ValidationFailed
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.matching import permissions  # noqa: F401 (registers the rules)
from cityhive.matching.models import FeedbackSignal, MatchFeedback


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
