from enum import StrEnum


class PartnershipErrorCode(StrEnum):
    TIER_NOT_FOUND = "tier_not_found"
    APPLICATION_NOT_FOUND = "application_not_found"
    APPLICATION_OPEN = "application_open"
    RENEWAL_NOT_OPEN = "renewal_not_open"
    NOT_EDITABLE = "application_not_editable"
    NOT_DECIDABLE = "application_not_decidable"
