"""Stable error codes of the contact and security logs."""

from enum import StrEnum


class AuditErrorCode(StrEnum):
    APPEND_ONLY = "audit_append_only"
    INVALID_ACTION = "audit_invalid_action"
    INVALID_FILTER = "audit_invalid_filter"
