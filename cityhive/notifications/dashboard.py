"""What notifications add to the dashboard (page-section slots the site app's dashboard names):
the member's unread notifications, and for programme managers the emails that could not be sent."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cityhive.core.sections import contribute, first_few
from cityhive.notifications.kinds import NEW_MATCHES
from cityhive.notifications.models import EmailDelivery, EmailStatus
from cityhive.notifications.selectors import match_threshold_of, notification_list_of

DASHBOARD_NEW = "dashboard_new"
DASHBOARD_PROGRAMME = "dashboard_programme"
DASHBOARD_FIGURES = "dashboard_figures"


def unread_notifications(user) -> list[dict]:
    """The member's first few unread notifications, then a link to all of them (new matches
    of an organisation are shown in its own card instead: `new_matches_of`)."""
    unread = (
        notification_list_of(actor=user)
        .filter(read_at__isnull=True)
        .exclude(kind=NEW_MATCHES.code, dedupe_key__startswith="new_matches:")
    )
    shown, count = first_few(unread)
    items = [
        {"label": n.title, "url": reverse("notification_list"), "detail": _("Notification")}
        for n in shown
    ]
    if count > len(shown):
        items.append(
            {
                "label": _("All %(count)d unread notifications") % {"count": count},
                "url": reverse("notification_list"),
            }
        )
    return items


def failed_emails(user) -> dict:
    """Emails that failed their last try (programme managers try them again in the admin)."""
    failed = EmailDelivery.objects.filter(status=EmailStatus.FAILED).select_related("recipient")
    shown, count = first_few(failed)
    admin_list = reverse("admin:notifications_emaildelivery_changelist") + "?status__exact=failed"
    items = [
        {"label": delivery.recipient.email, "url": admin_list, "detail": delivery.last_error}
        for delivery in shown
    ]
    if count > len(shown):
        items.append(
            {"label": _("All %(count)d failed emails") % {"count": count}, "url": admin_list}
        )
    return {
        "title": _("Emails that could not be sent"),
        "items": items,
        "empty": _("Every notification email went out."),
    }


def new_matches_of(user, organisation) -> dict:
    """The organisation's new matches at or above its threshold that this member has not read
    yet (announced by `new_matches_notify`), each leading to its match list."""
    threshold = match_threshold_of(organisation)
    unread = notification_list_of(actor=user).filter(
        kind=NEW_MATCHES.code,
        read_at__isnull=True,
        dedupe_key__startswith=f"new_matches:{organisation.pk}:",
    )
    shown, count = first_few(unread)
    items = [{"label": n.title, "url": n.url, "detail": n.body} for n in shown]
    if count > len(shown):
        items.append(
            {
                "label": _("All %(count)d unread notifications") % {"count": count},
                "url": reverse("notification_list"),
            }
        )
    return {
        "title": _("New matches at or above %(threshold)d%%") % {"threshold": threshold},
        "items": items,
        "empty": _("No new match reaches your threshold yet."),
    }


def contribute_all() -> None:
    """Register the dashboard parts (from AppConfig.ready)."""
    contribute(DASHBOARD_NEW, "notifications", unread_notifications)
    contribute(DASHBOARD_PROGRAMME, "notifications", failed_emails)
    contribute(DASHBOARD_FIGURES, "notifications", new_matches_of)
