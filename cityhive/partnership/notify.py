"""Telling the applicant's members about a decision (notification kind `application_decision`)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy

from cityhive.notifications.kinds import AppKinds
from cityhive.notifications.services import notification_send_to_organisation
from cityhive.notifications.texts import Text
from cityhive.partnership.models import Application, ApplicationStatus

KINDS = AppKinds()
DECISION_KIND = KINDS.declare(
    "application_decision",
    label=gettext_lazy("Partnership application decisions"),
    description=gettext_lazy(
        "When a programme manager approves your company's application, asks for "
        "changes or turns it down."
    ),
)

TITLES = {
    ApplicationStatus.APPROVED: gettext_lazy("Your partnership application was approved"),
    ApplicationStatus.CHANGES_REQUESTED: gettext_lazy(
        "Changes were asked for on your partnership application"
    ),
    ApplicationStatus.REJECTED: gettext_lazy("Your partnership application was not accepted"),
}


def decision_message(application: Application) -> dict:
    """The title, body and link of a decision's notification."""
    body = application.decision_reason or Text(
        gettext_lazy("%(name)s is now a partner in the tier %(tier)s."),
        name=application.organisation.name,
        tier=application.tier.name,
    )
    return {
        "title": Text(TITLES[application.status]),
        "body": body,
        "url": reverse("partnership_application_detail", args=[application.pk]),
    }


def decision_notify(application: Application) -> int:
    """Notify every member of the applying organisation, once per decision (a retried decision
    sends nothing twice; a later decision on the same application is a new one)."""
    decided = application.decided_at.isoformat()
    return notification_send_to_organisation(
        kind=DECISION_KIND,
        organisation=application.organisation,
        dedupe_key=f"partnership-decision:{application.pk}:{application.status}:{decided}",
        **decision_message(application),
    )
