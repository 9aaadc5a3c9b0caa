import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from cityhive.accounts.models import User
from cityhive.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-long-passphrase-77"


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


def test_sign_up_needs_a_verified_email_before_signing_in(client):
    response = client.post(
        "/accounts/signup/",
        {
            "name": "Nina New",
            "email": "New@Example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert response["Location"] == "/accounts/confirm-email/"
    user = User.objects.get(email="new@example.org")
    assert EmailAddress.objects.get(user=user).verified is False
    assert "_auth_user_id" not in client.session
    client.post(_link(mail.outbox[-1]))
    assert EmailAddress.objects.get(user=user).verified is True
    assert client.get("/dashboard/").status_code == 200


def test_a_weak_password_is_refused_and_nothing_is_written(client):
    response = client.post(
        "/accounts/signup/",
        {"name": "Walt Weak", "email": "weak@example.org", "password1": "123", "password2": "123"},
    )
    assert response.status_code == 200
    assert b"This password is too short" in response.content
    assert not User.objects.filter(email="weak@example.org").exists()


def test_password_reset_by_emailed_link(client):
    user = UserFactory(email="forgetful@example.org")
    client.post("/accounts/password/reset/", {"email": "forgetful@example.org"})
    assert [m.to for m in mail.outbox] == [["forgetful@example.org"]]
    form_url = client.get(_link(mail.outbox[0]))["Location"]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_password_reset_for_an_unknown_address_reveals_nothing(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert response["Location"] == "/accounts/password/reset/done/"
