from datetime import timedelta

import pytest
from django.utils import timezone

from cityhive.accounts.models import ApiToken
from cityhive.accounts.services import api_token_authenticate, api_token_create, api_token_revoke
from cityhive.accounts.tests.factories import ProgrammeManagerFactory, UserFactory
from cityhive.core.errors import NotFound, ValidationFailed

pytestmark = pytest.mark.django_db


def test_only_the_hash_is_stored_and_the_key_authenticates():
    user = UserFactory()
    issued = api_token_create(actor=user, name="export", days=30)
    stored = ApiToken.objects.get(pk=issued.token.pk)
    assert issued.key.split("_", 2)[2] not in stored.key_hash
    assert api_token_authenticate(key=issued.key) == user


@pytest.mark.parametrize("mangle", ["wrong", "prefix", "format"])
def test_a_wrong_key_is_refused(mangle):
    issued = api_token_create(actor=UserFactory(), name="x")
    key = {
        "wrong": issued.key[:-4] + "AAAA",
        "prefix": "chv_ffffffffffff_" + issued.key.split("_", 2)[2],
        "format": "Token " + issued.key,
    }[mangle]
    assert api_token_authenticate(key=key) is None


def test_expired_and_revoked_tokens_are_refused():
    user = UserFactory()
    expired = api_token_create(actor=user, name="old")
    ApiToken.objects.filter(pk=expired.token.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    revoked = api_token_create(actor=user, name="gone")
    api_token_revoke(actor=user, token_id=revoked.token.pk)
    assert (api_token_authenticate(key=expired.key), api_token_authenticate(key=revoked.key)) == (
        None,
        None,
    )


def test_nobody_revokes_another_members_token():
    issued = api_token_create(actor=UserFactory(), name="mine")
    with pytest.raises(NotFound):
        api_token_revoke(actor=UserFactory(), token_id=issued.token.pk)
    assert ApiToken.objects.get(pk=issued.token.pk).revoked_at is None


@pytest.mark.parametrize(
    ("name", "days", "field"), [("", 10, "name"), ("x", 0, "days"), ("x", 366, "days")]
)
def test_bad_token_input_writes_nothing(name, days, field):
    user = UserFactory()
    with pytest.raises(ValidationFailed) as caught:
        api_token_create(actor=user, name=name, days=days)
    assert list(caught.value.field_errors) == [field]
    assert ApiToken.objects.count() == 0


def test_the_api_refuses_a_programme_manager_without_two_factor(api):
    manager = ProgrammeManagerFactory(totp=False)
    response = api("GET", "/api/v1/me", user=manager)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_an_invalid_token_is_never_treated_as_anonymous(client):
    response = client.get("/api/v1/organisations", headers={"Authorization": "Bearer chv_x_y"})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_me(api):
    user = UserFactory(email="ada@example.org", name="Ada")
    response = api("GET", "/api/v1/me", user=user)
    assert response.json() == {
        "id": user.pk,
        "email": "ada@example.org",
        "name": "Ada",
        "is_programme_manager": False,
    }
