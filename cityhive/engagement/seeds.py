"""Demo seeds: a few requests to connect between demo organisations, one accepted into an
introduction with a short conversation (through the services, so the contact log and the
notifications show them too; idempotent). A demo company whose partnership does not unlock
introductions (one whose application waits for review) is asked by the city instead."""

from django.db.models import Q

from cityhive.challenges.models import Challenge, ChallengeStatus
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.seeds import demo_admin, demo_organisations
from cityhive.engagement import services
from cityhive.engagement.matches import match_item_of
from cityhive.engagement.models import Interest
from cityhive.solutions.models import Solution, SolutionStatus


def _offer(company: Organisation, city: Organisation):
    """What the company offers the city: a published solution and an open challenge of the city
    when both exist, else the two organisations (a company-city match)."""
    solution = (
        Solution.objects.filter(provider=company, status=SolutionStatus.PUBLISHED)
        .order_by("pk")
        .first()
    )
    challenge = (
        Challenge.objects.filter(city=city, status=ChallengeStatus.OPEN).order_by("pk").first()
    )
    if solution is not None and challenge is not None:
        return match_item_of(solution), match_item_of(challenge)
    return match_item_of(company), match_item_of(city)


def _request(city, company, official, staff, message: str):
    """The company asks the city when its partnership lets it; otherwise the city asks."""
    subject, candidate = _offer(company, city)
    if staff.has_perm("engagement.request_introduction", company):
        return services.interest_create(
            actor=staff, subject=subject, candidate=candidate, message=message
        ), official
    return services.interest_create(
        actor=official, subject=candidate, candidate=subject, message=message
    ), staff


def engagement_demo_seed() -> str:
    """Seed the demo requests, introduction and conversation once; say what was done."""
    cities, companies = (
        demo_organisations(OrganisationKind.CITY),
        demo_organisations(OrganisationKind.COMPANY),
    )
    pairs = list(zip(cities, companies, strict=False))
    people = [(city, company, demo_admin(city), demo_admin(company)) for city, company in pairs]
    people = [p for p in people if p[2] is not None and p[3] is not None]
    if not people:
        return "no demo organisations"
    companies = [p[1] for p in people]
    if Interest.objects.filter(
        Q(sender_organisation__in=companies) | Q(recipient_organisation__in=companies)
    ).exists():
        return "already seeded"
    city, company, official, staff = people[0]
    interest, answerer = _request(
        city,
        company,
        official,
        staff,
        "Our early-warning sensors fit your flood challenge; could we present them?",
    )
    services.interest_accept(actor=answerer, interest=interest)
    interest.refresh_from_db()
    conversation = interest.introduction.conversation
    services.message_post(
        actor=official, conversation=conversation, body="Welcome! Could you present next Tuesday?"
    )
    services.message_post(
        actor=staff, conversation=conversation, body="Tuesday works. We will bring a pilot plan."
    )
    for city, company, official, staff in people[1:3]:
        _request(city, company, official, staff, "Could we talk?")
    return f"{1 + len(people[1:3])} requests, 1 introduction with a conversation"
