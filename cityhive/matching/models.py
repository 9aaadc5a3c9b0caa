"""What matching keeps in the database: the embedding of each challenge's text."""

from django.db import models


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
