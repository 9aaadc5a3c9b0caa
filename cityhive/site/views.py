"""The home page, the member's dashboard and the health check."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from cityhive.accounts.selectors import api_token_list_for
from cityhive.directory.selectors import (
    invitation_list_addressed_to,
    membership_list_for,
    organisation_counts,
)
from cityhive.taxonomy.selectors import taxonomy_counts


def home(request):
    context = {"organisations": organisation_counts(), "taxonomy": taxonomy_counts()}
    return render(request, "site/home.html", context)


@login_required
def dashboard(request):
    context = {
        "memberships": membership_list_for(actor=request.user),
        "invitations": invitation_list_addressed_to(actor=request.user),
        "active_tokens": sum(1 for t in api_token_list_for(actor=request.user) if t.is_active),
    }
    return render(request, "site/dashboard.html", context)


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
