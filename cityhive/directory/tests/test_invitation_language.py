"""An invitation is mailed in the inviter's interface language."""

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation

from cityhive.accounts.tests.sessions import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_afterwards():
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_an_invitation_sent_from_a_french_page_is_mailed_in_french(
    client, world, django_capture_on_commit_callbacks
):
    sign_in(client, world.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/organisations/{world.org_a.slug}/members/",
            {"email": "nouvelle@example.org", "role": "member"},
            headers={"accept-language": "fr"},
        )
    [message] = mail.outbox
    assert message.subject == f"[CityHive] Rejoindre {world.org_a.name}"
    assert message.body.startswith("Bonjour,\n\n")
    assert "Le lien est valable jusqu'au" in message.body


def test_an_invitation_sent_from_an_english_page_is_mailed_in_english(
    client, world, django_capture_on_commit_callbacks
):
    sign_in(client, world.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/organisations/{world.org_a.slug}/members/",
            {"email": "newcomer@example.org", "role": "member"},
            headers={"accept-language": "en"},
        )
    [message] = mail.outbox
    assert message.subject == f"[CityHive] Join {world.org_a.name}"
    assert message.body.startswith("Hello,\n\n")
