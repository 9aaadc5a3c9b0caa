"""What every API router shares: anonymous access and RFC 7807 problem responses (token
authentication is the accounts app's: cityhive/accounts/auth.py)."""

import inspect
import logging
from http import HTTPStatus
from typing import Annotated

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import RequestDataTooBig
from django.db import DataError, IntegrityError, OperationalError
from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext
from ninja import NinjaAPI
from ninja import Router as NinjaRouter
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.operation import Operation
from pydantic import Field

from cityhive.core.errors import CoreErrorCode, DomainError, ValidationFailed

PROBLEM_CONTENT_TYPE = "application/problem+json"
# The largest id a row can have (a signed 64-bit integer), for filters that name a row by its id.
MAX_ID = 2**63 - 1
# A list operation's window: where it starts (at most MAX_OFFSET rows in) and how many rows.
MAX_OFFSET = 1_000_000
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET)]
Limit = Annotated[int, Field(ge=1, le=100)]
# How long a client should wait before retrying when the database is busy or unavailable.
RETRY_AFTER_SECONDS = 5
logger = logging.getLogger("django.request")


def anonymous(request: HttpRequest):
    """Lets a public endpoint through without a token, as an anonymous actor."""
    if request.headers.get("Authorization"):
        return None  # a token was sent: it must be valid, never silently ignored
    request.user = AnonymousUser()
    return request.user


class Router(NinjaRouter):
    """A router whose operations take their summary from their docstring's first paragraph and
    their description from the rest of it (PEP 257's summary line and body), unless named."""

    def add_api_operation(self, path, methods, view_func, **kwargs) -> None:
        summary, _, body = inspect.cleandoc(view_func.__doc__ or "").partition("\n\n")
        kwargs["summary"] = kwargs.get("summary") or " ".join(summary.split()) or None
        description = kwargs.get("description") or body.strip() or None
        super().add_api_operation(path, methods, view_func, **kwargs)
        # Left unnamed, an operation's description would be its whole docstring.
        self.path_operations[path].operations[-1].description = description


def page_of(queryset, *, offset: int, limit: int) -> dict:
    """One window of a list and the number of all its rows: a list operation's answer."""
    window = queryset[offset : offset + limit]
    return {"count": queryset.count(), "results": list(window)}


def problem(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    detail: str,
    code: str,
    errors: dict[str, list[str]] | None = None,
) -> JsonResponse:
    """An RFC 7807 problem document."""
    body = {
        "type": f"https://cityhive.example/problems/{code}",
        "title": str(title),
        "status": status,
        "detail": str(detail),
        "code": code,
        "instance": request.path,
    }
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)


def invalid_input(
    request: HttpRequest,
    *,
    errors: dict[str, list[str]] | None = None,
    detail: str | None = None,
) -> JsonResponse:
    """The 422 problem every kind of invalid input gets."""
    return problem(
        request,
        status=422,
        title=gettext("Invalid input"),
        detail=detail or gettext("The request did not pass validation."),
        code=CoreErrorCode.INVALID,
        errors=errors,
    )


def _ninja_validation_errors(error: NinjaValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for item in error.errors:
        location = [str(part) for part in item.get("loc", []) if part not in ("body", "payload")]
        fields.setdefault(".".join(location) or "__all__", []).append(
            item.get("msg", gettext("Invalid."))
        )
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    """Turn every error an API operation raises into one problem format."""

    api.add_exception_handler(DomainError, domain_problem)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        return invalid_input(request, errors=_ninja_validation_errors(exc))

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        return problem(
            request,
            status=401,
            title=gettext("Not authenticated"),
            detail=gettext("Send a valid, unexpired API token as 'Authorization: Bearer <token>'."),
            code=CoreErrorCode.NOT_AUTHENTICATED,
        )

    for kind in (DataError, IntegrityError, OperationalError, RequestDataTooBig, Exception):
        api.add_exception_handler(kind, exception_problem)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return problem(
            request,
            status=exc.status_code,
            title=gettext("Error"),
            detail=str(exc),
            code=CoreErrorCode.INVALID,
        )


def domain_problem(request: HttpRequest, exc: DomainError) -> JsonResponse:
    """The problem document of a domain error; invalid input is 422 whoever found it."""
    return problem(
        request,
        status=422 if isinstance(exc, ValidationFailed) else exc.status,
        title=exc.title,
        detail=exc.message,
        code=exc.code,
        errors=exc.field_errors,
    )


def exception_problem(request: HttpRequest, exc: Exception) -> JsonResponse:
    """The problem document for any exception an API request raised."""
    if isinstance(exc, DomainError):
        return domain_problem(request, exc)
    if isinstance(exc, RequestDataTooBig):
        return problem(
            request,
            status=413,
            title=gettext("Request too large"),
            detail=gettext("The request body is larger than this server accepts."),
            code=CoreErrorCode.TOO_LARGE,
        )
    if isinstance(exc, DataError) or sqlite_overflow(exc):
        return invalid_input(request, detail=data_error_detail(exc))
    if isinstance(exc, IntegrityError):
        return problem(
            request,
            status=409,
            title=gettext("Conflict"),
            detail=gettext(
                "The change clashes with one saved at the same moment: reload and try again."
            ),
            code=CoreErrorCode.CONFLICT,
        )
    if isinstance(exc, OperationalError):
        return database_unavailable(request, exc)
    logger.error(
        "Internal Server Error: %s", request.path, exc_info=exc, extra={"status_code": 500}
    )
    return server_error(request)


def sqlite_overflow(exc: Exception) -> bool:
    """SQLite refusing an integer parameter beyond 64 bits (PostgreSQL says DataError)."""
    return isinstance(exc, OverflowError) and "sqlite integer" in str(exc).lower()


def data_error_detail(exc: Exception) -> str:
    """Say which kind of value the database refused (PostgreSQL's words are not for people)."""
    text = str(exc).lower()
    if "0x00" in text or "\\u0000" in text:
        return gettext("A text holds the NUL character, which cannot be stored.")
    if "too long" in text:
        return gettext("A text is longer than its field can hold.")
    if "out of range" in text or "overflow" in text or "too large to convert" in text:
        return gettext("A number is out of the range its field can hold.")
    return gettext("A value cannot be stored in its field.")


def database_unavailable(request: HttpRequest, exc: OperationalError) -> JsonResponse:
    """503 with Retry-After: the database stayed locked (or unreachable) longer than we wait."""
    locked = "locked" in str(exc).lower() or "busy" in str(exc).lower()
    logger.warning("Database unavailable for %s: %s", request.path, exc)
    response = problem(
        request,
        status=503,
        title=gettext("Service unavailable"),
        detail=(
            gettext("The database is busy with other writes: try again in a few seconds.")
            if locked
            else gettext("The database cannot be reached: try again in a few seconds.")
        ),
        code=CoreErrorCode.UNAVAILABLE,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> JsonResponse:
    """500 as a problem document: what went wrong is in the server's log, not the response."""
    return problem(
        request,
        status=500,
        title=gettext("Server error"),
        detail=gettext("Something went wrong on our side; it has been logged."),
        code=CoreErrorCode.SERVER_ERROR,
    )


def status_problem(request: HttpRequest, status: int) -> JsonResponse:
    """A problem document for a bare status (an error answered before any API code ran)."""
    codes = {
        404: CoreErrorCode.NOT_FOUND,
        403: CoreErrorCode.FORBIDDEN,
        409: CoreErrorCode.CONFLICT,
        413: CoreErrorCode.TOO_LARGE,
        503: CoreErrorCode.UNAVAILABLE,
    }
    default = CoreErrorCode.SERVER_ERROR if status >= 500 else CoreErrorCode.INVALID
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    return problem(
        request,
        status=status,
        title=phrase,
        detail=f"{phrase}.",
        code=codes.get(status, default),
    )


def file_download_schema(content_types) -> dict:
    """The `openapi_extra` of an operation that answers with a stored file of one of
    `content_types` (sent as a download, images inline)."""
    binary = {"type": "string", "format": "binary"}
    return {
        "responses": {
            200: {
                "description": "The file, as a download (images inline)",
                "content": {
                    content_type: {"schema": dict(binary)} for content_type in content_types
                },
            }
        }
    }


PROBLEM_SCHEMA = {
    "title": "Problem",
    "description": "An RFC 7807 problem document with a stable error code.",
    "type": "object",
    "required": ["type", "title", "status", "detail", "code"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "instance": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


class CityHiveApi(NinjaAPI):
    """NinjaAPI whose schema documents our problem responses and optional authentication."""

    def get_openapi_operation_id(self, operation: Operation) -> str:
        """An operation's id is its function's name, unless it names another (`operation_id=`)."""
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs):
        schema = super().get_openapi_schema(**kwargs)
        schema["components"].setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        public = self._public_operation_ids()
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = {str(code): answer for code, answer in operation["responses"].items()}
                responses.setdefault("default", _problem_response())
                operation["responses"] = responses
                if operation["operationId"] in public:
                    operation["security"] = [*operation.get("security", []), {}]
        return schema

    def _public_operation_ids(self) -> set[str]:
        return {
            operation.operation_id or self.get_openapi_operation_id(operation)
            for _, router in self._routers
            for path_view in router.path_operations.values()
            for operation in path_view.operations
            if anonymous in (operation.auth_callbacks or [])
        }


def _problem_response() -> dict:
    return {
        "description": "An error, as an RFC 7807 problem document",
        "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }
