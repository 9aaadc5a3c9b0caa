from decimal import Decimal

from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.projects.models import Project
from cityhive.projects.seeds import projects_demo_seed
from cityhive.projects.tests.factories import FinancierFactory


def test_the_demo_gets_one_financed_project_once(db):
    city = CityFactory(is_demo=True, external_id="demo:city:Riverton")
    ChallengeFactory(city=city, title="Riverside floods")
    company = OrganisationFactory(is_demo=True, external_id="demo:company:Dykes")
    financier = FinancierFactory(is_demo=True, external_id="demo:financier:Fund")
    for organisation in (city, company, financier):
        MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN)

    first, second = projects_demo_seed(), projects_demo_seed()

    assert (first, second) == (
        "one project, 1 consortium member(s), an investment opportunity",
        "already there",
    )
    project = Project.objects.get()
    assert (project.title, project.stage, project.is_demo) == ("Riverside floods", "appraise", True)
    assert sorted(project.members.values_list("role", "status")) == [
        ("lead_city", "active"),
        ("solution_provider", "active"),
    ]
    assert sum(project.sources.values_list("amount", flat=True)) == Decimal("15000000.00")
    assert project.opportunity.instruments == ["concessional_loan", "ppp_availability"]
    assert financier.mandate.sdgs == [6, 7, 11, 13]


def test_without_a_demo_city_nothing_is_seeded(db):
    assert projects_demo_seed() == "no demo city"
    assert Project.objects.count() == 0
