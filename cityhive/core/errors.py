"""Domain errors with stable codes, turned into responses in one place for HTML, one for the API."""

from enum import StrEnum

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CoreErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    CONFLICT = "conflict"
    NOT_AUTHENTICATED = "not_authenticated"
    TOO_LARGE = "too_large"
    UNAVAILABLE = "unavailable"
    SERVER_ERROR = "server_error"


class DomainError(Exception):
    """Base of every error a service or selector raises on purpose."""

    status = 400
    title = _("Invalid request")

    def __init__(
        self,
        message: str,
        *,
        code: str = CoreErrorCode.INVALID,
        field_errors: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = str(code)
        self.field_errors = field_errors or {}


class NotFound(DomainError):
    """The object does not exist, or the actor may not know that it does."""

    status = 404
    title = _("Not found")

    def __init__(self, message: str | None = None, *, code: str = CoreErrorCode.NOT_FOUND):
        super().__init__(message or gettext("Not found."), code=code)


class Forbidden(DomainError):
    """The actor may see the object but not do this to it."""

    status = 403
    title = _("Forbidden")

    def __init__(self, message: str | None = None, *, code: str = CoreErrorCode.FORBIDDEN):
        super().__init__(message or gettext("You may not do this."), code=code)


class Conflict(DomainError):
    """The request clashes with the current state (a duplicate, a stale edit)."""

    status = 409
    title = _("Conflict")

    def __init__(self, message: str, *, code: str = CoreErrorCode.CONFLICT):
        super().__init__(message, code=code)


class ValidationFailed(DomainError):
    """Input was rejected; `field_errors` says which field and why."""

    status = 400
    title = _("Invalid input")

    def __init__(self, field_errors: dict[str, list[str]], message: str | None = None):
        super().__init__(
            message or gettext("Invalid input."),
            code=CoreErrorCode.INVALID,
            field_errors=field_errors,
        )

    @classmethod
    def from_django(cls, error) -> "ValidationFailed":
        """Build from a Django ValidationError (a form's or a model's full_clean)."""
        if hasattr(error, "message_dict"):
            return cls({field: list(messages) for field, messages in error.message_dict.items()})
        return cls({"__all__": list(error.messages)})
