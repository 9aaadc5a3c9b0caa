"""Turning domain errors raised under an HTML view into 403/404 pages."""

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render

from cityhive.core.errors import DomainError, Forbidden, NotFound


class DomainErrorMiddleware:
    """Render Forbidden/NotFound/other domain errors; ask anonymous visitors to sign in first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        if isinstance(exception, Forbidden) and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        template = "core/404.html" if isinstance(exception, NotFound) else "core/error.html"
        context = {"error": exception}
        return render(request, template, context, status=exception.status)
