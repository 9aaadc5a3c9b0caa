from enum import StrEnum


class ProjectErrorCode(StrEnum):
    PROJECT_NOT_FOUND = "project_not_found"
    OPPORTUNITY_NOT_FOUND = "opportunity_not_found"
    MEMBER_NOT_FOUND = "consortium_member_not_found"
    STALE_STAGE = "stale_stage"
    STALE_VERSION = "stale_version"
    NOT_RECORDED = "target_not_recorded"
    DOCUMENT_NOT_FOUND = "project_document_not_found"
    LAST_STAGE = "last_stage"
    GATE_INCOMPLETE = "gate_incomplete"
    NOT_FINANCIALLY_CLOSED = "not_financially_closed"
    PLAN_DOES_NOT_ADD_UP = "plan_does_not_add_up"
    PLAN_MISSING_RATE = "plan_missing_rate"
    PLAN_NOT_COMMITTED = "plan_not_committed"
    ALREADY_MEMBER = "already_member"
    WRONG_STATE = "wrong_state"
    ALREADY_OPEN = "opportunity_already_open"
    ALREADY_INTERESTED = "already_interested"
