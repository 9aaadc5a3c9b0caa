"""The home page, each role's dashboard, the style guide, the data sources and the health check."""

from functools import cache

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from cityhive.accounts.selectors import api_token_list_for
from cityhive.core.markdown import markdown_render
from cityhive.core.public_cache import public_cache
from cityhive.directory.selectors import organisation_counts
from cityhive.site.dashboard import dashboard_context
from cityhive.site.programme import programme_context
from cityhive.taxonomy.selectors import taxonomy_counts


@public_cache
def home(request):
    context = {"organisations": organisation_counts(), "taxonomy": taxonomy_counts()}
    return render(request, "site/home.html", context)


@login_required
def dashboard(request):
    context = {
        **dashboard_context(request.user),
        "active_tokens": sum(1 for t in api_token_list_for(actor=request.user) if t.is_active),
    }
    return render(request, "site/dashboard.html", context)


@login_required
def programme_dashboard(request):
    """The programme in figures and charts (programme managers)."""
    return render(request, "site/programme.html", programme_context(request.user))


@login_required
def styleguide(request):
    """Every interface component, for those who build pages (programme managers)."""
    if not request.user.is_staff:
        raise PermissionDenied
    return render(request, "site/styleguide.html", {"sample_rows": _STYLEGUIDE_ROWS})


_STYLEGUIDE_ROWS = [
    {"name": "City of Recife", "kind": "City", "country": "Brazil", "status": "verified"},
    {"name": "AquaSense Analytics", "kind": "Company", "country": "Spain", "status": "pending"},
]


@cache
def _data_sources_html() -> str:
    """DATA_SOURCES.md as HTML (the file ships with the code, so it is read once)."""
    return markdown_render((settings.BASE_DIR / "DATA_SOURCES.md").read_text(encoding="utf-8"))


def data_sources(request):
    """Where the shipped reference data comes from, with its licences and attributions."""
    return render(request, "site/data_sources.html", {"html": _data_sources_html()})


@never_cache
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def favicon(request):
    """Browsers that ask for /favicon.ico get the site's icon."""
    return redirect(static("core/favicon.svg"), permanent=True)
