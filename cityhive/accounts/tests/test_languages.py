"""Interface languages: Accept-Language, the switcher's cookie and a member's preferred language;
sign-up asks for a name, which the dashboard greets."""

import pytest
from django.conf import settings
from django.utils import translation

from cityhive.accounts.models import User
from cityhive.accounts.services import user_language_set
from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.accounts.tests.sessions import sign_in
from cityhive.core.errors import ValidationFailed

pytestmark = pytest.mark.django_db
PASSWORD = "another-long-passphrase-77"


@pytest.fixture(autouse=True)
def _english_afterwards():
    """A request activates its language in this thread: leave English to the next test."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_the_browser_language_is_spoken_without_a_choice(client):
    response = client.get("/solutions/", headers={"accept-language": "fr-FR,fr;q=0.9,en;q=0.5"})
    assert response["Content-Language"] == "fr"
    assert "Catalogue des solutions" in response.content.decode()


def test_an_unsupported_browser_language_falls_back_to_english(client):
    response = client.get("/solutions/", headers={"accept-language": "de-DE"})
    assert response["Content-Language"] == "en"
    assert "Solution catalogue" in response.content.decode()


def test_the_switcher_sets_a_cookie_for_a_visitor(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/solutions/"})
    assert response.status_code == 302
    assert response["Location"] == "/solutions/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get("/solutions/", headers={"accept-language": "fr"})
    assert page["Content-Language"] == "es"


def test_the_switcher_remembers_a_members_choice_on_every_browser(client):
    member = UserFactory()
    sign_in(client, member)
    client.post("/i18n/setlang/", {"language": "pt", "next": "/dashboard/"})
    member.refresh_from_db()
    assert member.preferred_language == "pt"
    client.cookies.clear()
    sign_in(client, member)
    response = client.get("/solutions/", headers={"accept-language": "en"})
    assert response["Content-Language"] == "pt"
    assert "Catálogo de soluções" in response.content.decode()


def test_an_unknown_language_changes_nothing(client):
    member = UserFactory(preferred_language="fr")
    sign_in(client, member)
    client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    member.refresh_from_db()
    assert member.preferred_language == "fr"


def test_the_language_service_refuses_an_unoffered_language():
    member = UserFactory(preferred_language="")
    with translation.override("en"), pytest.raises(ValidationFailed) as caught:
        user_language_set(actor=member, language="de")
    assert caught.value.field_errors == {"language": ["Choose one of the offered languages."]}
    member.refresh_from_db()
    assert member.preferred_language == ""


def test_arabic_pages_are_right_to_left(client):
    response = client.get("/", headers={"accept-language": "ar"})
    assert response["Content-Language"] == "ar"
    assert '<html lang="ar" dir="rtl">' in response.content.decode()


def test_sign_up_asks_for_a_name_and_the_dashboard_greets_by_it(client):
    client.post(
        "/accounts/signup/",
        {
            "name": " Ana Lima ",
            "email": "ana@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = User.objects.get(email="ana@example.org")
    assert user.name == "Ana Lima"
    sign_in(client, user)
    assert "Ana Lima" in client.get("/dashboard/").content.decode()


def test_sign_up_without_a_name_is_refused_and_nothing_is_written(client):
    response = client.post(
        "/accounts/signup/",
        {"name": "  ", "email": "anon@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="anon@example.org").exists()


def test_api_problems_speak_the_requested_language(client):
    response = client.get("/api/v1/sdgs/99", headers={"accept-language": "es"})
    assert response.status_code == 404
    body = response.json()
    assert (body["title"], body["code"]) == ("No encontrado", "not_found")
    assert body["detail"] == "No existe el ODS 99; los objetivos van del 1 al 17."


def test_api_problems_stay_english_by_default(client):
    body = client.get("/api/v1/sdgs/99").json()
    assert body["title"] == "Not found"
    assert body["detail"] == "There is no SDG 99; the goals are numbered 1 to 17."


def test_the_admin_names_each_section_and_model_in_words(client):
    manager = ProgrammeManagerFactory(is_superuser=True)
    sign_in(client, manager)
    page = client.get("/admin/").content.decode()
    assert "Members and API tokens" in page
    assert ">API tokens<" in page and "Api tokens" not in page
