import pytest

from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_city_admin_finds_the_citys_contact_log_on_the_dashboard_and_a_member_does_not(client):
    city = CityFactory(slug="recife")
    admin = MembershipFactory(organisation=city, role=MembershipRole.ADMIN).user
    member = MembershipFactory(organisation=city).user
    sign_in(client, admin)
    assert 'href="/contact-log/?organisation=recife"' in client.get("/dashboard/").content.decode()
    sign_in(client, member)
    assert "/contact-log/" not in client.get("/dashboard/").content.decode()


def test_programme_managers_find_both_logs_on_the_dashboard(client):
    sign_in(client, ProgrammeManagerFactory())
    page = client.get("/dashboard/").content.decode()
    assert 'href="/contact-log/"' in page and 'href="/security-log/"' in page
