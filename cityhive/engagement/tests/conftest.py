from dataclasses import dataclass

import pytest

from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.engagement.matches import match_item_of
from cityhive.engagement.tests.factories import introductions_partner
from cityhive.solutions.tests.factories import SolutionFactory


@dataclass
class Pair:
    """A verified city with an open challenge and a partner company (its tier unlocks
    introductions) with a published solution, and their people."""

    city: object
    company: object
    challenge: object
    solution: object
    city_admin: object
    city_member: object
    company_admin: object
    company_member: object
    outsider: object

    def items(self):
        """The company's view of the match: its solution (subject) and the challenge."""
        return match_item_of(self.solution), match_item_of(self.challenge)

    def city_items(self):
        """The city's view of the same match: its challenge (subject) and the solution."""
        return match_item_of(self.challenge), match_item_of(self.solution)


@pytest.fixture
def pair(db) -> Pair:
    city = CityFactory(name="City of Riverton", slug="riverton", is_verified=True)
    company = OrganisationFactory(name="Floodsense", slug="floodsense")
    introductions_partner(company)
    return Pair(
        city=city,
        company=company,
        challenge=ChallengeFactory(city=city, title="Warn districts before floods"),
        solution=SolutionFactory(provider=company, title="River level sensors"),
        city_admin=MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user,
        city_member=MembershipFactory(organisation=city).user,
        company_admin=MembershipFactory(organisation=company, role=MembershipRole.ADMIN).user,
        company_member=MembershipFactory(organisation=company).user,
        outsider=MembershipFactory(organisation=OrganisationFactory()).user,
    )
