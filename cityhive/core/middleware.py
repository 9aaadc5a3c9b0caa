"""Request guards: NUL characters refused up front, and every API answer a problem document;
domain errors (and values the database cannot hold) under HTML views as pages."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from cityhive.core.api import exception_problem, invalid_input, status_problem
from cityhive.core.errors import DomainError, Forbidden, NotFound
from cityhive.core.storable import NUL, NUL_MESSAGE

# Bodies Django parses into request.POST: their fields pass form fields (which refuse NUL) and
# the services' storable checks; a file upload holds NUL bytes legitimately.
FORM_CONTENT_TYPES = frozenset({"multipart/form-data", "application/x-www-form-urlencoded"})
TOO_LARGE = "The request body is larger than this server accepts."


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _nul_fields(request) -> list[str]:
    """The query parameters (and the body, unless it is a form) holding a NUL character: no
    text field can store one (PostgreSQL refuses it), so such input is refused before any view
    reads it. The API parses a body as JSON whatever its Content-Type says, so every other
    body is searched, for the escaped and the raw character alike."""
    found = [
        key for key, values in request.GET.lists() if NUL in key or any(NUL in v for v in values)
    ]
    body = _scanned_body(request)
    if b"\\u0000" in body or b"\x00" in body:
        found.append("body")
    return found


def _scanned_body(request) -> bytes:
    """The body, unless it is a form or too large to hold in memory: a view that streams a large
    body (an exchange import) checks it itself, and any other refuses it with 413."""
    if request.content_type in FORM_CONTENT_TYPES:
        return b""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return b"" if limit is not None and length > limit else request.body


class NulCharacterMiddleware:
    """Answer 422 (API, as a validation problem) or 400 (pages) to input holding NUL, 413 to a
    body beyond DATA_UPLOAD_MAX_MEMORY_SIZE, and never answer the API with an HTML page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            fields = _nul_fields(request)
        except RequestDataTooBig:
            return self._too_large(request)
        if fields:
            return self._refused(request, fields)
        response = self.get_response(request)
        if _is_api(request) and response.status_code >= 400 and _is_html(response):
            return _as_problem(request, response)
        return response

    def _too_large(self, request):
        if _is_api(request):
            return status_problem(request, 413)
        return HttpResponse(TOO_LARGE, status=413, content_type="text/plain")

    def _refused(self, request, fields: list[str]):
        if _is_api(request):
            return invalid_input(request, errors={field: [NUL_MESSAGE] for field in fields})
        return HttpResponseBadRequest(f"{', '.join(fields)}: {NUL_MESSAGE}.")


def _is_html(response) -> bool:
    """True for an answer that is not JSON (Django's error pages, plain-text refusals)."""
    content_type = response.get("Content-Type", "")
    return not content_type.startswith(("application/json", "application/problem+json"))


def _as_problem(request, response):
    """An error answered outside the API's own handlers (an unknown path, a middleware's
    refusal, a crash before the view) as the problem document of the same status."""
    problem = status_problem(request, response.status_code)
    for header in ("Retry-After", "Allow"):  # when to retry; which methods a 405 path takes
        if response.has_header(header):
            problem[header] = response[header]
    return problem


class DomainErrorMiddleware:
    """Render Forbidden/NotFound/other domain errors; ask anonymous visitors to sign in first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if _is_api(request):
            # Only what a view outside the API's router raises reaches here.
            return exception_problem(request, exception)
        if isinstance(exception, DataError):  # e.g. an id in the URL beyond the integer range
            return HttpResponseBadRequest("A value in the request is out of range.")
        if not isinstance(exception, DomainError):
            return None
        if isinstance(exception, Forbidden) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        template = "core/404.html" if isinstance(exception, NotFound) else "core/error.html"
        context = {"error": exception}
        return render(request, template, context, status=exception.status)
