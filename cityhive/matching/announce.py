"""New matches announced to the organisations they concern: each organisation's top matches
are computed as one of its members would see them, and those at or above its threshold are
notified once (`notifications.services.new_matches_notify` keys each match, so a second run
sends nothing it sent before).

What an organisation is matched on:
- a city: the solutions recommended for its needs profile, and for each of its open
  challenges the solutions that answer it;
- a company: the cities its published solutions suit, and for each published solution the
  open challenges it answers.
"""

from django.db import transaction
from django.urls import reverse
from django_tasks import task

from cityhive.challenges.models import ChallengeStatus
from cityhive.challenges.selectors import challenge_list_all, need_item_list_for_cities
from cityhive.directory.models import Membership, Organisation, OrganisationKind
from cityhive.matching import selectors
from cityhive.notifications.services import NewMatch, new_matches_notify
from cityhive.solutions.selectors import solution_list_published

TOP = 10


def organisation_actor(organisation: Organisation):
    """One active member (an admin first) who sees as a member of this organisation alone,
    so a match only they could see through another organisation is never announced; None for an
    organisation without active members."""
    membership = (
        Membership.objects.filter(organisation=organisation, user__is_active=True)
        .select_related("user")
        .order_by("role", "pk")
        .first()
    )
    if membership is None:
        return None
    actor = membership.user
    actor._cityhive_org_roles = {organisation.pk: membership.role}
    return actor


def _new(match, label_of, url: str, key: str) -> NewMatch:
    return NewMatch(label=label_of(match.item), score=match.result.score, url=url, key=key)


def _title(item) -> str:
    return str(getattr(item, "title", None) or getattr(item, "name", item))


def _city_matches(actor, city: Organisation) -> list[NewMatch]:
    found = []
    if need_item_list_for_cities(city_ids=[city.pk]).exists():
        url = reverse("city_recommendations", args=[city.slug])
        for match in selectors.recommendations_for_city(actor=actor, city=city, top=TOP):
            found.append(_new(match, _title, url, f"city:{city.pk}:solution:{match.item.pk}"))
    challenges = (
        challenge_list_all()
        .filter(city=city, status=ChallengeStatus.OPEN)
        .select_related("city")
        .order_by("pk")
    )
    for challenge in challenges:
        url = reverse("challenge_matches", args=[challenge.pk])
        for match in selectors.matches_for_challenge(actor=actor, challenge=challenge, top=TOP):
            key = f"challenge:{challenge.pk}:solution:{match.item.pk}"
            found.append(_new(match, _title, url, key))
    return found


def _company_matches(actor, company: Organisation) -> list[NewMatch]:
    url = reverse("company_cities", args=[company.slug])
    found = [
        _new(match, _title, url, f"company:{company.pk}:city:{match.item.pk}")
        for match in selectors.cities_for_company(actor=actor, company=company, top=TOP)
    ]
    for solution in solution_list_published().filter(provider=company).select_related("provider"):
        url = reverse("solution_opportunities", args=[solution.pk])
        for match in selectors.opportunities_for_solution(actor=actor, solution=solution, top=TOP):
            key = f"solution:{solution.pk}:challenge:{match.item.pk}"
            found.append(_new(match, _title, url, key))
    return found


def new_matches_of(organisation: Organisation) -> list[NewMatch]:
    """The organisation's current top matches in each direction that concerns it."""
    actor = organisation_actor(organisation)
    if actor is None:
        return []
    if organisation.kind == OrganisationKind.CITY:
        return _city_matches(actor, organisation)
    if organisation.kind == OrganisationKind.COMPANY:
        return _company_matches(actor, organisation)
    return []


def new_matches_announce(*, organisation: Organisation) -> int:
    """Notify the organisation's members of its matches at or above its threshold that they
    were not told of before; how many notifications were made."""
    matches = new_matches_of(organisation)
    with transaction.atomic():
        return new_matches_notify(organisation=organisation, matches=matches)


def new_matches_announce_all(*, organisation_ids: list[int] | None = None) -> dict[str, int]:
    """Announce the new matches of every city and company (or of the ones given)."""
    organisations = Organisation.objects.filter(
        kind__in=[OrganisationKind.CITY, OrganisationKind.COMPANY], memberships__isnull=False
    ).distinct()
    if organisation_ids is not None:
        organisations = organisations.filter(pk__in=organisation_ids)
    done = {"organisations": 0, "notifications": 0}
    for organisation in organisations.order_by("pk"):
        done["organisations"] += 1
        done["notifications"] += new_matches_announce(organisation=organisation)
    return done


@task()
def new_matches_announce_task(organisation_ids: list[int] | None = None) -> dict[str, int]:
    """Announce new matches in the background (idempotent: each match is notified once per
    member, so a second run makes nothing)."""
    return new_matches_announce_all(organisation_ids=organisation_ids)
