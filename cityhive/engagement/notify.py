"""What engagement tells the other side, through the notifications app (each call inside the
contact's transaction; a dedupe key per event, so a retried call sends nothing twice)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cityhive.engagement.models import InterestStatus
from cityhive.notifications.kinds import AppKinds
from cityhive.notifications.services import (
    notification_send,
    notification_send_to_organisation,
)
from cityhive.notifications.texts import Text

KINDS = AppKinds()


INTEREST_RECEIVED = KINDS.declare(
    "interest_received",
    label=_("Interest received"),
    description=_("Another organisation wants to connect with yours about a match."),
)


def interest_received(interest) -> None:
    notification_send_to_organisation(
        kind=INTEREST_RECEIVED,
        organisation=interest.recipient_organisation,
        title=Text(
            _("%(organisation)s is interested in connecting"),
            organisation=interest.sender_organisation.name,
        ),
        body=interest.message or interest.subject_label,
        url=reverse("interest_detail", args=[interest.pk]),
        dedupe_key=f"interest:{interest.pk}:received",
    )


INTEREST_ANSWERED = KINDS.declare(
    "interest_answered",
    label=_("Answers to your interest"),
    description=_("A request your organisation sent was accepted or declined."),
)


# What the sender reads, by the answer its request got.
ANSWER_TITLES = {
    InterestStatus.ACCEPTED: _("%(organisation)s accepted your interest"),
    InterestStatus.DECLINED: _("%(organisation)s declined your interest"),
}


def interest_answered(interest) -> None:
    """The sender hears that its request was accepted or declined."""
    notification_send_to_organisation(
        kind=INTEREST_ANSWERED,
        organisation=interest.sender_organisation,
        title=Text(
            ANSWER_TITLES[interest.status], organisation=interest.recipient_organisation.name
        ),
        body=interest.decline_note or interest.subject_label,
        url=reverse("interest_detail", args=[interest.pk]),
        dedupe_key=f"interest:{interest.pk}:{interest.status}",
    )


def interest_withdrawn(interest) -> None:
    """The receiving side hears that a request it had not answered was taken back."""
    notification_send_to_organisation(
        kind=INTEREST_RECEIVED,
        organisation=interest.recipient_organisation,
        title=Text(
            _("%(organisation)s withdrew its request"),
            organisation=interest.sender_organisation.name,
        ),
        body=interest.subject_label,
        url=reverse("interest_detail", args=[interest.pk]),
        dedupe_key=f"interest:{interest.pk}:withdrawn",
    )


def interest_expired(interest) -> None:
    """The sending side hears that its request expired unanswered (its place in the weekly limit
    is free again)."""
    notification_send_to_organisation(
        kind=INTEREST_ANSWERED,
        organisation=interest.sender_organisation,
        title=Text(
            _("Your request to %(organisation)s expired unanswered"),
            organisation=interest.recipient_organisation.name,
        ),
        body=interest.subject_label,
        url=reverse("interest_detail", args=[interest.pk]),
        dedupe_key=f"interest:{interest.pk}:expired",
    )


def introduction_made(introduction) -> None:
    """Both sides hear that they were introduced (as an answer to their interest)."""
    for organisation in (introduction.first_organisation, introduction.second_organisation):
        notification_send_to_organisation(
            kind=INTEREST_ANSWERED,
            organisation=organisation,
            title=Text(
                _("You were introduced to %(organisation)s"),
                organisation=introduction.other_side(organisation.pk).name,
            ),
            body=Text(_("See their contacts and start the conversation.")),
            url=reverse("introduction_detail", args=[introduction.pk]),
            dedupe_key=f"introduction:{introduction.pk}",
        )


MESSAGE_RECEIVED = KINDS.declare(
    "message_received",
    label=_("New messages"),
    description=_("A new message in a conversation you take part in."),
)


def message_received(message) -> None:
    """The conversation's other participants who still belong to their side hear of it."""
    conversation = message.conversation
    recipients = [
        participant.user
        for participant in conversation.participants.select_related("user").exclude(
            user=message.author
        )
        if participant.user.memberships.filter(organisation=participant.organisation).exists()
    ]
    notification_send(
        kind=MESSAGE_RECEIVED,
        recipients=recipients,
        title=Text(_("New message from %(organisation)s"), organisation=message.organisation.name),
        body=Text(_("Open the conversation to read it.")),
        url=reverse("conversation_detail", args=[conversation.pk]),
        dedupe_key=f"message:{message.pk}",
    )


RESPONSE_RECEIVED = KINDS.declare(
    "response_received",
    label=_("Responses to your challenges"),
    description=_("A company responded to one of your city's challenges."),
)


def response_received(response) -> None:
    notification_send_to_organisation(
        kind=RESPONSE_RECEIVED,
        organisation=response.challenge.city,
        title=Text(
            _("%(company)s responded to “%(challenge)s”"),
            company=response.company.name,
            challenge=response.challenge.title,
        ),
        body=response.approach[:300],
        url=reverse("challenge_responses", args=[response.challenge_id]),
        dedupe_key=f"response:{response.pk}:received",
    )


RESPONSE_DECIDED = KINDS.declare(
    "response_decided",
    label=_("Decisions on your responses"),
    description=_("A city shortlisted or declined your response to its challenge."),
)


def response_decided(response) -> None:
    if response.status == "shortlisted":
        title = _("%(city)s shortlisted your response to “%(challenge)s”")
    else:
        title = _("%(city)s declined your response to “%(challenge)s”")
    notification_send_to_organisation(
        kind=RESPONSE_DECIDED,
        organisation=response.company,
        title=Text(title, city=response.challenge.city.name, challenge=response.challenge.title),
        body=response.decline_reason,
        url=reverse("challenge_responses", args=[response.challenge_id]),
        dedupe_key=f"response:{response.pk}:{response.status}",
    )
