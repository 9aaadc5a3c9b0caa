"""What challenges announce (cityhive.core.events)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ChallengesChanged:
    """Challenges were created or edited (by a member or an import)."""

    challenge_ids: tuple[int, ...]
