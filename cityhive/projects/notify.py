"""What projects tell organisations (notifications) and record (the contact log), inside the
change's transaction; a dedupe key per change, so a retried call sends nothing twice."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cityhive.audit.models import ContactAction
from cityhive.engagement.contacts import contact_log
from cityhive.notifications.kinds import AppKinds
from cityhive.notifications.services import notification_send_to_organisation
from cityhive.notifications.texts import Text
from cityhive.projects.models import ConsortiumRole, MemberStatus

KINDS = AppKinds()


def _choice_label(choices, value: str):
    """A choice's label, still lazy, so each recipient reads it in their language."""
    return choices(value).label if value in choices.values else value


def _project_url(project) -> str:
    return reverse("project_detail", args=[project.pk])


CONSORTIUM_INVITATION = KINDS.declare(
    "consortium_invitation",
    label=_("Invitations to project consortia"),
    description=_("A city invites your organisation into a project's consortium."),
)


def invitation_sent(*, actor, member) -> None:
    """Tell the invited organisation and log the contact."""
    project = member.project
    notification_send_to_organisation(
        kind=CONSORTIUM_INVITATION,
        organisation=member.organisation,
        title=Text(_("Invitation to the consortium of %(project)s"), project=project.title),
        body=Text(
            _("%(city)s invites you as %(role)s."),
            city=project.city.name,
            role=_choice_label(ConsortiumRole, member.role),
        ),
        url=_project_url(project),
        dedupe_key=f"consortium-invite-{member.pk}-{member.updated_at.timestamp()}",
    )
    contact_log(
        actor=actor,
        action=ContactAction.INTEREST_SENT,
        sides=(project.city, member.organisation),
        subject=project,
        summary=gettext("Consortium invitation"),
        metadata={"consortium_member": member.pk, "role": member.role},
    )


CONSORTIUM_ANSWER = KINDS.declare(
    "consortium_answer",
    label=_("Answers to consortium invitations"),
    description=_("An organisation accepted, declined or left your project's consortium."),
)


def invitation_answered(*, actor, member) -> None:
    """Tell the city how an invitation was answered and log the contact."""
    project = member.project
    notification_send_to_organisation(
        kind=CONSORTIUM_ANSWER,
        organisation=project.city,
        title=Text(
            _("%(organisation)s answered your invitation"), organisation=member.organisation.name
        ),
        body=Text(_choice_label(MemberStatus, member.status)),
        url=_project_url(project),
        dedupe_key=f"consortium-answer-{member.pk}-{member.status}-{member.updated_at.timestamp()}",
    )
    action = {
        "active": ContactAction.INTEREST_ACCEPTED,
        "declined": ContactAction.INTEREST_DECLINED,
    }.get(member.status, ContactAction.INTEREST_WITHDRAWN)
    contact_log(
        actor=actor,
        action=action,
        sides=(project.city, member.organisation),
        subject=project,
        summary=gettext("Consortium invitation answered"),
        metadata={"consortium_member": member.pk, "status": member.status},
    )


OPPORTUNITY_MATCHED = KINDS.declare(
    "opportunity_matched",
    label=_("Investment opportunities for your mandate"),
    description=_("A project matching your financing mandate opened to financiers."),
)


def opportunity_matched(*, opportunity, financier) -> None:
    """Tell a financier whose mandate fits that an opportunity opened."""
    notification_send_to_organisation(
        kind=OPPORTUNITY_MATCHED,
        organisation=financier,
        title=Text(_("New investment opportunity: %(project)s"), project=opportunity.project.title),
        body=opportunity.summary,
        url=reverse("opportunity_detail", args=[opportunity.pk]),
        dedupe_key=f"opportunity-matched-{opportunity.pk}",
    )


OPPORTUNITY_INTEREST = KINDS.declare(
    "opportunity_interest",
    label=_("Financiers' interest in your projects"),
    description=_("A financier is interested in your project's investment opportunity."),
)


def interest_sent(*, actor, interest) -> None:
    """Tell the city a financier is interested and log the contact."""
    project = interest.opportunity.project
    notification_send_to_organisation(
        kind=OPPORTUNITY_INTEREST,
        organisation=project.city,
        title=Text(
            _("%(financier)s is interested in %(project)s"),
            financier=interest.financier.name,
            project=project.title,
        ),
        body=interest.note,
        url=reverse("opportunity_detail", args=[interest.opportunity_id]),
        dedupe_key=f"opportunity-interest-{interest.pk}",
    )
    contact_log(
        actor=actor,
        action=ContactAction.INTEREST_SENT,
        sides=(project.city, interest.financier),
        subject=interest.opportunity,
        summary=gettext("Interest in an investment opportunity"),
        metadata={"opportunity": interest.opportunity_id},
    )
