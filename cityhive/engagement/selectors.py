"""Reads of interests, introductions, conversations and responses, scoped to the actor."""

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cityhive.challenges.models import Challenge
from cityhive.challenges.selectors import challenge_list_by_ids
from cityhive.core.permissions import first_visible_to
from cityhive.directory.models import Membership, Organisation
from cityhive.directory.permissions import organisation_roles
from cityhive.engagement import permissions  # noqa: F401 (registers the rules)
from cityhive.engagement.errors import EngagementErrorCode
from cityhive.engagement.models import (
    ChallengeResponse,
    Conversation,
    Interest,
    InterestStatus,
    Introduction,
    MatchItemKind,
    Message,
    MessageAttachment,
    Participant,
    ResponseAttachment,
)
from cityhive.engagement.permissions import (
    CONVERSATION_VISIBLE,
    INTEREST_VISIBLE,
    INTRODUCTION_VISIBLE,
    RESPONDER_KINDS,
    RESPONSE_VISIBLE,
)
from cityhive.solutions.selectors import solution_list_by_ids

BOXES = ("received", "sent")


def _interests() -> QuerySet[Interest]:
    return Interest.objects.select_related(
        "sender_organisation", "recipient_organisation", "sender", "answered_by"
    )


def interest_list_visible_to(*, actor, box: str = "received") -> QuerySet[Interest]:
    """The requests the actor's organisations received (or sent)."""
    own = list(organisation_roles(actor))
    field = "recipient_organisation_id__in" if box == "received" else "sender_organisation_id__in"
    return _interests().filter(INTEREST_VISIBLE.q(actor)).filter(**{field: own})


def interest_get_visible_to(*, actor, interest_id: int) -> Interest:
    """One request sent or received by one of the actor's organisations, or NotFound."""
    return first_visible_to(
        _interests().filter(pk=interest_id),
        actor=actor,
        permission="engagement.view_interest",
        code=EngagementErrorCode.INTEREST_NOT_FOUND,
    )


def interest_pending_count(*, actor) -> int:
    """Requests the actor's organisations received that wait for an answer (not expired)."""
    return (
        interest_list_visible_to(actor=actor, box="received")
        .filter(status=InterestStatus.PENDING, expires_at__gt=timezone.now())
        .count()
    )


def interest_items(interest: Interest) -> tuple[object | None, object | None]:
    """The match's two items as they are now (None for one deleted since)."""
    return _item(interest.subject_kind, interest.subject_id), _item(
        interest.candidate_kind, interest.candidate_id
    )


def _item(kind: str, item_id: int):
    if kind == MatchItemKind.CHALLENGE:
        return challenge_list_by_ids(ids=[item_id]).select_related("city").first()
    if kind == MatchItemKind.SOLUTION:
        return solution_list_by_ids(ids=[item_id]).select_related("provider").first()
    return Organisation.objects.filter(pk=item_id).first()


def interests_pending_sent_by(*, organisation_ids) -> dict[tuple[int, int, str], Interest]:
    """The waiting requests the organisations sent, by (sender, recipient, match key): one
    query for every match on a page (the newest request where a key repeats)."""
    pending = Interest.objects.filter(
        sender_organisation_id__in=list(organisation_ids),
        status=InterestStatus.PENDING,
        expires_at__gt=timezone.now(),
    ).order_by("pk")
    return {
        (i.sender_organisation_id, i.recipient_organisation_id, i.match_key): i for i in pending
    }


# --- introductions and conversations -----------------------------------------------------------


def _introductions() -> QuerySet[Introduction]:
    return Introduction.objects.select_related(
        "first_organisation", "second_organisation", "conversation"
    )


def introduction_list_visible_to(*, actor) -> QuerySet[Introduction]:
    """The introductions of the actor's organisations."""
    return _introductions().filter(INTRODUCTION_VISIBLE.q(actor))


def introduction_get_visible_to(*, actor, introduction_id: int) -> Introduction:
    """One introduction of one of the actor's organisations, or NotFound."""
    return first_visible_to(
        _introductions().filter(pk=introduction_id),
        actor=actor,
        permission="engagement.view_introduction",
        code=EngagementErrorCode.INTRODUCTION_NOT_FOUND,
    )


def introduction_contacts(introduction: Introduction) -> dict[int, list]:
    """The contacts each side chose, by organisation id (only those still its members)."""
    members = Membership.objects.filter(
        organisation_id=OuterRef("organisation_id"), user_id=OuterRef("user_id")
    )
    contacts: dict[int, list] = {pk: [] for pk in introduction.organisation_ids}
    for contact in introduction.contacts.select_related("user").filter(Exists(members)):
        contacts.setdefault(contact.organisation_id, []).append(contact.user)
    return contacts


def _conversations(actor) -> QuerySet[Conversation]:
    last_read = Participant.objects.filter(
        conversation=OuterRef("pk"), user_id=getattr(actor, "pk", None)
    ).values("last_read_message_id")[:1]
    return (
        Conversation.objects.select_related(
            "introduction__first_organisation", "introduction__second_organisation"
        )
        .filter(CONVERSATION_VISIBLE.q(actor))
        .annotate(last_read=Coalesce(Subquery(last_read), 0))
    )


def conversation_list_visible_to(*, actor) -> QuerySet[Conversation]:
    """The conversations of the actor's organisations, with the actor's unread count each."""
    return _conversations(actor).annotate(
        unread=Count(
            "messages",
            filter=Q(messages__pk__gt=F("last_read"))
            & ~Q(messages__author_id=getattr(actor, "pk", None)),
        )
    )


def conversation_get_visible_to(*, actor, conversation_id: int) -> Conversation:
    """One conversation of one of the actor's organisations, or NotFound. Membership is read
    for this request, so a member removed from the organisation is refused at once."""
    return first_visible_to(
        _conversations(actor).filter(pk=conversation_id),
        actor=actor,
        permission="engagement.view_conversation",
        code=EngagementErrorCode.CONVERSATION_NOT_FOUND,
    )


def conversation_unread_total(*, actor) -> int:
    """Unread messages in all the actor's conversations."""
    return sum(c.unread for c in conversation_list_visible_to(actor=actor))


def message_list(*, conversation: Conversation, after: int = 0) -> QuerySet[Message]:
    """A conversation's messages (after a message id), oldest first, with their attachments;
    `conversation` comes from `conversation_get_visible_to`."""
    return (
        conversation.messages.filter(pk__gt=after)
        .select_related("author", "organisation")
        .prefetch_related("attachments")
    )


def participant_list(*, conversation: Conversation) -> QuerySet[Participant]:
    """Who takes part, by organisation (members who left their organisation are left out)."""
    members = Membership.objects.filter(
        organisation_id=OuterRef("organisation_id"), user_id=OuterRef("user_id")
    )
    return (
        conversation.participants.select_related("user", "organisation")
        .filter(Exists(members))
        .order_by("organisation__name", "user__email")
    )


def message_attachment_list(*, conversation: Conversation) -> QuerySet[MessageAttachment]:
    """The files of a conversation's messages, oldest first; `conversation` comes from
    `conversation_get_visible_to`."""
    return (
        MessageAttachment.objects.filter(message__conversation=conversation)
        .select_related("message")
        .order_by("pk")
    )


def message_attachment_get_visible_to(*, actor, attachment_id: int) -> MessageAttachment:
    """An attachment of a message in a conversation the actor may read, or NotFound."""
    attachment = (
        MessageAttachment.objects.select_related("message__conversation__introduction")
        .filter(pk=attachment_id)
        .first()
    )
    conversation = attachment.message.conversation if attachment else None
    first_visible_to(
        Conversation.objects.filter(pk=getattr(conversation, "pk", None)),
        actor=actor,
        permission="engagement.view_conversation",
        code=EngagementErrorCode.CONVERSATION_NOT_FOUND,
    )
    return attachment


# --- responses ---------------------------------------------------------------------------------


def _responses() -> QuerySet[ChallengeResponse]:
    return ChallengeResponse.objects.select_related(
        "challenge__city", "company", "solution", "author", "decided_by"
    ).prefetch_related("attachments")


def response_list_for_challenge(*, actor, challenge: Challenge) -> QuerySet[ChallengeResponse]:
    """Responses to a challenge the actor may see (from `challenge_get_visible_to`): all of them
    for its city's members and programme managers, a company's own for the company."""
    return _responses().filter(challenge=challenge).filter(RESPONSE_VISIBLE.q(actor))


def response_get_visible_to(*, actor, response_id: int) -> ChallengeResponse:
    """One response the actor may see, or NotFound."""
    return first_visible_to(
        _responses().filter(pk=response_id),
        actor=actor,
        permission="engagement.view_response",
        code=EngagementErrorCode.RESPONSE_NOT_FOUND,
    )


def responder_of(*, actor, challenge: Challenge) -> Organisation | None:
    """The organisation a member responds to a challenge for: the first of theirs (by name) that
    may answer challenges, None when they belong to none."""
    roles = organisation_roles(actor)
    return (
        Organisation.objects.filter(pk__in=list(roles), kind__in=RESPONDER_KINDS)
        .exclude(pk=challenge.city_id)
        .order_by("name")
        .first()
    )


def response_of(*, company: Organisation, challenge: Challenge) -> ChallengeResponse | None:
    """The company's response to a challenge, if it sent one."""
    return _responses().filter(company=company, challenge=challenge).first()


def response_attachment_get_visible_to(*, actor, attachment_id: int) -> ResponseAttachment:
    """An attachment of a response the actor may see, or NotFound."""
    attachment = ResponseAttachment.objects.filter(pk=attachment_id).first()
    response_get_visible_to(actor=actor, response_id=getattr(attachment, "response_id", 0) or 0)
    return attachment
