"""Engagement pages: the inbox, interests, introductions, conversations and responses, and the
buttons engagement adds to match lists and challenge pages."""

from cityhive.engagement.views.conversations import (
    conversation_detail,
    conversation_messages,
    introduction_detail,
    message_attachment_download,
    participant_add,
)
from cityhive.engagement.views.interests import (
    inbox,
    interest_accept,
    interest_create,
    interest_decline,
    interest_detail,
    interest_withdraw,
    match_actions,
    match_not_relevant,
    programme_settings,
)
from cityhive.engagement.views.responses import (
    challenge_actions,
    challenge_responses,
    response_attachment_download,
    response_create,
    response_decline,
    response_shortlist,
)

__all__ = [
    "challenge_actions",
    "challenge_responses",
    "conversation_detail",
    "conversation_messages",
    "inbox",
    "interest_accept",
    "interest_create",
    "interest_decline",
    "interest_detail",
    "interest_withdraw",
    "introduction_detail",
    "match_actions",
    "match_not_relevant",
    "message_attachment_download",
    "participant_add",
    "programme_settings",
    "response_attachment_download",
    "response_create",
    "response_decline",
    "response_shortlist",
]
