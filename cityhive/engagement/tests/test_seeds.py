from cityhive.audit.models import ContactLogEntry
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.engagement.models import Interest, Introduction, Message
from cityhive.engagement.seeds import engagement_demo_seed
from cityhive.engagement.tests.factories import introductions_partner


def _demo_pair(index: int):
    city = CityFactory(is_demo=True, is_verified=True, external_id=f"demo:city:City {index}")
    company = OrganisationFactory(is_demo=True, external_id=f"demo:company:Company {index}")
    for organisation in (city, company):
        MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN)
    return city, company


def test_the_demo_gets_requests_and_one_introduction_with_a_conversation_once(db):
    # The first two companies' partnerships unlock introductions; the third one's does not
    # (its application waits), so its city asks it instead.
    pairs = [_demo_pair(index) for index in range(3)]
    for _, company in pairs[:2]:
        introductions_partner(company)

    first = engagement_demo_seed()
    second = engagement_demo_seed()

    assert (first, second) == ("3 requests, 1 introduction with a conversation", "already seeded")
    assert sorted(Interest.objects.values_list("status", flat=True)) == [
        "accepted",
        "pending",
        "pending",
    ]
    sides = Interest.objects.values_list("sender_organisation", "recipient_organisation")
    assert sorted(sides) == [
        (pairs[0][1].pk, pairs[0][0].pk),
        (pairs[1][1].pk, pairs[1][0].pk),
        (pairs[2][0].pk, pairs[2][1].pk),
    ]
    assert Introduction.objects.count() == 1
    assert Message.objects.count() == 2
    assert ContactLogEntry.objects.filter(action="message_sent").count() == 2


def test_without_demo_organisations_nothing_is_seeded(db):
    assert engagement_demo_seed() == "no demo organisations"
    assert Interest.objects.count() == 0
