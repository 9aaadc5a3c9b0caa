from enum import StrEnum


class AccountErrorCode(StrEnum):
    TOKEN_INVALID = "token_invalid"  # noqa: S105 - an error code, not a secret
    LAST_ADMIN = "last_admin"
    PROGRAMME_MANAGER_ACCOUNT = "programme_manager_account"
