"""Writes for interests, introductions, conversations, responses and the programme's settings;
each checks the actor's permission first."""

from cityhive.engagement.services.conversations import conversation_mark_read, message_post
from cityhive.engagement.services.interests import (
    interest_accept,
    interest_create,
    interest_decline,
    interest_withdraw,
    interests_expire,
    match_not_relevant,
    programme_settings_get,
    programme_settings_update,
    quota_used,
)
from cityhive.engagement.services.introductions import (
    introduction_contacts_set,
    participant_add,
)
from cityhive.engagement.services.responses import (
    response_create,
    response_decline,
    response_shortlist,
)

__all__ = [
    "conversation_mark_read",
    "interest_accept",
    "interest_create",
    "interest_decline",
    "interest_withdraw",
    "interests_expire",
    "introduction_contacts_set",
    "match_not_relevant",
    "message_post",
    "participant_add",
    "programme_settings_get",
    "programme_settings_update",
    "quota_used",
    "response_create",
    "response_decline",
    "response_shortlist",
]
