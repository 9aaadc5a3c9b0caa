"""A changed password ends API tokens; an unverified address keeps nobody out."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from cityhive.accounts.models import User
from cityhive.accounts.services import api_token_authenticate, api_token_create
from cityhive.accounts.tests.factories import PASSWORD, UserFactory
from cityhive.accounts.tests.sessions import sign_in

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-long-passphrase-77"


def _link(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


def test_changing_the_password_revokes_api_tokens(client):
    member = UserFactory()
    issued = api_token_create(actor=member, name="nightly export")
    client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert api_token_authenticate(key=issued.key) is None
    issued.token.refresh_from_db()
    assert issued.token.revoked_at is not None


def test_resetting_the_password_revokes_api_tokens(client):
    member = UserFactory()
    issued = api_token_create(actor=member, name="nightly export")
    client.post("/accounts/password/reset/", {"email": member.email})
    form_url = client.get(_link(mail.outbox[-1]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert User.objects.get(pk=member.pk).check_password(NEW_PASSWORD)
    assert api_token_authenticate(key=issued.key) is None


def test_a_wrong_old_password_changes_nothing_and_keeps_tokens(client):
    member = UserFactory()
    issued = api_token_create(actor=member, name="nightly export")
    sign_in(client, member)
    client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-it", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert User.objects.get(pk=member.pk).check_password(PASSWORD)
    assert api_token_authenticate(key=issued.key) == member


def test_the_change_password_page_says_tokens_are_revoked(client):
    sign_in(client, UserFactory())
    content = client.get("/accounts/password/change/").content.decode()
    assert "Changing your password also revokes your API tokens" in content


def test_an_address_claimed_unverified_by_another_account_does_not_block_sign_up(client):
    squatter = UserFactory()
    sign_in(client, squatter)
    client.post("/accounts/email/", {"email": "invitee@example.org", "action_add": ""})
    assert EmailAddress.objects.filter(email="invitee@example.org", verified=False).count() == 1
    client.logout()
    mail.outbox.clear()
    client.post(
        "/accounts/signup/",
        {
            "name": "Ines Invitee",
            "email": "invitee@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    invitee = User.objects.get(email="invitee@example.org")
    assert list(
        EmailAddress.objects.filter(email="invitee@example.org").values_list("user", "verified")
    ) == [(invitee.pk, False)]
    assert [message.to for message in mail.outbox] == [["invitee@example.org"]]
    assert "Confirm" in mail.outbox[0].subject


def test_a_verified_address_of_another_account_still_blocks_sign_up(client):
    owner = UserFactory(email="owner@example.org")
    client.post(
        "/accounts/signup/",
        {
            "name": "Olga Owner",
            "email": "owner@example.org",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    assert list(User.objects.filter(email="owner@example.org")) == [owner]
    assert EmailAddress.objects.filter(email="owner@example.org").count() == 1
