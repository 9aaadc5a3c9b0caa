"""Notifications read in each recipient's language, whoever sent them and in whatever language."""

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cityhive.accounts.tests.factories import UserFactory
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.notifications.kinds import NotificationKind, register
from cityhive.notifications.models import Channel, Notification
from cityhive.notifications.services import (
    notification_send,
    notification_send_to_organisation,
)
from cityhive.notifications.tasks import digests_send
from cityhive.notifications.texts import Text, language_of
from cityhive.projects.models import ConsortiumRole

pytestmark = pytest.mark.django_db

register(NotificationKind("test_chat", "Chat", "Someone wrote.", Channel.IMMEDIATE))
register(NotificationKind("test_daily_chat", "Daily chat", "Someone wrote.", Channel.DAILY))


def _send(recipients, *, kind="test_chat", key="message:1"):
    return notification_send(
        kind=kind,
        recipients=recipients,
        title=Text(_("New message from %(organisation)s"), organisation="Acme"),
        body=Text(_("Open the conversation to read it.")),
        url="/conversations/1/",
        dedupe_key=key,
    )


def test_each_recipient_reads_the_title_and_body_in_their_own_language(
    django_capture_on_commit_callbacks,
):
    # given members who chose French, Spanish, none, and a language the site does not offer
    french, spanish = UserFactory(preferred_language="fr"), UserFactory(preferred_language="es")
    unset, unknown = UserFactory(preferred_language=""), UserFactory(preferred_language="de")
    # when a sender whose interface is in Portuguese sends to them all
    with translation.override("pt"), django_capture_on_commit_callbacks(execute=True):
        assert _send([french, spanish, unset, unknown]) == 4
    # then each row and each email is in the recipient's language (English by default)
    rows = {row.recipient_id: (row.title, row.body) for row in Notification.objects.all()}
    assert rows == {
        french.pk: ("Nouveau message de Acme", "Ouvrez la conversation pour le lire."),
        spanish.pk: ("Nuevo mensaje de Acme", "Abra la conversación para leerlo."),
        unset.pk: ("New message from Acme", "Open the conversation to read it."),
        unknown.pk: ("New message from Acme", "Open the conversation to read it."),
    }
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[french.email] == "[CityHive] Nouveau message de Acme"
    assert subjects[spanish.email] == "[CityHive] Nuevo mensaje de Acme"
    assert subjects[unset.email] == "[CityHive] New message from Acme"
    french_mail = next(m for m in mail.outbox if m.to == [french.email])
    assert "Ouvrez la conversation pour le lire." in french_mail.body
    assert "Open the conversation" not in french_mail.body


def test_a_members_own_words_reach_everyone_unchanged():
    french = UserFactory(preferred_language="fr")
    notification_send(
        kind="test_chat",
        recipients=[french],
        title="Acme: pilot in Porto",
        body="Can we talk on Monday?",
        url="",
        dedupe_key="own-words",
    )
    row = Notification.objects.get(recipient=french)
    assert (row.title, row.body) == ("Acme: pilot in Porto", "Can we talk on Monday?")


def test_a_lazy_value_inside_a_text_is_translated_too():
    # given an organisation with a French and a Spanish member
    organisation = OrganisationFactory()
    french = MembershipFactory(organisation=organisation, user__preferred_language="fr").user
    spanish = MembershipFactory(organisation=organisation, user__preferred_language="es").user
    # when the city invites it as a solution provider
    notification_send_to_organisation(
        kind="test_chat",
        organisation=organisation,
        title=Text(_("Invitation to the consortium of %(project)s"), project="Cais Mauá"),
        body=Text(
            _("%(city)s invites you as %(role)s."),
            city="Porto Alegre",
            role=ConsortiumRole.SOLUTION_PROVIDER.label,
        ),
        url="",
        dedupe_key="invite:1",
    )
    # then the role's label is in each member's language
    rows = {row.recipient_id: (row.title, row.body) for row in Notification.objects.all()}
    assert rows[french.pk] == (
        "Invitation au consortium de Cais Mauá",
        "Porto Alegre vous invite en tant que Fournisseur de la solution.",
    )
    assert rows[spanish.pk][0] == "Invitación al consorcio de Cais Mauá"
    assert "invites you" not in rows[spanish.pk][1]


def test_a_digest_lists_the_items_in_the_recipients_language():
    spanish = UserFactory(preferred_language="es")
    with translation.override("fr"):
        _send([spanish], kind="test_daily_chat", key="message:2")
    assert digests_send.call(Channel.DAILY) == 1
    (message,) = mail.outbox
    assert message.subject == "[CityHive] Su resumen diario de CityHive (1)"
    assert "Nuevo mensaje de Acme" in message.body
    assert "Nouveau message" not in message.body


def test_the_language_of_a_member():
    assert language_of(UserFactory(preferred_language="ar")) == "ar"
    assert language_of(UserFactory(preferred_language="")) == "en"
    assert language_of(UserFactory(preferred_language="xx")) == "en"
