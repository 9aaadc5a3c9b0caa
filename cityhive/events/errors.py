from enum import StrEnum


class EventErrorCode(StrEnum):
    EVENT_NOT_FOUND = "event_not_found"
    REGISTRATION_NOT_FOUND = "registration_not_found"
    MEETING_REQUEST_NOT_FOUND = "meeting_request_not_found"
    STALE_VERSION = "stale_version"
    WRONG_STATE = "wrong_state"
    CLOSED = "registration_closed"
    ALREADY_REGISTERED = "already_registered"
    NOT_A_PARTICIPANT = "not_a_participant"
    ALREADY_REQUESTED = "already_requested"
    SLOT_TAKEN = "slot_taken"
