"""What events tell participants (notifications) and record (the contact log), each call inside
the change's transaction; a dedupe key per change, so a retried call sends nothing twice."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cityhive.audit.models import ContactAction
from cityhive.engagement.contacts import contact_log
from cityhive.notifications.kinds import AppKinds
from cityhive.notifications.services import notification_send
from cityhive.notifications.texts import Text

KINDS = AppKinds()


def _meetings_url(request) -> str:
    return reverse("event_meetings", args=[request.event_id])


def _sides(request) -> tuple:
    return (request.requester.organisation, request.recipient.organisation)


MEETING_REQUEST_RECEIVED = KINDS.declare(
    "meeting_request_received",
    label=_("Meeting requests at events"),
    description=_("Another participant asks you for a 1:1 meeting at an event."),
)


def request_sent(actor, request) -> None:
    notification_send(
        kind=MEETING_REQUEST_RECEIVED,
        recipients=[request.recipient.user],
        title=Text(
            _("%(organisation)s asks you for a meeting"),
            organisation=request.requester.organisation.name,
        ),
        body=request.message,
        url=_meetings_url(request),
        dedupe_key=f"meeting-request-{request.pk}",
    )
    contact_log(
        actor=actor,
        action=ContactAction.MEETING_REQUESTED,
        sides=_sides(request),
        subject=request.event,
    )


MEETING_ANSWERED = KINDS.declare(
    "meeting_answered",
    label=_("Answers to your meeting requests"),
    description=_("A participant accepted or declined the meeting you asked for."),
)


def request_answered(actor, request) -> None:
    accepted = request.status == "accepted"
    title = (
        _("%(organisation)s accepted your meeting request")
        if accepted
        else _("%(organisation)s declined your meeting request")
    )
    notification_send(
        kind=MEETING_ANSWERED,
        recipients=[request.requester.user],
        title=Text(title, organisation=request.recipient.organisation.name),
        body=request.decline_reason,
        url=_meetings_url(request),
        dedupe_key=f"meeting-request-{request.pk}-{request.status}",
    )
    contact_log(
        actor=actor,
        action=ContactAction.MEETING_ACCEPTED if accepted else ContactAction.MEETING_DECLINED,
        sides=_sides(request),
        subject=request.event,
    )


MEETING_SCHEDULED = KINDS.declare(
    "meeting_scheduled",
    label=_("Your meeting times"),
    description=_("A meeting of yours got its time and table."),
)


def meeting_scheduled(meeting) -> None:
    request = meeting.request
    for mine, other in (
        (request.requester, request.recipient),
        (request.recipient, request.requester),
    ):
        notification_send(
            kind=MEETING_SCHEDULED,
            recipients=[mine.user],
            title=Text(
                _("Meeting with %(organisation)s at %(time)s"),
                organisation=other.organisation.name,
                time=meeting.slot.starts_at.strftime("%Y-%m-%d %H:%M UTC"),
            ),
            body=Text(_("Table %(table)s"), table=meeting.table) if meeting.table else "",
            url=_meetings_url(request),
            dedupe_key=f"meeting-{meeting.pk}-{meeting.slot_id}-{meeting.table}",
        )


MEETING_CANCELLED = KINDS.declare(
    "meeting_cancelled",
    label=_("Cancelled meetings"),
    description=_("A meeting of yours was cancelled."),
)


def meeting_cancelled(request, *, by_registration) -> None:
    other = request.recipient if by_registration.pk == request.requester_id else request.requester
    notification_send(
        kind=MEETING_CANCELLED,
        recipients=[other.user],
        title=Text(
            _("%(organisation)s cancelled your meeting"),
            organisation=by_registration.organisation.name,
        ),
        body="",
        url=_meetings_url(request),
        dedupe_key=f"meeting-request-{request.pk}-cancelled",
    )
