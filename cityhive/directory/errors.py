from enum import StrEnum


class DirectoryErrorCode(StrEnum):
    ORGANISATION_NOT_FOUND = "organisation_not_found"
    STALE_VERSION = "stale_version"
    LAST_ADMIN = "last_admin"
    ALREADY_MEMBER = "already_member"
    INVITATION_INVALID = "invitation_invalid"
    INVITATION_EMAIL_MISMATCH = "invitation_email_mismatch"
    LOGO_INVALID = "logo_invalid"
