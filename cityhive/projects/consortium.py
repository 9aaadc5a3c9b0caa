"""Writes for a project's consortium: invitations, answers, withdrawals."""

from django.db import transaction
from django.utils.translation import gettext as _

from cityhive.core.errors import Conflict, Forbidden, ValidationFailed
from cityhive.core.permissions import require
from cityhive.directory.models import Organisation
from cityhive.projects import notify
from cityhive.projects.errors import ProjectErrorCode
from cityhive.projects.models import ConsortiumMember, ConsortiumRole, MemberStatus, Project
from cityhive.projects.permissions import PROJECT_RUN, is_invited_admin

STILL_IN = (MemberStatus.INVITED, MemberStatus.ACTIVE)


def _user(actor):
    return (
        actor if getattr(actor, "is_authenticated", False) and getattr(actor, "pk", None) else None
    )


def member_invite(
    *, actor, project: Project, organisation: Organisation, role: str
) -> ConsortiumMember:
    """The city invites an organisation into the consortium with a role."""
    require(actor, "projects.change_project", project)
    if role not in ConsortiumRole.values or role == ConsortiumRole.LEAD_CITY:
        raise ValidationFailed({"role": [_("Choose a role.")]})
    with transaction.atomic():
        member = (
            ConsortiumMember.objects.select_for_update()
            .filter(project=project, organisation=organisation)
            .first()
        )
        if member is not None and member.status in STILL_IN:
            raise Conflict(
                _("This organisation is already in the consortium or invited."),
                code=ProjectErrorCode.ALREADY_MEMBER,
            )
        member = member or ConsortiumMember(project=project, organisation=organisation)
        member.role, member.status, member.invited_by = role, MemberStatus.INVITED, _user(actor)
        member.answered_by = None
        member.save()
        notify.invitation_sent(actor=actor, member=member)
    return member


def member_answer(*, actor, member: ConsortiumMember, accept: bool) -> ConsortiumMember:
    """The invited organisation's admin accepts or declines."""
    require(actor, "projects.answer_invitation", member)
    with transaction.atomic():
        moved = ConsortiumMember.objects.filter(pk=member.pk, status=MemberStatus.INVITED).update(
            status=MemberStatus.ACTIVE if accept else MemberStatus.DECLINED,
            answered_by=_user(actor),
        )
        if not moved:
            raise Conflict(
                _("This invitation has already been answered."), code=ProjectErrorCode.WRONG_STATE
            )
        member.refresh_from_db()
        notify.invitation_answered(actor=actor, member=member)
    return member


def member_withdraw(*, actor, member: ConsortiumMember) -> ConsortiumMember:
    """The city removes a member, or the member's admin leaves; access ends at once."""
    if not (PROJECT_RUN.allows(actor, member.project) or is_invited_admin(actor, member)):
        raise Forbidden()
    if member.role == ConsortiumRole.LEAD_CITY:
        raise Conflict(
            _("The lead city cannot leave its own project."), code=ProjectErrorCode.WRONG_STATE
        )
    with transaction.atomic():
        moved = ConsortiumMember.objects.filter(pk=member.pk, status__in=STILL_IN).update(
            status=MemberStatus.WITHDRAWN, answered_by=_user(actor)
        )
        if not moved:
            raise Conflict(
                _("This organisation has already left."), code=ProjectErrorCode.WRONG_STATE
            )
        member.refresh_from_db()
        notify.invitation_answered(actor=actor, member=member)
    return member
