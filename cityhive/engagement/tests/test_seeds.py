from cityhive.audit.models import ContactLogEntry
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.engagement.models import Interest, Introduction, Message
from cityhive.engagement.seeds import engagement_demo_seed


def _demo_pair(index: int) -> None:
    city = CityFactory(is_demo=True, external_id=f"demo:city:City {index}")
    company = OrganisationFactory(is_demo=True, external_id=f"demo:company:Company {index}")
    for organisation in (city, company):
        MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN)


def test_the_demo_gets_requests_and_one_introduction_with_a_conversation_once(db):
    for index in range(3):
        _demo_pair(index)

    first = engagement_demo_seed()
    second = engagement_demo_seed()

    assert (first, second) == ("3 requests, 1 introduction with a conversation", "already seeded")
    assert sorted(Interest.objects.values_list("status", flat=True)) == [
        "accepted",
        "pending",
        "pending",
    ]
    assert Introduction.objects.count() == 1
    assert Message.objects.count() == 2
    assert ContactLogEntry.objects.filter(action="message_sent").count() == 2


def test_without_demo_organisations_nothing_is_seeded(db):
    assert engagement_demo_seed() == "no demo organisations"
    assert Interest.objects.count() == 0
