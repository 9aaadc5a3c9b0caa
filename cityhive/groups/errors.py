from enum import StrEnum


class GroupErrorCode(StrEnum):
    GROUP_NOT_FOUND = "group_not_found"
    MEMBERSHIP_NOT_FOUND = "group_membership_not_found"
    POST_NOT_FOUND = "group_post_not_found"
    STALE_VERSION = "stale_version"
    ALREADY_MEMBER = "already_member"
    ALREADY_REQUESTED = "already_requested"
    NOT_PENDING = "request_not_pending"
    NOT_ACTIVE = "membership_not_active"
    NO_ORGANISATION = "no_organisation"
    NOT_VERIFIED = "organisation_not_verified"
    EXPERT_GROUPS_NOT_UNLOCKED = "expert_groups_not_unlocked"
