"""Conversations: who may read and post, attachments, read state, and contacts."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from cityhive.audit.models import ContactLogEntry
from cityhive.core.errors import Forbidden, NotFound, ValidationFailed
from cityhive.directory.models import Membership
from cityhive.directory.tests.factories import MembershipFactory
from cityhive.engagement import selectors, services
from cityhive.engagement.models import Message, MessageAttachment, Participant
from cityhive.notifications.models import Notification


@pytest.fixture
def conversation(pair):
    subject, candidate = pair.items()
    interest = services.interest_create(
        actor=pair.company_member, subject=subject, candidate=candidate
    )
    services.interest_accept(actor=pair.city_member, interest=interest)
    return selectors.introduction_list_visible_to(actor=pair.city_member).get().conversation


def _fresh(user):
    """The member as the next request loads them (no cached memberships)."""
    return get_user_model().objects.get(pk=user.pk)


def test_a_message_reaches_the_other_side_and_counts_as_unread_there(pair, conversation):
    message = services.message_post(
        actor=pair.company_member, conversation=conversation, body="When can we meet?"
    )

    city_view = selectors.conversation_list_visible_to(actor=pair.city_member).get()
    company_view = selectors.conversation_list_visible_to(actor=pair.company_member).get()
    assert (city_view.unread, company_view.unread) == (1, 0)
    assert Notification.objects.filter(kind="message_received").get().recipient == pair.city_member
    entry = ContactLogEntry.objects.filter(action="message_sent").get()
    assert entry.metadata == {"message": message.pk, "attachments": 0, "characters": 17}
    assert "When can we meet?" not in str(entry.metadata) + entry.summary

    services.conversation_mark_read(actor=pair.city_member, conversation=conversation)

    assert selectors.conversation_list_visible_to(actor=pair.city_member).get().unread == 0


def test_any_member_of_a_side_may_post_and_then_takes_part(pair, conversation):
    services.message_post(actor=pair.city_admin, conversation=conversation, body="Hello from us.")

    assert Participant.objects.filter(conversation=conversation, user=pair.city_admin).exists()


def test_an_outsider_neither_reads_nor_posts(pair, conversation):
    with pytest.raises(NotFound):
        selectors.conversation_get_visible_to(actor=pair.outsider, conversation_id=conversation.pk)
    with pytest.raises(Forbidden):
        services.message_post(actor=pair.outsider, conversation=conversation, body="Hi")
    assert Message.objects.count() == 0


def test_a_member_removed_from_the_organisation_loses_access_at_once(pair, conversation):
    services.message_post(actor=pair.city_member, conversation=conversation, body="Hello.")
    Membership.objects.filter(user=pair.city_member, organisation=pair.city).delete()

    with pytest.raises(NotFound):
        selectors.conversation_get_visible_to(
            actor=_fresh(pair.city_member), conversation_id=conversation.pk
        )
    assert list(selectors.conversation_list_visible_to(actor=_fresh(pair.city_member))) == []
    participants = selectors.participant_list(conversation=conversation)
    assert [p.user for p in participants] == [pair.company_member]


def test_a_pdf_attachment_is_kept_and_a_text_file_refused_with_nothing_written(
    pair, conversation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    pdf = SimpleUploadedFile("offer.pdf", b"%PDF-1.4 offer", content_type="application/pdf")

    services.message_post(
        actor=pair.company_member, conversation=conversation, body="Our offer.", uploads=[pdf]
    )
    text = SimpleUploadedFile("notes.pdf", b"just text", content_type="application/pdf")
    with pytest.raises(ValidationFailed) as error:
        services.message_post(
            actor=pair.company_member, conversation=conversation, body="More.", uploads=[text]
        )

    assert list(error.value.field_errors) == ["files[0]"]
    assert Message.objects.count() == 1
    attached = MessageAttachment.objects.get()
    assert (attached.title, attached.content_type, attached.size) == (
        "offer.pdf",
        "application/pdf",
        14,
    )
    assert (
        selectors.message_attachment_get_visible_to(
            actor=pair.city_member, attachment_id=attached.pk
        )
        == attached
    )
    with pytest.raises(NotFound):
        selectors.message_attachment_get_visible_to(actor=pair.outsider, attachment_id=attached.pk)


def test_an_empty_message_is_refused(pair, conversation):
    with pytest.raises(ValidationFailed) as error:
        services.message_post(actor=pair.company_member, conversation=conversation, body="   ")

    assert error.value.field_errors == {"body": ["Write a message."]}
    assert Message.objects.count() == 0


def test_an_admin_adds_a_member_of_their_own_side_only(pair, conversation):
    colleague = MembershipFactory(organisation=pair.city).user

    services.participant_add(actor=pair.city_admin, conversation=conversation, user_id=colleague.pk)
    with pytest.raises(ValidationFailed):
        services.participant_add(
            actor=pair.city_admin, conversation=conversation, user_id=pair.company_admin.pk
        )
    with pytest.raises(Forbidden):
        services.participant_add(
            actor=pair.city_member, conversation=conversation, user_id=colleague.pk
        )

    taking_part = Participant.objects.filter(conversation=conversation, organisation=pair.city)
    assert sorted(taking_part.values_list("user_id", flat=True)) == sorted(
        [pair.city_member.pk, colleague.pk]
    )


def test_an_admin_chooses_the_contacts_their_side_shows(pair, conversation):
    introduction = conversation.introduction

    services.introduction_contacts_set(
        actor=pair.company_admin, introduction=introduction, user_ids=[pair.company_admin.pk]
    )

    contacts = selectors.introduction_contacts(introduction)
    assert contacts == {pair.city.pk: [pair.city_member], pair.company.pk: [pair.company_admin]}
