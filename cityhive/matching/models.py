"""What matching keeps in the database: the embedding of each challenge's text, and what members
told it about their matches (feedback)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChallengeVector(models.Model):
    """A challenge's MiniLM embedding and the hash of the text it was computed from.

    Written by a background task after a challenge is saved, so that matching a challenge needs
    no encoding; a vector whose hash no longer matches the challenge's text is not used.
    """

    challenge = models.OneToOneField(
        "challenges.Challenge", on_delete=models.CASCADE, primary_key=True, related_name="vector"
    )
    text_sha256 = models.CharField(max_length=64)
    vector = models.BinaryField()  # float32, little-endian, 384 values

    def __str__(self) -> str:
        return f"vector of challenge {self.challenge_id}"


class FeedbackSignal(models.TextChoices):
    """What a member did with a match; matching learns from it and adjusts later matches."""

    INTEREST = "interest", _("Interest expressed")
    ACCEPTED = "accepted", _("Interest accepted")
    DECLINED = "declined", _("Declined")
    NOT_RELEVANT = "not_relevant", _("Not relevant")
    # Undoes an earlier "not relevant" or "declined" for the same match ("show again").
    RESTORED = "restored", _("Shown again")


class MatchFeedback(models.Model):
    """One member's signal about one match: `candidate` ranked for `subject`, for an organisation.

    Append-only: the latest row per (organisation, subject, candidate) is what the organisation's
    matches follow; every row is a training example for the re-ranker.
    """

    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="match_feedback"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="match_feedback",
    )
    subject_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    candidate_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    candidate_id = models.PositiveBigIntegerField()
    signal = models.CharField(max_length=16, choices=FeedbackSignal.choices)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "subject_type", "subject_id", "-created_at"],
                name="matchfeedback_org_subject",
            ),
            models.Index(fields=["candidate_type", "candidate_id"], name="matchfeedback_candidate"),
        ]

    def __str__(self) -> str:
        candidate = f"{self.candidate_type_id}:{self.candidate_id}"
        return f"{self.signal} on {candidate} for {self.subject_type_id}:{self.subject_id}"


class LearnedRanking(models.Model):
    """The re-ranker's weights last trained from feedback (one row per kind of match).

    Without a row the package's cold-start weights are used (`matching/data/rerank_weights.json`).
    """

    direction = models.CharField(max_length=32, unique=True)
    coefficients = models.JSONField()
    pairs = models.PositiveIntegerField(default=0)  # feedback pairs trained on
    trained_at = models.DateTimeField(default=timezone.now)
    seconds = models.FloatField(default=0.0)  # how long the training took

    def __str__(self) -> str:
        return f"{self.direction} ranking trained on {self.pairs} pairs"
