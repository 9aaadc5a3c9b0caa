"""Stable error codes of notifications."""

from enum import StrEnum


class NotificationErrorCode(StrEnum):
    UNKNOWN_KIND = "notification_unknown_kind"
    UNKNOWN_CHANNEL = "notification_unknown_channel"
    NOT_FOUND = "notification_not_found"
    BAD_UNSUBSCRIBE_LINK = "notification_bad_unsubscribe_link"
