"""A session is worth only what its sign-in proved: no second factor, no session."""

from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from cityhive.accounts.selectors import SecondFactor, session_second_factor

# Paths a member without an authenticator may use while the site asks them to set one up.
ENROLMENT_PREFIXES = ("/accounts/", "/static/", "/api/")


class SecondFactorMiddleware:
    """Ends sessions that skipped a member's second factor; sends staff without one to set it up.

    Every way in (the sign-in form, the admin's, an email link) must have passed allauth's
    authenticator step when the member has an authenticator: a session that did not is logged out,
    so it reaches neither pages, nor the admin, nor token creation.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        state = session_second_factor(request, user)
        if state is SecondFactor.SKIPPED:
            logout(request)
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('account_login')}?{query}")
        if (
            state is SecondFactor.NOT_SET_UP
            and user.is_staff
            and not request.path.startswith(ENROLMENT_PREFIXES)
        ):
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


class PreferredLanguageMiddleware:
    """Speaks a signed-in member's preferred language, on every browser they sign in from.

    Runs after LocaleMiddleware (cookie, then Accept-Language) and after authentication; a
    member without a preference keeps what LocaleMiddleware chose.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "preferred_language", "") if user is not None else ""
        if language and user.is_authenticated and translation.check_for_language(language):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
