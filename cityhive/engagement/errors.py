from enum import StrEnum


class EngagementErrorCode(StrEnum):
    INTEREST_NOT_FOUND = "interest_not_found"
    MATCH_ITEM_NOT_FOUND = "match_item_not_found"
    NOT_A_SIDE = "not_a_side"
    INTRODUCTIONS_LOCKED = "introductions_locked"
    SAME_ORGANISATION = "same_organisation"
    DUPLICATE_INTEREST = "duplicate_interest"
    QUOTA_EXCEEDED = "quota_exceeded"
    INTEREST_EXPIRED = "interest_expired"
    INTEREST_ANSWERED = "interest_answered"
    INTRODUCTION_NOT_FOUND = "introduction_not_found"
    CONVERSATION_NOT_FOUND = "conversation_not_found"
    NOT_A_MEMBER = "not_a_member"
    RESPONSE_NOT_FOUND = "response_not_found"
    DUPLICATE_RESPONSE = "duplicate_response"
    CHALLENGE_NOT_OPEN = "challenge_not_open"
    NOT_A_RESPONDER = "not_a_responder"
    RESPONSE_DECIDED = "response_decided"
