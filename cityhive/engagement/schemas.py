"""API shapes of interests, introductions, conversations and responses."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.urls import reverse
from ninja import Field, Schema

MatchKind = Literal["challenge", "solution", "organisation"]


class OrganisationRef(Schema):
    id: int
    slug: str
    name: str
    kind: str


class MatchItemIn(Schema):
    kind: MatchKind
    id: int = Field(ge=1, le=2**62)


class InterestCreateIn(Schema):
    subject: MatchItemIn = Field(description="What the match was computed for.")
    candidate: MatchItemIn = Field(description="What was matched to it.")
    message: str = Field("", max_length=1000)


class InterestDeclineIn(Schema):
    reason: Literal["", "not_relevant", "not_now", "other"] = ""
    note: str = Field("", max_length=500)


class InterestOut(Schema):
    id: int
    sender_organisation: OrganisationRef
    recipient_organisation: OrganisationRef
    subject_kind: str
    subject_id: int
    subject_label: str
    candidate_kind: str
    candidate_id: int
    candidate_label: str
    message: str
    status: str = Field(description="pending, accepted, declined, withdrawn or expired")
    created_at: datetime
    expires_at: datetime
    answered_at: datetime | None
    decline_reason: str
    decline_note: str
    introduction_id: int | None

    @staticmethod
    def resolve_status(interest) -> str:
        return interest.effective_status


class InterestPage(Schema):
    count: int
    results: list[InterestOut]


class ContactOut(Schema):
    organisation_id: int
    name: str
    email: str


class IntroductionOut(Schema):
    id: int
    organisations: list[OrganisationRef]
    conversation_id: int
    created_at: datetime
    contacts: list[ContactOut] = []


class ConversationOut(Schema):
    id: int
    introduction_id: int
    organisations: list[OrganisationRef]
    last_message_at: datetime | None
    unread: int = Field(0, description="Messages others wrote that you have not read.")

    @staticmethod
    def resolve_organisations(conversation) -> list:
        introduction = conversation.introduction
        return [introduction.first_organisation, introduction.second_organisation]


class AttachmentOut(Schema):
    id: int
    title: str
    content_type: str
    size: int
    download_url: str = Field(description="The file, for the conversation's two organisations")

    @staticmethod
    def resolve_download_url(attachment) -> str:
        return reverse("api:message_attachment_get", kwargs={"attachment_id": attachment.pk})


class MessageAttachmentOut(AttachmentOut):
    message_id: int
    organisation_id: int
    created_at: datetime

    @staticmethod
    def resolve_organisation_id(attachment) -> int:
        return attachment.message.organisation_id

    @staticmethod
    def resolve_created_at(attachment) -> datetime:
        return attachment.message.created_at


class MessageOut(Schema):
    id: int
    organisation_id: int
    author_name: str
    body: str
    created_at: datetime
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_author_name(message) -> str:
        author = message.author
        return (author.get_full_name() or author.email) if author else ""

    @staticmethod
    def resolve_attachments(message) -> list:
        return list(message.attachments.all())


class MessageIn(Schema):
    body: str = Field(max_length=5000)


class MessageWithFilesIn(Schema):
    body: str = Field(max_length=5000)
    titles: list[str] = Field(
        default_factory=list,
        max_length=5,
        description="A title per file, in the files' order (default: the file's name)",
    )


class ResponseCreateIn(Schema):
    company: str = Field(
        "",
        max_length=220,
        description="The responding organisation's slug (default: your first that may respond).",
    )
    solution_id: int | None = Field(None, ge=1, le=2**62)
    approach: str = Field(max_length=5000)
    cost_amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    cost_currency: str = Field("", max_length=3)
    timeline: str = Field("", max_length=200)


class ResponseDeclineIn(Schema):
    reason: str = Field(max_length=500)


class ResponseOut(Schema):
    id: int
    challenge_id: int
    company: OrganisationRef
    solution_id: int | None
    approach: str
    cost_amount: Decimal | None
    cost_currency: str
    timeline: str
    status: str = Field(description="submitted, shortlisted or declined")
    decline_reason: str
    created_at: datetime
    decided_at: datetime | None
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(response) -> list:
        return list(response.attachments.all())
