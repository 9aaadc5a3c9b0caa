"""Who may see and run projects and investment opportunities: one policy per model and access
level (`core.policies.Policy`, the query filter beside the object check), the rest `rules`
predicates.

A public project is seen by everyone, a consortium-only one by its city's members, the members
of active consortium organisations and those of organisations invited into it. Its confidential
parts (the financing plan, gate notes, risk notes, documents) are for the city and the active
members only, so a withdrawn member loses them at once. The city's members run the project; its
admins approve gates. An open investment opportunity is seen by members of
verified financiers (and by the project's circle); programme managers see everything.
"""

import rules
from django.db.models import Q

from cityhive.core.policies import EVERY_ROW, Policy, rows_in
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.permissions import (
    is_org_admin,
    is_org_member,
    is_programme_manager,
    organisation_roles,
    owner_members_policy,
)
from cityhive.projects.models import (
    ConsortiumMember,
    MemberStatus,
    OpportunityStatus,
    ProjectVisibility,
)


def verified_financier_ids(actor) -> list[int]:
    """The verified financiers the actor belongs to."""
    own = list(organisation_roles(actor))
    if not own:
        return []
    rows = Organisation.objects.filter(
        pk__in=own, kind=OrganisationKind.FINANCIER, is_verified=True
    )
    return list(rows.values_list("pk", flat=True))


def _active_project_ids(own) -> Q:
    members = ConsortiumMember.objects.filter(status=MemberStatus.ACTIVE, organisation_id__in=own)
    return Q(pk__in=members.values("project_id"))


def _in_circle(actor, project) -> bool:
    own = list(organisation_roles(actor))
    if project.city_id in own:
        return True
    return (
        bool(own)
        and project.members.filter(status=MemberStatus.ACTIVE, organisation_id__in=own).exists()
    )


def _circle_q(actor) -> Q:
    own = list(organisation_roles(actor))
    return rows_in("city_id", own) | _active_project_ids(own) if own else rows_in("pk", [])


def _project_member_q(actor) -> Q:
    return EVERY_ROW if is_programme_manager(actor) else _circle_q(actor)


def _project_member(actor, project) -> bool:
    return is_programme_manager(actor) or _in_circle(actor, project)


def _invited_q(own) -> Q:
    invited = ConsortiumMember.objects.filter(status=MemberStatus.INVITED, organisation_id__in=own)
    return Q(pk__in=invited.values("project_id"))


def _project_visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    own = list(organisation_roles(actor))
    seen = Q(visibility=ProjectVisibility.PUBLIC) | _circle_q(actor)
    return seen | _invited_q(own) if own else seen


def _is_invited(actor, project) -> bool:
    own = list(organisation_roles(actor))
    return (
        bool(own)
        and project.members.filter(status=MemberStatus.INVITED, organisation_id__in=own).exists()
    )


def _project_visible(actor, project) -> bool:
    if project.visibility == ProjectVisibility.PUBLIC or _project_member(actor, project):
        return True
    return _is_invited(actor, project)  # to read what they are invited to, not the plan


PROJECT_VISIBLE = Policy("project_visible", _project_visible_q, _project_visible)
PROJECT_MEMBER = Policy("project_member", _project_member_q, _project_member)
PROJECT_RUN = owner_members_policy("project_run", "city_id")


def _opportunity_visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    circle = Q(project__in=_circle_projects(actor))
    if verified_financier_ids(actor):
        return Q(status=OpportunityStatus.OPEN) | circle
    return circle


def _circle_projects(actor):
    from cityhive.projects.models import Project

    return Project.objects.filter(_circle_q(actor)).values("pk")


def _opportunity_visible(actor, opportunity) -> bool:
    if _project_member(actor, opportunity.project):
        return True
    return opportunity.status == OpportunityStatus.OPEN and bool(verified_financier_ids(actor))


OPPORTUNITY_VISIBLE = Policy("opportunity_visible", _opportunity_visible_q, _opportunity_visible)


@rules.predicate
def is_project_city_admin(user, project) -> bool:
    return project is not None and is_org_admin(user, project.city)


@rules.predicate
def is_city_member_of(user, organisation) -> bool:
    return (
        organisation is not None
        and organisation.kind == OrganisationKind.CITY
        and is_org_member(user, organisation)
    )


@rules.predicate
def is_verified_financier_member(user, organisation) -> bool:
    return (
        organisation is not None
        and organisation.kind == OrganisationKind.FINANCIER
        and organisation.is_verified
        and is_org_member(user, organisation)
    )


@rules.predicate
def is_invited_admin(user, member) -> bool:
    return member is not None and is_org_admin(user, member.organisation)


PROJECT_VISIBLE.register("projects.view_project")
PROJECT_MEMBER.register("projects.view_project_confidential")
PROJECT_RUN.register("projects.change_project")
OPPORTUNITY_VISIBLE.register("projects.view_opportunity")
rules.add_perm("projects.add_project_for", is_city_member_of)
rules.add_perm("projects.approve_gate", is_project_city_admin)
rules.add_perm("projects.answer_invitation", is_invited_admin)
rules.add_perm("projects.express_interest_for", is_verified_financier_member)
# Programme managers keep the directory: they may correct a financier's mandate too.
rules.add_perm(
    "projects.change_mandate",
    (is_verified_financier_member & is_org_admin) | is_programme_manager,
)
