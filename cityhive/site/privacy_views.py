"""The member's "Your data" page: download everything held about them, or delete the account.

Kept apart from views.py (the API tokens page) so that each page's views stay small.
"""

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from cityhive.accounts.forms import AccountDeleteForm
from cityhive.core.errors import DomainError
from cityhive.core.forms import apply_errors
from cityhive.site.privacy import user_data_export, user_delete


def _page(request, form: AccountDeleteForm, status: int = 200):
    return render(request, "site/user_data.html", {"form": form}, status=status)


@login_required
@require_GET
def user_data(request):
    return _page(request, AccountDeleteForm())


@login_required
@require_GET
def user_data_download(request):
    data = user_data_export(actor=request.user)
    body = json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"cityhive-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f"attachment; filename={filename}"
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def user_delete_view(request):
    form = AccountDeleteForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    # The same attempt budget as allauth's own "confirm your password" step.
    if not ratelimit.consume(request, action="reauthenticate", user=request.user):
        form.add_error("password", gettext("Too many attempts. Wait a minute, then try again."))
        return _page(request, form, status=429)
    try:
        user_delete(actor=request.user, password=form.cleaned_data["password"])
    except DomainError as error:
        apply_errors(form, error)
        return _page(request, form, status=400)
    logout(request)
    messages.success(
        request, gettext("Your account has been deleted. Thank you for using CityHive.")
    )
    return redirect("home")
