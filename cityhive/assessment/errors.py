"""Stable error codes of the assessment domain."""

from enum import StrEnum


class AssessmentErrorCode(StrEnum):
    ASSESSMENT_NOT_FOUND = "assessment_not_found"
    ASSESSMENT_SUBMITTED = "assessment_submitted"
    ASSESSMENT_EXISTS = "assessment_exists"
