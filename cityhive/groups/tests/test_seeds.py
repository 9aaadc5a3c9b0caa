from cityhive.directory.models import MembershipRole, OrganisationKind
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.groups.models import Group, GroupMembership, Post
from cityhive.groups.seeds import groups_demo_seed


def test_the_demo_gets_one_group_of_each_kind_with_members_once(db):
    for index in range(4):
        city = CityFactory(is_demo=True, external_id=f"demo:city:City {index}", is_verified=True)
        MembershipFactory(organisation=city, role=MembershipRole.ADMIN)
    for index in range(2):
        company = OrganisationFactory(is_demo=True, external_id=f"demo:company:Company {index}")
        MembershipFactory(organisation=company, role=MembershipRole.ADMIN)

    first, second = groups_demo_seed(), groups_demo_seed()

    assert (first, second) == ("3 groups", "already there")
    assert sorted(Group.objects.values_list("kind", "is_demo")) == [
        ("expert_group", True),
        ("standard_team", True),
        ("working_group", True),
    ]
    by_status = sorted(GroupMembership.objects.values_list("group__kind", "role", "status"))
    assert by_status == [
        ("expert_group", "convener", "active"),
        ("expert_group", "member", "active"),
        ("standard_team", "convener", "active"),
        ("standard_team", "member", "active"),
        ("working_group", "convener", "active"),
        ("working_group", "member", "active"),
        ("working_group", "member", "active"),
        ("working_group", "member", "pending"),
    ]
    assert Post.objects.count() == 3


def test_without_demo_organisations_nothing_is_seeded(db):
    OrganisationFactory(kind=OrganisationKind.CITY)
    assert groups_demo_seed() == "no demo cities and companies"
    assert Group.objects.count() == 0
