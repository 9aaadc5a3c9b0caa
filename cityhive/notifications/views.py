"""The member's notifications, their preferences, and unsubscribing from an email link (HTML)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cityhive.core.errors import DomainError
from cityhive.directory.models import MembershipRole
from cityhive.directory.selectors import membership_list_for, organisation_get_administered_by
from cityhive.notifications import selectors, services
from cityhive.notifications.forms import PreferencesForm, ThresholdForm
from cityhive.notifications.kinds import kind_get

PAGE_SIZE = 30


def _list_context(request) -> dict:
    notifications = selectors.notification_list_of(actor=request.user)
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "page": page,
        "unread": selectors.notification_unread_count(actor=request.user),
    }


@login_required
def notification_list(request):
    return render(request, "notifications/notification_list.html", _list_context(request))


def _posted_id(request) -> int | None:
    try:
        return int(request.POST.get("notification", ""))
    except ValueError:
        return None


def _safe(request, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@login_required
@require_POST
def notification_read(request):
    """Mark one notification read; "open" then follows its link."""
    notification_id = _posted_id(request)
    if notification_id is None:
        return HttpResponseBadRequest(_("Say which notification to mark read."))
    notification = services.notification_mark_read(
        actor=request.user, notification_id=notification_id
    )
    if request.POST.get("open") and _safe(request, notification.url):
        return redirect(notification.url)
    if request.htmx:
        context = {
            "notification": notification,
            "unread": selectors.notification_unread_count(actor=request.user),
        }
        return render(request, "notifications/_read.html", context)
    return redirect("notification_list")


@login_required
@require_POST
def notification_read_all(request):
    count = services.notification_mark_all_read(actor=request.user)
    if request.htmx:
        return render(request, "notifications/_list.html", _list_context(request))
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("notification_list")


def _administered(user) -> list:
    memberships = membership_list_for(actor=user).filter(role=MembershipRole.ADMIN)
    return [
        (membership.organisation, selectors.match_threshold_of(membership.organisation))
        for membership in memberships
    ]


@login_required
def notification_preferences(request):
    rows = selectors.preference_rows_of(actor=request.user)
    form = PreferencesForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        services.preferences_set(actor=request.user, channels=form.channels())
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notification_preferences")
    context = {"form": form, "organisations": _administered(request.user)}
    return render(request, "notifications/preferences.html", context)


@login_required
@require_POST
def match_threshold_edit(request, slug: str):
    organisation = organisation_get_administered_by(actor=request.user, slug=slug)
    form = ThresholdForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the threshold as a whole number from 0 to 100."))
        return redirect("notification_preferences")
    services.match_threshold_set(
        actor=request.user, organisation=organisation, threshold=form.cleaned_data["threshold"]
    )
    messages.success(
        request,
        _("New matches for %(name)s are notified from a score of %(score)d.")
        % {"name": organisation.name, "score": form.cleaned_data["threshold"]},
    )
    return redirect("notification_preferences")


# A mail client's one-click unsubscribe (RFC 8058) posts without a CSRF token: the signed token
# is what authorises the change, and it changes nothing but that member's email channel.
@csrf_exempt
def notification_unsubscribe(request, token: str):
    try:
        _user_id, kinds = services.unsubscribe_check(token=token)
    except DomainError as error:
        return render(
            request, "notifications/unsubscribe.html", {"error": error.message}, status=400
        )
    labels = [kind_get(kind).label for kind in kinds]
    if request.method == "POST":
        services.unsubscribe_apply(token=token)
        return render(request, "notifications/unsubscribe.html", {"done": True, "labels": labels})
    return render(request, "notifications/unsubscribe.html", {"labels": labels})
