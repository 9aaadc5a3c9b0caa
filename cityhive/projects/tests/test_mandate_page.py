"""The financier's mandate page: sectors are chosen among the categories, by their labels."""

import pytest
from django.test import Client

from cityhive.accounts.tests.factories import ProgrammeManagerFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.projects.models import Mandate
from cityhive.projects.tests.factories import FinancierFactory, MandateFactory
from cityhive.taxonomy.services import reference_data_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client():
    reference_data_load()
    client = Client()
    sign_in(client, ProgrammeManagerFactory())
    return client


def test_the_sectors_are_offered_by_their_labels_and_no_code_is_shown(manager_client):
    financier = FinancierFactory()
    MandateFactory(financier=financier, sectors=["environment/water", "an old sector"])

    page = manager_client.get(f"/financiers/{financier.slug}/mandate/").content.decode()

    assert '<option value="environment/water" selected>— Water</option>' in page
    assert '<option value="an old sector" selected>an old sector</option>' in page
    assert ">environment/water<" not in page
    assert "e.g. environment/water" not in page


def test_the_chosen_sectors_are_saved(manager_client):
    financier = FinancierFactory()
    form = {
        "sectors": ["environment/water", "mobility"],
        "ticket_min": "100000",
        "ticket_max": "500000",
        "currency": "eur",
    }

    response = manager_client.post(f"/financiers/{financier.slug}/mandate/", form)

    assert response.status_code == 302, response.context["form"].errors
    mandate = Mandate.objects.get(financier=financier)
    assert (mandate.sectors, mandate.currency) == (["environment/water", "mobility"], "EUR")


def test_a_sector_that_is_no_category_is_refused_and_nothing_is_saved(manager_client):
    financier = FinancierFactory()

    response = manager_client.post(
        f"/financiers/{financier.slug}/mandate/",
        {"sectors": ["nonsense"], "ticket_min": "1", "ticket_max": "2", "currency": "EUR"},
    )

    assert response.status_code == 200
    assert "nonsense" in response.context["form"].errors["sectors"][0]
    assert not Mandate.objects.filter(financier=financier).exists()
