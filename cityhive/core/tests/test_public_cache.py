import re

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from cityhive.accounts.services import api_token_create
from cityhive.accounts.tests.sessions import sign_in
from cityhive.core.public_cache import PLACEHOLDER
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db

TOKEN_IN_FORM = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
TOKEN_IN_HEADERS = re.compile(r'"X-CSRFToken": "([A-Za-z0-9]+)"')


@pytest.fixture(autouse=True)
def public_cache_on(settings):
    settings.PUBLIC_CACHE_SECONDS = 10


def _tokens(page: str) -> set[str]:
    return set(TOKEN_IN_FORM.findall(page)) | set(TOKEN_IN_HEADERS.findall(page))


def test_an_anonymous_visitor_gets_a_kept_page_without_a_query_and_members_see_changes_at_once(
    django_assert_num_queries, world
):
    SolutionFactory(title="River flood sirens")
    visitor = Client()
    first = visitor.get("/solutions/").content.decode()
    assert "River flood sirens" in first
    SolutionFactory(title="Heat island shade maps")
    with django_assert_num_queries(0):
        again = visitor.get("/solutions/")
    assert again.status_code == 200
    assert "Heat island shade maps" not in again.content.decode()  # kept for a few seconds
    member = Client()
    sign_in(member, world.member_b)
    assert "Heat island shade maps" in member.get("/solutions/").content.decode()


def test_each_visitor_gets_a_token_of_their_own_that_passes_the_csrf_check():
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    page_one = first.get("/solutions/").content.decode()
    page_two = second.get("/solutions/").content.decode()  # from the cache
    assert PLACEHOLDER not in page_one + page_two
    tokens_one, tokens_two = _tokens(page_one), _tokens(page_two)
    assert tokens_one and tokens_two and not tokens_one & tokens_two
    for client, tokens in ((first, tokens_one), (second, tokens_two)):
        secret = client.cookies["csrftoken"].value
        assert {_unmask_cipher_token(token) for token in tokens} == {secret}
    switched = second.post(
        "/i18n/setlang/",
        {"language": "fr", "next": "/solutions/", "csrfmiddlewaretoken": tokens_two.pop()},
    )
    assert switched.status_code == 302


def test_each_language_is_kept_apart():
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get("/solutions/").content.decode()
    french = Client(HTTP_ACCEPT_LANGUAGE="fr").get("/solutions/").content.decode()
    assert '<html lang="en"' in english
    assert '<html lang="fr"' in french


@pytest.mark.parametrize(
    "how",
    ["signed in", "session cookie", "htmx", "not found"],
)
def test_personal_partial_and_failed_answers_are_not_kept(how, world):
    client, path, headers = Client(), "/solutions/", {}
    if how == "signed in":
        sign_in(client, world.member_b)
    elif how == "session cookie":
        client.cookies["sessionid"] = "an-expired-session"
    elif how == "htmx":
        headers = {"HX-Request": "true"}
    else:
        path = "/solutions/999999/"
    client.get(path, headers=headers)
    SolutionFactory(title="Heat island shade maps")
    second = client.get(path, headers=headers)
    if how != "not found":
        assert "Heat island shade maps" in second.content.decode()
    else:
        assert second.status_code == 404


def test_api_reads_are_kept_for_anonymous_callers_only(django_assert_num_queries, world):
    SolutionFactory(title="River flood sirens")
    anonymous = Client()
    assert anonymous.get("/api/v1/solutions").json()["count"] == 1
    SolutionFactory(title="Heat island shade maps")
    with django_assert_num_queries(0):
        kept = anonymous.get("/api/v1/solutions")
    assert kept.json()["count"] == 1
    assert kept["Content-Type"] == "application/json; charset=utf-8"
    token = api_token_create(actor=world.member_b, name="reader").key
    with_token = Client().get("/api/v1/solutions", headers={"Authorization": f"Bearer {token}"})
    assert with_token.json()["count"] == 2


def test_turned_off_nothing_is_kept(settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    visitor = Client()
    visitor.get("/solutions/")
    SolutionFactory(title="Heat island shade maps")
    assert "Heat island shade maps" in visitor.get("/solutions/").content.decode()
