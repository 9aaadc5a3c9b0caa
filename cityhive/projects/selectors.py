"""Reads of projects, opportunities and the proposals around them, scoped to the actor."""

from django.db.models import QuerySet

from cityhive.core.errors import NotFound
from cityhive.core.permissions import first_visible_to, require
from cityhive.directory.models import Organisation, OrganisationKind
from cityhive.directory.permissions import is_programme_manager, organisation_roles
from cityhive.projects.errors import ProjectErrorCode
from cityhive.projects.fit import (
    Capability,
    Fit,
    MandateView,
    OpportunityView,
    consortium_proposals,
    fits_ranked,
    mandate_fit,
)
from cityhive.projects.models import (
    ConsortiumMember,
    ConsortiumRole,
    InvestmentOpportunity,
    Mandate,
    MemberStatus,
    Milestone,
    OpportunityStatus,
    Project,
    ProjectTarget,
)
from cityhive.projects.permissions import (
    OPPORTUNITY_VISIBLE,
    PROJECT_MEMBER,
    PROJECT_RUN,
    PROJECT_VISIBLE,
)
from cityhive.solutions.models import Solution, SolutionStatus
from cityhive.taxonomy.selectors import facet_labels

NOT_FOUND = ProjectErrorCode.PROJECT_NOT_FOUND


def project_list_visible_to(*, actor) -> QuerySet[Project]:
    """Projects the actor may see, newest first."""
    rows = Project.objects.filter(PROJECT_VISIBLE.q(actor)).distinct()
    return rows.select_related("city").order_by("-created_at", "-pk")


def _one(pk: int):
    return Project.objects.filter(pk=pk).select_related("city", "challenge")


def project_get_visible_to(*, actor, project_id: int) -> Project:
    """One project the actor may see (NotFound otherwise)."""
    return first_visible_to(
        _one(project_id), actor=actor, permission="projects.view_project", code=NOT_FOUND
    )


def project_get_run_by(*, actor, project_id: int) -> Project:
    """One project the actor's city runs (NotFound when hidden, Forbidden when only visible)."""
    project = project_get_visible_to(actor=actor, project_id=project_id)
    require(actor, "projects.change_project", project)
    return project


def project_is_member(*, actor, project: Project) -> bool:
    """May the actor see the project's confidential parts (plan, gate notes, risk notes)?"""
    return PROJECT_MEMBER.allows(actor, project)


def project_runs(*, actor, project: Project) -> bool:
    """Does the actor's city run the project?"""
    return PROJECT_RUN.allows(actor, project)


def opportunity_list_visible_to(*, actor) -> QuerySet[InvestmentOpportunity]:
    """Investment opportunities the actor may see."""
    rows = InvestmentOpportunity.objects.filter(OPPORTUNITY_VISIBLE.q(actor))
    return rows.select_related("project", "project__city").order_by("-created_at", "-pk")


def opportunity_get_visible_to(*, actor, opportunity_id: int) -> InvestmentOpportunity:
    """One opportunity the actor may see (NotFound otherwise)."""
    rows = InvestmentOpportunity.objects.filter(pk=opportunity_id).select_related(
        "project", "project__city"
    )
    return first_visible_to(
        rows,
        actor=actor,
        permission="projects.view_opportunity",
        code=ProjectErrorCode.OPPORTUNITY_NOT_FOUND,
    )


def member_get(*, actor, member_id: int) -> ConsortiumMember:
    """A consortium row the actor's organisation or the project's city may act on."""

    member = (
        ConsortiumMember.objects.select_related("project", "organisation")
        .filter(pk=member_id)
        .first()
    )
    own = organisation_roles(actor)
    if member is None or not (
        member.organisation_id in own
        or member.project.city_id in own
        or is_programme_manager(actor)
    ):
        raise NotFound(code=ProjectErrorCode.MEMBER_NOT_FOUND)
    return member


# --- financiers and opportunities, both ways -------------------------------------------------


def _sdgs(targets) -> frozenset[int]:
    goals = set()
    for target in targets:
        head = str(target).split(".", 1)[0]
        if head.isdigit():
            goals.add(int(head))
    return frozenset(goals)


def opportunity_view(opportunity: InvestmentOpportunity) -> OpportunityView:
    """What the fit compares of an opportunity."""
    project = opportunity.project
    return OpportunityView(
        id=opportunity.pk,
        categories=frozenset(project.categories),
        country=str(project.city.country),
        sdgs=_sdgs(project.sdg_targets),
        instruments=frozenset(opportunity.instruments),
        ticket_min=opportunity.ticket_min,
        ticket_max=opportunity.ticket_max,
        currency=project.currency,
    )


def mandate_view(mandate: Mandate) -> MandateView:
    """What the fit compares of a mandate."""
    return MandateView(
        id=mandate.financier_id,
        sectors=frozenset(mandate.sectors),
        countries=frozenset(mandate.countries),
        sdgs=frozenset(mandate.sdgs),
        instruments=frozenset(mandate.instruments),
        ticket_min=mandate.ticket_min,
        ticket_max=mandate.ticket_max,
        currency=mandate.currency,
    )


def _verified_mandates() -> QuerySet[Mandate]:
    return Mandate.objects.filter(
        financier__kind=OrganisationKind.FINANCIER, financier__is_verified=True
    ).select_related("financier")


def financiers_fitting(opportunity: InvestmentOpportunity) -> list[Fit]:
    """Verified financiers whose mandate fits the opportunity, best first (ids: organisations)."""
    target = opportunity_view(opportunity)
    fits = [
        mandate_fit(mandate_view(m), target, subject_id=m.financier_id)
        for m in _verified_mandates()
    ]
    return fits_ranked(fits)


def financiers_for_opportunity(
    *, actor, opportunity: InvestmentOpportunity
) -> list[tuple[Organisation, Fit]]:
    """For the project's circle: the financiers to approach, with the reasons."""
    if not PROJECT_MEMBER.allows(actor, opportunity.project):
        return []
    fits = financiers_fitting(opportunity)
    names = Organisation.objects.in_bulk([f.id for f in fits])
    return [(names[f.id], f) for f in fits]


def opportunities_for_financier(
    *, actor, financier: Organisation
) -> list[tuple[InvestmentOpportunity, Fit]]:
    """Open opportunities the financier's mandate fits, best first, with the reasons."""
    mandate = Mandate.objects.filter(financier=financier).first()
    if mandate is None:
        return []
    view = mandate_view(mandate)
    rows = opportunity_list_visible_to(actor=actor).filter(status=OpportunityStatus.OPEN)
    by_id = {o.pk: o for o in rows}
    fits = fits_ranked(
        [mandate_fit(view, opportunity_view(o), subject_id=o.pk) for o in by_id.values()]
    )
    return [(by_id[f.id], f) for f in fits]


# --- the consortium builder --------------------------------------------------------------------

WANTED_ROLES = frozenset(
    {ConsortiumRole.SOLUTION_PROVIDER, ConsortiumRole.OPERATOR, ConsortiumRole.FINANCIER}
)
KIND_ROLES = {
    OrganisationKind.COMPANY: frozenset(
        {ConsortiumRole.SOLUTION_PROVIDER, ConsortiumRole.OPERATOR}
    ),
    OrganisationKind.FINANCIER: frozenset({ConsortiumRole.FINANCIER}),
    OrganisationKind.INTERNATIONAL_ORG: frozenset({ConsortiumRole.INTERNATIONAL_ORG}),
    OrganisationKind.ACADEMIA: frozenset({ConsortiumRole.ADVISOR}),
}


def _capabilities(organisations) -> list[Capability]:
    ids = [o.pk for o in organisations]
    offered: dict[int, set[str]] = {pk: set() for pk in ids}
    published = Solution.objects.filter(provider_id__in=ids, status=SolutionStatus.PUBLISHED)
    for provider_id, categories in published.values_list("provider_id", "categories"):
        offered[provider_id].update(categories)
    for financier_id, sectors in Mandate.objects.filter(financier_id__in=ids).values_list(
        "financier_id", "sectors"
    ):
        offered[financier_id].update(sectors)
    return [
        Capability(
            id=o.pk,
            name=o.name,
            roles=KIND_ROLES.get(o.kind, frozenset()),
            categories=frozenset(offered[o.pk]),
        )
        for o in organisations
    ]


def _member_capabilities(project: Project) -> list[Capability]:
    members = project.members.filter(status__in=(MemberStatus.INVITED, MemberStatus.ACTIVE))
    capabilities = _capabilities([m.organisation for m in members.select_related("organisation")])
    roles = {m.organisation_id: m.role for m in members}
    return [
        Capability(id=c.id, name=c.name, roles=frozenset({roles[c.id]}), categories=c.categories)
        for c in capabilities
    ]


def _labels(codes) -> dict[str, str]:
    labels = {str(value): str(label) for value, label in ConsortiumRole.choices}
    found = facet_labels(("category", code) for code in codes)
    labels.update({code: label for (_facet, code), label in found.items()})
    return labels


def consortium_proposals_for(*, actor, project: Project) -> list[tuple[Organisation, Fit]]:
    """Companies and financiers that would complete the consortium, with the reasons."""
    if not PROJECT_RUN.allows(actor, project):
        return []
    members = _member_capabilities(project)
    taken = project.members.values("organisation_id")
    pool = Organisation.objects.filter(
        kind__in=[OrganisationKind.COMPANY, OrganisationKind.FINANCIER]
    ).exclude(pk__in=taken)
    pool = pool.filter(kind=OrganisationKind.COMPANY) | pool.filter(
        kind=OrganisationKind.FINANCIER, is_verified=True
    )
    candidates = _capabilities(list(pool[:500]))
    fits = consortium_proposals(
        needs=frozenset(project.categories),
        wanted_roles=WANTED_ROLES,
        members=members,
        candidates=[c for c in candidates if c.categories],
        labels=_labels(project.categories),
    )
    names = Organisation.objects.in_bulk([f.id for f in fits])
    return [(names[f.id], f) for f in fits]


def milestone_get_visible_to(*, actor, milestone_id: int) -> Milestone:
    """A milestone of a project the actor may see (NotFound otherwise)."""
    milestone = Milestone.objects.select_related("project").filter(pk=milestone_id).first()
    if milestone is None or not PROJECT_VISIBLE.allows(actor, milestone.project):
        raise NotFound(code=NOT_FOUND)
    return milestone


def target_get_visible_to(*, actor, target_id: int) -> ProjectTarget:
    """A KPI target of a project the actor may see (NotFound otherwise)."""
    target = ProjectTarget.objects.select_related("project").filter(pk=target_id).first()
    if target is None or not PROJECT_VISIBLE.allows(actor, target.project):
        raise NotFound(code=NOT_FOUND)
    return target
