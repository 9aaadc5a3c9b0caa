"""The pages run the services: a financier's admin states a mandate by category names."""

import pytest

from cityhive.accounts.tests.sessions import sign_in
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import MembershipFactory
from cityhive.projects.models import Mandate
from cityhive.projects.tests.factories import FinancierFactory

pytestmark = pytest.mark.django_db


def test_a_financier_admin_states_a_mandate_by_category(client):
    bank = FinancierFactory()
    sign_in(client, MembershipFactory(organisation=bank, role=MembershipRole.ADMIN).user)

    page = client.get(f"/financiers/{bank.slug}/mandate/")
    response = client.post(
        f"/financiers/{bank.slug}/mandate/",
        {
            "sectors": ["environment"],
            "countries": ["DE", "FR"],
            "instruments": ["grant"],
            "sdgs": ["6", "13"],
            "ticket_min": "1000",
            "ticket_max": "50000",
            "currency": "eur",
        },
    )

    assert "Environment" in page.content.decode()
    assert response.status_code == 302
    mandate = Mandate.objects.get(financier=bank)
    assert (mandate.sectors, mandate.countries, mandate.sdgs, mandate.currency) == (
        ["environment"],
        ["DE", "FR"],
        [6, 13],
        "EUR",
    )


def test_a_member_who_is_not_admin_cannot_state_it(client):
    bank = FinancierFactory()
    sign_in(client, MembershipFactory(organisation=bank).user)

    response = client.post(
        f"/financiers/{bank.slug}/mandate/",
        {"ticket_min": "1000", "ticket_max": "50000", "currency": "EUR"},
    )

    assert response.status_code == 403
    assert Mandate.objects.count() == 0
