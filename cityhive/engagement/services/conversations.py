"""Conversations: messages with attachments between two introduced organisations, and what each
participant has read."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from cityhive.audit.models import ContactAction
from cityhive.core.errors import ValidationFailed
from cityhive.core.permissions import require
from cityhive.core.storable import instance_storable_require
from cityhive.core.uploads import document_check, stored_name
from cityhive.directory.models import Organisation
from cityhive.engagement import notify
from cityhive.engagement.contacts import contact_log
from cityhive.engagement.models import (
    Conversation,
    Message,
    MessageAttachment,
    Participant,
)
from cityhive.engagement.services.introductions import own_side, row_get_or_create

BODY_MAX = 5000
MAX_ATTACHMENTS = 5


def _body_check(body: str) -> str:
    body = body.strip()
    if not body:
        raise ValidationFailed({"body": [gettext("Write a message.")]})
    if len(body) > BODY_MAX:
        raise ValidationFailed(
            {"body": [gettext("Keep a message to %(max)s characters.") % {"max": BODY_MAX}]}
        )
    return body


def attachments_check(uploads: list, titles: list[str] | None) -> list:
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationFailed(
            {"files": [gettext("Attach at most %(max)s files.") % {"max": MAX_ATTACHMENTS}]}
        )
    checked = []
    for index, upload in enumerate(uploads):
        field = f"files[{index}]"
        kind = document_check(upload, field=field, max_bytes=settings.SOLUTION_FILE_MAX_BYTES)
        title = ((titles or [])[index:] or [""])[0] or getattr(upload, "name", "") or "file"
        checked.append((upload, kind, title.strip()[:200]))
    return checked


def attachments_store(owner_field: str, owner, model, checked: list) -> list:
    """Save checked uploads under random names as attachments of `owner`."""
    stored = []
    for upload, kind, title in checked:
        attached = model(
            **{owner_field: owner},
            title=title,
            content_type=kind.content_type,
            size=upload.size,
        )
        instance_storable_require(attached)
        attached.file.save(stored_name(kind.extension), upload, save=False)
        attached.save()
        stored.append(attached)
    return stored


def message_post(
    *, actor, conversation: Conversation, body: str, uploads=(), titles=None
) -> Message:
    """Post a message (and its checked attachments) for your organisation; you take part in the
    conversation from then on, and the other participants are told."""
    require(actor, "engagement.post_message", conversation)
    side = own_side(actor, conversation.introduction)
    body = _body_check(body)
    checked = attachments_check(list(uploads), titles)
    with transaction.atomic():
        participant, _ = row_get_or_create(
            Participant, conversation=conversation, organisation=side, user=actor
        )
        message = Message(conversation=conversation, author=actor, organisation=side, body=body)
        instance_storable_require(message)
        message.save()
        attachments_store("message", message, MessageAttachment, checked)
        Conversation.objects.filter(pk=conversation.pk).update(
            last_message_at=message.created_at, updated_at=timezone.now()
        )
        participant.last_read_message_id = message.pk
        participant.save(update_fields=["last_read_message_id", "updated_at"])
        _message_sent(actor, conversation, side, message, len(checked))
    return message


def _message_sent(actor, conversation, side: Organisation, message: Message, files: int) -> None:
    """The contact log keeps who wrote to whom and when, never what was written."""
    contact_log(
        actor=actor,
        action=ContactAction.MESSAGE_SENT,
        sides=(side, conversation.introduction.other_side(side.pk)),
        subject=conversation,
        metadata={"message": message.pk, "attachments": files, "characters": len(message.body)},
    )
    notify.message_received(message)


def conversation_mark_read(*, actor, conversation: Conversation) -> None:
    """Mark every message of the conversation read for the member (if they take part)."""
    require(actor, "engagement.view_conversation", conversation)
    last = conversation.messages.order_by("-pk").values_list("pk", flat=True).first() or 0
    Participant.objects.filter(
        conversation=conversation, user=actor, last_read_message_id__lt=last
    ).update(last_read_message_id=last, updated_at=timezone.now())
