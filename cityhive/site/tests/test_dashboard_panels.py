"""A dashboard panel without items of its own shows no links."""

import pytest

from cityhive.accounts.tests.sessions import sign_in
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_panel_of_figures_only_has_no_empty_links(client):
    company = OrganisationFactory(kind="company", name="Floodsense")
    sign_in(client, MembershipFactory(organisation=company).user)

    response = client.get("/dashboard/")

    panels = {p["title"]: p for p in response.context["organisations"][0].panels}
    assert panels["Requests and introductions"]["items"] == []
    assert 'href=""' not in response.content.decode()
