from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.events.models import Event, EventStatus, Registration
from cityhive.events.seeds import events_demo_seed


def test_the_demo_gets_one_published_event_with_registrations_once(db):
    for index in range(2):
        city = CityFactory(is_demo=True, external_id=f"demo:city:City {index}")
        company = OrganisationFactory(is_demo=True, external_id=f"demo:company:Company {index}")
        for organisation in (city, company):
            MembershipFactory(organisation=organisation, role=MembershipRole.ADMIN)

    first, second = events_demo_seed(), events_demo_seed()

    assert (first, second) == ("one event, 3 registrations", "already there")
    event = Event.objects.get()
    assert (event.status, event.is_demo, event.sessions.count(), event.meeting_slots.count()) == (
        EventStatus.PUBLISHED,
        True,
        2,
        8,
    )
    assert Registration.objects.filter(event=event, status="confirmed").count() == 3


def test_without_a_demo_city_nothing_is_seeded(db):
    assert events_demo_seed() == "no demo city"
    assert Event.objects.count() == 0
