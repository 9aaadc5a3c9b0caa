"""Interests, introductions, conversations and responses to challenges over the API
(/api/v1/engagement/...)."""

from typing import Literal

from ninja import Field, File, Form, Query, Schema, Status, UploadedFile

from cityhive.accounts.auth import token_auth
from cityhive.challenges.selectors import challenge_get_visible_to
from cityhive.content.api import clean_text, organisation_named
from cityhive.core.api import Router, file_download_schema, page_of
from cityhive.core.uploads import CONTENT_TYPES
from cityhive.engagement import selectors, services
from cityhive.engagement.files import attachment_response
from cityhive.engagement.matches import match_item_get_visible_to
from cityhive.engagement.schemas import (
    ConversationOut,
    InterestCreateIn,
    InterestDeclineIn,
    InterestOut,
    InterestPage,
    IntroductionOut,
    MessageAttachmentOut,
    MessageIn,
    MessageOut,
    MessageWithFilesIn,
    ResponseCreateIn,
    ResponseDeclineIn,
    ResponseOut,
)
from cityhive.solutions.selectors import solution_get_visible_to

router = Router(auth=token_auth, tags=["engagement"])
ATTACHMENT_TYPES = sorted(set(CONTENT_TYPES.values()))


class InterestQuery(Schema):
    box: Literal["received", "sent"] = "received"
    offset: int = Field(0, ge=0, le=100_000)
    limit: int = Field(20, ge=1, le=100)


class MessageQuery(Schema):
    after: int = Field(0, ge=0, le=2**62, description="Only messages after this message id")


@router.post("/engagement/interests", response={201: InterestOut})
def interest_create(request, payload: InterestCreateIn):
    """Express interest in a match to its other side (counts against your weekly limit)"""
    subject = match_item_get_visible_to(
        actor=request.auth, kind=payload.subject.kind, item_id=payload.subject.id
    )
    candidate = match_item_get_visible_to(
        actor=request.auth, kind=payload.candidate.kind, item_id=payload.candidate.id
    )
    interest = services.interest_create(
        actor=request.auth, subject=subject, candidate=candidate, message=payload.message
    )
    return Status(201, interest)


@router.get("/engagement/interests", response=InterestPage)
def interest_list(request, params: Query[InterestQuery]):
    """Requests your organisations received (box=received) or sent (box=sent)"""
    interests = selectors.interest_list_visible_to(actor=request.auth, box=params.box)
    return page_of(interests, offset=params.offset, limit=params.limit)


@router.get("/engagement/interests/{interest_id}", response=InterestOut)
def interest_get(request, interest_id: int):
    """One request your organisation sent or received"""
    return selectors.interest_get_visible_to(actor=request.auth, interest_id=interest_id)


@router.post("/engagement/interests/{interest_id}/accept", response=InterestOut)
def interest_accept(request, interest_id: int):
    """Accept a request your organisation received: the two organisations are introduced"""
    interest = selectors.interest_get_visible_to(actor=request.auth, interest_id=interest_id)
    return services.interest_accept(actor=request.auth, interest=interest)


@router.post("/engagement/interests/{interest_id}/decline", response=InterestOut)
def interest_decline(request, interest_id: int, payload: InterestDeclineIn):
    """Decline a request your organisation received, with an optional reason"""
    interest = selectors.interest_get_visible_to(actor=request.auth, interest_id=interest_id)
    return services.interest_decline(
        actor=request.auth, interest=interest, reason=payload.reason, note=clean_text(payload.note)
    )


@router.post("/engagement/interests/{interest_id}/withdraw", response=InterestOut)
def interest_withdraw(request, interest_id: int):
    """Withdraw a request your organisation sent that waits for an answer"""
    interest = selectors.interest_get_visible_to(actor=request.auth, interest_id=interest_id)
    return services.interest_withdraw(actor=request.auth, interest=interest)


def _introduction_out(introduction) -> dict:
    contacts = selectors.introduction_contacts(introduction)
    return {
        "id": introduction.pk,
        "organisations": [introduction.first_organisation, introduction.second_organisation],
        "conversation_id": introduction.conversation.pk,
        "created_at": introduction.created_at,
        "contacts": [
            {"organisation_id": pk, "name": u.get_full_name() or u.email, "email": u.email}
            for pk, users in contacts.items()
            for u in users
        ],
    }


@router.get("/engagement/introductions", response=list[IntroductionOut])
def introduction_list(request):
    """Your organisations' introductions, with the contacts each side chose"""
    introductions = selectors.introduction_list_visible_to(actor=request.auth)[:200]
    return [_introduction_out(introduction) for introduction in introductions]


@router.get("/engagement/introductions/{introduction_id}", response=IntroductionOut)
def introduction_get(request, introduction_id: int):
    """One introduction of your organisation, with both sides' contacts"""
    introduction = selectors.introduction_get_visible_to(
        actor=request.auth, introduction_id=introduction_id
    )
    return _introduction_out(introduction)


@router.get("/engagement/conversations", response=list[ConversationOut])
def conversation_list(request):
    """Your organisations' conversations, with your unread count in each"""
    return list(selectors.conversation_list_visible_to(actor=request.auth)[:200])


@router.get("/engagement/conversations/{conversation_id}/messages", response=list[MessageOut])
def message_list(request, conversation_id: int, params: Query[MessageQuery]):
    """A conversation's messages, oldest first (marks them read for you)"""
    conversation = selectors.conversation_get_visible_to(
        actor=request.auth, conversation_id=conversation_id
    )
    services.conversation_mark_read(actor=request.auth, conversation=conversation)
    return list(selectors.message_list(conversation=conversation, after=params.after)[:500])


@router.post("/engagement/conversations/{conversation_id}/messages", response={201: MessageOut})
def message_post(request, conversation_id: int, payload: MessageIn):
    """Post a message for your organisation (with files: the multipart operation)"""
    conversation = selectors.conversation_get_visible_to(
        actor=request.auth, conversation_id=conversation_id
    )
    message = services.message_post(
        actor=request.auth, conversation=conversation, body=payload.body
    )
    return Status(201, message)


@router.post(
    "/engagement/conversations/{conversation_id}/messages/with-attachments",
    response={201: MessageOut},
    description=(
        "Fields: `body`, `files` (at most 5; PDF, PNG, JPEG or WebP, judged by their content, "
        "10 MB each) and optional `titles`, one per file in order. A file that breaks a rule "
        "refuses the whole message (422, the field path names the file: `files[1]`) and nothing "
        "is stored."
    ),
)
def message_post_with_attachments(
    request,
    conversation_id: int,
    payload: Form[MessageWithFilesIn],
    files: File[list[UploadedFile]] = None,
):
    """Post a message with files for your organisation (multipart/form-data)"""
    conversation = selectors.conversation_get_visible_to(
        actor=request.auth, conversation_id=conversation_id
    )
    message = services.message_post(
        actor=request.auth,
        conversation=conversation,
        body=payload.body,
        uploads=files or [],
        titles=[clean_text(title) for title in payload.titles],
    )
    return Status(201, message)


@router.get(
    "/engagement/conversations/{conversation_id}/attachments", response=list[MessageAttachmentOut]
)
def message_attachment_list(request, conversation_id: int):
    """The files attached to a conversation's messages, oldest first"""
    conversation = selectors.conversation_get_visible_to(
        actor=request.auth, conversation_id=conversation_id
    )
    return list(selectors.message_attachment_list(conversation=conversation)[:500])


@router.get(
    "/engagement/message-attachments/{attachment_id}",
    url_name="message_attachment_get",
    description="Access is checked on every request: a member who left the organisation gets 404.",
    openapi_extra=file_download_schema(ATTACHMENT_TYPES),
)
def message_attachment_get(request, attachment_id: int):
    """Download a file of a conversation of your organisation"""
    attachment = selectors.message_attachment_get_visible_to(
        actor=request.auth, attachment_id=attachment_id
    )
    return attachment_response(attachment, name="message-attachment")


@router.post("/engagement/challenges/{challenge_id}/responses", response={201: ResponseOut})
def response_create(request, challenge_id: int, payload: ResponseCreateIn):
    """Respond to an open challenge for your organisation (once per challenge)"""
    challenge = challenge_get_visible_to(actor=request.auth, challenge_id=challenge_id)
    if payload.company:
        company = organisation_named(request, payload.company, field="company")
    else:
        company = selectors.responder_of(actor=request.auth, challenge=challenge)
    solution = None
    if payload.solution_id is not None:
        solution = solution_get_visible_to(actor=request.auth, solution_id=payload.solution_id)
    response = services.response_create(
        actor=request.auth,
        challenge=challenge,
        company=company,
        solution=solution,
        approach=payload.approach,
        cost_amount=payload.cost_amount,
        cost_currency=clean_text(payload.cost_currency),
        timeline=clean_text(payload.timeline),
    )
    return Status(201, response)


@router.get("/engagement/challenges/{challenge_id}/responses", response=list[ResponseOut])
def response_list(request, challenge_id: int):
    """Responses to a challenge: all for its city's members, your own for a company"""
    challenge = challenge_get_visible_to(actor=request.auth, challenge_id=challenge_id)
    return list(selectors.response_list_for_challenge(actor=request.auth, challenge=challenge))


@router.post("/engagement/responses/{response_id}/shortlist", response=ResponseOut)
def response_shortlist(request, response_id: int):
    """Shortlist a response to your city's challenge"""
    response = selectors.response_get_visible_to(actor=request.auth, response_id=response_id)
    return services.response_shortlist(actor=request.auth, response=response)


@router.post("/engagement/responses/{response_id}/decline", response=ResponseOut)
def response_decline(request, response_id: int, payload: ResponseDeclineIn):
    """Decline a response to your city's challenge, with the reason the company reads"""
    response = selectors.response_get_visible_to(actor=request.auth, response_id=response_id)
    return services.response_decline(
        actor=request.auth, response=response, reason=clean_text(payload.reason)
    )
