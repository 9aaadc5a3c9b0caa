import pytest

from cityhive.directory.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_home_shows_live_counts(client, world):
    OrganisationFactory(kind="financier", country="CH")
    response = client.get("/")
    counts = (
        response.context["organisations"]["total"],
        response.context["organisations"]["city"],
        response.context["organisations"]["countries"],
    )
    assert counts == (3, 1, 3)
    assert response.context["taxonomy"]["sdg_goals"] == 17
    assert b"<main" in response.content and b'href="#main"' in response.content


def test_health_check(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_dashboard_lists_own_organisations_only(client, world):
    client.force_login(world.member_a)
    response = client.get("/dashboard/")
    assert [m.organisation.name for m in response.context["memberships"]] == ["City of Alpha"]
    assert '<a href="/me/data/">Your data</a>' in response.content.decode()


def test_api_docs_load_nothing_from_other_sites(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    assert b"https://" not in response.content and b"//cdn" not in response.content
