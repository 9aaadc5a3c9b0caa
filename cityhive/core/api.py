"""What every API router shares: token authentication and RFC 7807 problem responses."""

from django.contrib.auth.models import AnonymousUser
from django.db import DataError
from django.http import HttpRequest, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer

from cityhive.core.errors import CoreErrorCode, DomainError

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer chv_...` with a personal API token."""

    openapi_description = "A personal API token, created on your account's API tokens page."

    def authenticate(self, request: HttpRequest, token: str):
        from cityhive.accounts.selectors import user_has_totp
        from cityhive.accounts.services import api_token_authenticate

        user = api_token_authenticate(key=token)
        if user is None or (user.is_staff and not user_has_totp(user)):
            return None
        request.user = user
        return user


def anonymous(request: HttpRequest):
    """Lets a public endpoint through without a token, as an anonymous actor."""
    if request.headers.get("Authorization"):
        return None  # a token was sent: it must be valid, never silently ignored
    request.user = AnonymousUser()
    return request.user


token_auth = ApiTokenAuth()
public_auth = [token_auth, anonymous]


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
        "title": title,
        "status": status,
        "detail": detail,
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
    detail: str = "The request did not pass validation.",
) -> JsonResponse:
    """The 422 problem every kind of invalid input gets."""
    return problem(
        request,
        status=422,
        title="Invalid input",
        detail=detail,
        code=CoreErrorCode.INVALID,
        errors=errors,
    )


def _ninja_validation_errors(error: NinjaValidationError) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for item in error.errors:
        location = [str(part) for part in item.get("loc", []) if part not in ("body", "payload")]
        fields.setdefault(".".join(location) or "__all__", []).append(item.get("msg", "Invalid."))
    return fields


def install_error_handlers(api: NinjaAPI) -> None:
    """Turn every error an API operation raises into one problem format."""

    @api.exception_handler(DomainError)
    def domain_error(request, exc: DomainError):
        return problem(
            request,
            status=exc.status,
            title=exc.title,
            detail=exc.message,
            code=exc.code,
            errors=exc.field_errors,
        )

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        return invalid_input(request, errors=_ninja_validation_errors(exc))

    @api.exception_handler(AuthenticationError)
    def authentication_error(request, exc):
        return problem(
            request,
            status=401,
            title="Not authenticated",
            detail="Send a valid, unexpired API token as 'Authorization: Bearer <token>'.",
            code=CoreErrorCode.NOT_AUTHENTICATED,
        )

    @api.exception_handler(DataError)
    def data_error(request, exc: DataError):
        # The database refused a value the schema allows (a number beyond its integer range).
        return invalid_input(request, detail="A value is out of the range this field can hold.")

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return problem(
            request,
            status=exc.status_code,
            title="Error",
            detail=str(exc),
            code=CoreErrorCode.INVALID,
        )


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
            operation.operation_id
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
