"""The contact log and the security log pages, and the contact log's CSV export (HTML)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from cityhive.audit.export import contact_csv_lines
from cityhive.audit.forms import ContactLogFilterForm, SecurityLogFilterForm
from cityhive.audit.selectors import contact_log_visible_to, security_events_visible_to

PAGE_SIZE = 50
EXPORT_CHUNK = 500


def _page(request, queryset, form):
    if not form.is_valid():
        queryset = queryset.none()  # the form says what is wrong; no guessing at a filter
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _log_page(request, *, form, queryset, templates, context):
    context = {
        **context,
        "form": form,
        "page": _page(request, queryset, form),
        "query": _query_without_page(request),
    }
    template = templates[1] if request.htmx and not request.htmx.boosted else templates[0]
    return render(request, template, context)


@login_required
def contact_log_list(request):
    form = ContactLogFilterForm(request.GET)
    entries = contact_log_visible_to(actor=request.user, filters=form.filters())
    return _log_page(
        request,
        form=form,
        queryset=entries,
        templates=("audit/contact_log.html", "audit/_contact_rows.html"),
        context={},
    )


@login_required
def contact_log_export(request):
    form = ContactLogFilterForm(request.GET)
    entries = contact_log_visible_to(actor=request.user, filters=form.filters())
    if not form.is_valid():
        entries = entries.none()
    response = StreamingHttpResponse(
        contact_csv_lines(entries.iterator(chunk_size=EXPORT_CHUNK)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="contact-log-{stamp}.csv"'
    return response


@login_required
def security_log_list(request):
    form = SecurityLogFilterForm(request.GET)
    events = security_events_visible_to(actor=request.user, filters=form.filters())
    return _log_page(
        request,
        form=form,
        queryset=events,
        templates=("audit/security_log.html", "audit/_security_rows.html"),
        context={},
    )
