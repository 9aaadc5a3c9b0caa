"""`cityhive match --challenge ID`: published solutions for a challenge, as JSON."""

from cityhive.matching.management.commands._match_base import MatchCommand
from cityhive.matching.selectors import matches_for_challenge


class Command(MatchCommand):
    help = "Match solutions to a challenge (by exchange id)."
    subject_option = "challenge"
    subject_type = "challenge"

    def rank(self, *, actor, subject, top):
        return matches_for_challenge(actor=actor, challenge=subject, top=top)
