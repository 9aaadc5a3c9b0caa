from enum import StrEnum


class ChallengeErrorCode(StrEnum):
    CHALLENGE_NOT_FOUND = "challenge_not_found"
    STALE_VERSION = "stale_version"
    NOT_A_CITY = "not_a_city"
