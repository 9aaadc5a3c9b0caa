"""What members do with their matches, passed to matching so their later matches learn from it."""

from cityhive.directory.models import Organisation
from cityhive.engagement.matches import owner_of
from cityhive.matching.feedback import match_feedback_record


def feedback_record(*, actor, organisation: Organisation, subject, candidate, signal: str) -> None:
    """Record `signal` for the organisation, seen from its side: the match was computed for its
    own item (a challenge, a solution, the organisation itself) and the other side's was the
    candidate."""
    if owner_of(candidate).pk == organisation.pk and owner_of(subject).pk != organisation.pk:
        subject, candidate = candidate, subject
    match_feedback_record(
        actor=actor, organisation=organisation, subject=subject, candidate=candidate, signal=signal
    )
