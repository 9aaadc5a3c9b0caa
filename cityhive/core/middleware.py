"""Request guards: NUL characters refused up front; domain errors (and values the database
cannot hold) under HTML views as pages."""

from django.contrib.auth.views import redirect_to_login
from django.db import DataError
from django.http import HttpResponseBadRequest
from django.shortcuts import render

from cityhive.core.errors import DomainError, Forbidden, NotFound

NUL = "\x00"
NUL_MESSAGE = "must not contain the NUL character"


def _nul_fields(request) -> list[str]:
    """The query parameters (and, for JSON, the body) holding a NUL character: no text field
    can store one (PostgreSQL refuses it), so such input is refused before any view reads it."""
    found = [
        key for key, values in request.GET.lists() if NUL in key or any(NUL in v for v in values)
    ]
    body = request.body if request.content_type == "application/json" else b""
    if b"\\u0000" in body or b"\x00" in body:
        found.append("body")
    return found


class NulCharacterMiddleware:
    """Answer 422 (API, as a validation problem) or 400 (pages) to input holding NUL."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        fields = _nul_fields(request)
        if not fields:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            from cityhive.core.api import invalid_input

            return invalid_input(request, errors={field: [NUL_MESSAGE] for field in fields})
        return HttpResponseBadRequest(f"{', '.join(fields)}: {NUL_MESSAGE}.")


class DomainErrorMiddleware:
    """Render Forbidden/NotFound/other domain errors; ask anonymous visitors to sign in first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, DataError):  # e.g. an id in the URL beyond the integer range
            return HttpResponseBadRequest("A value in the request is out of range.")
        if not isinstance(exception, DomainError):
            return None
        if isinstance(exception, Forbidden) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        template = "core/404.html" if isinstance(exception, NotFound) else "core/error.html"
        context = {"error": exception}
        return render(request, template, context, status=exception.status)
