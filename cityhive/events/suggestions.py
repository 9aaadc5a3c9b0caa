"""Meeting suggestions: the event's other participants ranked by the same explained factors as
matches (a city's needs against a company's solutions, similar needs for peer cities)."""

from dataclasses import dataclass

from cityhive.core.errors import DomainError
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.events.models import Registration, RegistrationStatus
from cityhive.matching.selectors import (
    MAX_TOP,
    Match,
    cities_for_company,
    peer_cities,
    recommendations_for_city,
)
from cityhive.matching.wording import factor_sentence


@dataclass(frozen=True)
class Suggestion:
    """Another participant worth meeting, with the match behind the suggestion."""

    registration: Registration
    score: float
    reasons: list[str]
    about: str  # what was matched: a solution's title or the organisation's name


def _best_by_organisation(matches: list[Match], owner) -> dict[int, Match]:
    best: dict[int, Match] = {}
    for match in matches:
        org_id = owner(match.item)
        if org_id not in best or match.result.score > best[org_id].result.score:
            best[org_id] = match
    return best


def _matches_for(actor, organisation: Organisation) -> dict[int, Match]:
    """Organisation id -> its best match for `organisation`, by the direction that fits its kind."""
    try:
        if organisation.kind == OrganisationKind.CITY:
            found = _best_by_organisation(
                recommendations_for_city(actor=actor, city=organisation, top=MAX_TOP),
                lambda solution: solution.provider_id,
            )
            peers = peer_cities(actor=actor, city=organisation, top=MAX_TOP)
            return {**_best_by_organisation(peers, lambda city: city.pk), **found}
        return _best_by_organisation(
            cities_for_company(actor=actor, company=organisation, top=MAX_TOP),
            lambda city: city.pk,
        )
    except DomainError:  # e.g. a needs profile the actor may not read: no suggestions from it
        return {}


# A suggestion needs something in common: a match whose every factor is empty is no reason to meet.
MIN_SCORE = 0.01


def meeting_suggestions(*, actor, registration: Registration, top: int = 10) -> list[Suggestion]:
    """The confirmed participants `registration` should meet first, best match first."""
    matches = {
        org_id: match
        for org_id, match in _matches_for(actor, registration.organisation).items()
        if match.result.score >= MIN_SCORE
    }
    others = (
        Registration.objects.filter(
            event_id=registration.event_id,
            status=RegistrationStatus.CONFIRMED,
            organisation_id__in=list(matches),
        )
        .exclude(organisation_id=registration.organisation_id)
        .select_related("user", "organisation")
    )
    suggestions = [
        Suggestion(
            registration=other,
            score=matches[other.organisation_id].result.score,
            reasons=[
                factor_sentence(f)
                for f in matches[other.organisation_id].result.factors
                if f.text and f.contribution > 0
            ],
            about=str(matches[other.organisation_id].item),
        )
        for other in others
    ]
    suggestions.sort(key=lambda s: (-s.score, s.registration.pk))
    return suggestions[:top]
