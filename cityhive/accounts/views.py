"""The member's API tokens page and the interface language switch."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from cityhive.accounts.forms import ApiTokenForm
from cityhive.accounts.selectors import api_token_list_for
from cityhive.accounts.services import api_token_create, api_token_revoke, user_language_set
from cityhive.core.errors import ValidationFailed
from cityhive.core.forms import apply_errors


@login_required
def api_token_list(request):
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        try:
            issued = api_token_create(actor=request.user, **form.cleaned_data)
            form = ApiTokenForm()
        except ValidationFailed as error:
            apply_errors(form, error)
    tokens = api_token_list_for(actor=request.user)
    context = {"form": form, "tokens": tokens, "issued": issued}
    return render(request, "accounts/api_tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def api_token_revoke_view(request, token_id: int):
    token = api_token_revoke(actor=request.user, token_id=token_id)
    messages.success(request, gettext("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_token_list")


@require_POST
def language_set(request):
    """Django's set_language (the cookie), and for a signed-in member their preference too."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        user_language_set(actor=request.user, language=language)
    return response
