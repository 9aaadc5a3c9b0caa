"""`cityhive recommend --city ID`: published solutions for a city's needs profile, as JSON."""

from cityhive.matching.management.commands._match_base import MatchCommand
from cityhive.matching.selectors import recommendations_for_city


class Command(MatchCommand):
    help = "Recommend solutions for a city (by exchange id) from its needs profile and context."
    subject_option = "city"
    subject_type = "organization"

    def rank(self, *, actor, subject, top):
        return recommendations_for_city(actor=actor, city=subject, top=top)
