"""Invitation emails link to the address the site is reached at."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from cityhive.accounts.tests.sessions import sign_in
from cityhive.directory.tasks import invitation_email_send
from cityhive.directory.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def _link_in_last_mail() -> str:
    return re.search(r"(https?://\S+/invitations/\S+)", mail.outbox[-1].body).group(1)


def _invite(client, world, capture, **extra):
    sign_in(client, world.admin_a)
    with capture(execute=True):
        client.post(
            f"/organisations/{world.org_a.slug}/members/",
            {"email": "new.person@example.org", "role": "member"},
            **extra,
        )
    return _link_in_last_mail()


@override_settings(SITE_URL="", ALLOWED_HOSTS=["cityhive.example.org"])
def test_without_a_site_url_links_use_the_address_the_admin_used(
    client, world, django_capture_on_commit_callbacks
):
    link = _invite(
        client, world, django_capture_on_commit_callbacks, HTTP_HOST="cityhive.example.org"
    )
    assert link.startswith("http://cityhive.example.org/invitations/")


@override_settings(SITE_URL="https://hive.example.net/", ALLOWED_HOSTS=["internal"])
def test_a_configured_site_url_wins(client, world, django_capture_on_commit_callbacks):
    link = _invite(client, world, django_capture_on_commit_callbacks, HTTP_HOST="internal:8000")
    assert link.startswith("https://hive.example.net/invitations/")


@override_settings(SITE_URL="https://hive.example.net", ALLOWED_HOSTS=["*"])
def test_the_api_builds_the_same_links(api, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api(
            "POST",
            f"/api/v1/organisations/{world.org_a.slug}/invitations",
            user=world.admin_a,
            json={"email": "api.person@example.org", "role": "member"},
        )
    link = _link_in_last_mail()
    assert link.startswith("https://hive.example.net/invitations/")


def test_an_invitation_whose_sender_left_is_sent_in_the_organisation_s_name(world):
    invitation = InvitationFactory(organisation=world.org_a, invited_by=None)
    invitation_email_send.call(invitation_id=invitation.pk, accept_url="https://x.example/i/t/")
    assert mail.outbox[-1].body.startswith(
        "Hello,\n\nCity of Alpha invites you to join City of Alpha on CityHive"
    )
