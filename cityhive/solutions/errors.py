from enum import StrEnum


class SolutionErrorCode(StrEnum):
    SOLUTION_NOT_FOUND = "solution_not_found"
    IMPLEMENTATION_NOT_FOUND = "implementation_not_found"
    STALE_VERSION = "stale_version"
    NOT_A_CITY = "not_a_city"
