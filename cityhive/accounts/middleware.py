"""Programme managers must use two-factor authentication before they can do anything else."""

from django.shortcuts import redirect
from django.urls import reverse

from cityhive.accounts.selectors import user_has_totp

ALLOWED_PREFIXES = ("/accounts/", "/static/")


class RequireMfaForStaffMiddleware:
    """Send staff without an authenticator app to set one up (the API refuses them instead)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not request.path.startswith("/api/")
            and not user_has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)
