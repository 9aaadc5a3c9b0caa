"""Telling the applicant's members about a decision (notification kind `application_decision`)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityhive.partnership.models import Application, ApplicationStatus

DECISION_KIND = "application_decision"

TITLES = {
    ApplicationStatus.APPROVED: gettext_lazy("Your partnership application was approved"),
    ApplicationStatus.CHANGES_REQUESTED: gettext_lazy(
        "Changes were asked for on your partnership application"
    ),
    ApplicationStatus.REJECTED: gettext_lazy("Your partnership application was not accepted"),
}


def decision_message(application: Application) -> dict:
    """The title, body and link of a decision's notification."""
    title = str(TITLES[application.status])
    body = application.decision_reason or _("%(name)s is now a partner in the tier %(tier)s.") % {
        "name": application.organisation.name,
        "tier": application.tier.name,
    }
    url = reverse("partnership_application_detail", args=[application.pk])
    return {"title": title, "body": body, "url": url}


def decision_notify(application: Application) -> None:
    """Notify every member of the applying organisation, once per decision."""
    # Integrated with the notifications app once it is in place (contract 2).
    decision_message(application)
