import io

import pytest
from django.urls import reverse
from PIL import Image

from cityhive.directory.models import Organisation
from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.places.tests.factories import PlaceFactory

pytestmark = pytest.mark.django_db


def test_directory_filters_by_kind_country_and_verified(client, world):
    OrganisationFactory(name="Verified Fund", kind="financier", country="CH", is_verified=True)
    OrganisationFactory(name="Other Fund", kind="financier", country="FR")
    response = client.get(
        "/organisations/", {"kind": "financier", "country": "CH", "verified": "yes"}
    )
    assert [o.name for o in response.context["page"].object_list] == ["Verified Fund"]


def test_directory_search_matches_name_and_description(client, world):
    OrganisationFactory(name="Quiet Co", description="Flood sensors for rivers")
    response = client.get("/organisations/", {"q": "flood"})
    assert [o.name for o in response.context["page"].object_list] == ["Quiet Co"]


def test_htmx_gets_only_the_results(client, world):
    response = client.get("/organisations/", {"q": "Beta"}, headers={"HX-Request": "true"})
    assert response.templates[0].name == "directory/_results.html"
    assert b"Beta Solutions" in response.content and b"<html" not in response.content


def test_directory_page_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries):
    OrganisationFactory.create_batch(40)
    with django_assert_max_num_queries(4):
        response = client.get("/organisations/")
    assert len(response.context["page"].object_list) == 20


def test_a_city_is_created_in_the_browser_form_with_its_geonames_place(client, world):
    place = PlaceFactory(name="Fortaleza", country="BR", population=2_452_185)
    client.force_login(world.outsider)
    response = client.post(
        "/organisations/new/",
        {
            "kind": "city",
            "name": "Prefeitura de Fortaleza",
            "geonames_id": place.pk,
            "languages": ["pt"],
        },
    )
    city = Organisation.objects.get(name="Prefeitura de Fortaleza")
    assert response["Location"] == reverse("organisation_detail", args=[city.slug])
    assert (city.place_id, city.country.code, city.languages) == (place.pk, "BR", ["pt"])


def test_form_errors_are_shown_and_nothing_is_written(client, world):
    client.force_login(world.outsider)
    before = Organisation.objects.count()
    response = client.post("/organisations/new/", {"kind": "city", "name": "Nowhere"})
    assert response.status_code == 400
    assert b"A city links to its place in GeoNames" in response.content
    assert Organisation.objects.count() == before


def test_a_bad_logo_keeps_the_rest_of_the_edit_unsaved(client, world):
    client.force_login(world.admin_a)
    data = {
        "name": "Renamed",
        "country": "BR",
        "version": 1,
        "geonames_id": "",
        "logo": io.BytesIO(b"GIF89a not really"),
    }
    data["logo"].name = "logo.png"
    response = client.post(f"/organisations/{world.org_a.slug}/edit/", data)
    assert response.status_code == 400
    assert b"not a PNG, JPEG or WebP" in response.content
    world.org_a.refresh_from_db()
    assert (world.org_a.name, world.org_a.version) == ("City of Alpha", 1)


def test_a_stale_edit_shows_a_conflict_message(client, world):
    client.force_login(world.admin_a)
    url = f"/organisations/{world.org_a.slug}/edit/"
    client.post(url, {"name": "First", "country": "BR", "version": 1})
    response = client.post(url, {"name": "Second", "country": "BR", "version": 1})
    assert response.status_code == 400
    assert b"Someone else saved this profile" in response.content
    world.org_a.refresh_from_db()
    assert world.org_a.name == "First"


def test_logos_are_served_with_safe_headers(client, world):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    buffer.name = "x.png"
    buffer.seek(0)
    client.force_login(world.admin_a)
    client.post(
        f"/organisations/{world.org_a.slug}/edit/",
        {"name": "City of Alpha", "country": "BR", "version": 1, "logo": buffer},
    )
    response = client.get(f"/organisations/{world.org_a.slug}/logo/")
    assert (response["Content-Type"], response["X-Content-Type-Options"]) == (
        "image/png",
        "nosniff",
    )
    assert response["Content-Disposition"] == f'inline; filename="{world.org_a.slug}-logo.png"'


def test_place_autocomplete_finds_accented_names(client):
    PlaceFactory(name="São Paulo", search_name="sao paulo", population=12_000_000)
    response = client.get("/places/autocomplete/", {"place_query": "Sao"})
    assert [p.name for p in response.context["places"]] == ["São Paulo"]
