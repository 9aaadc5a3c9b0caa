"""Who may do what to solutions and implementations: seeing and changing a solution are
policies (`core.policies.Policy`, the query filter beside the object check), the rest `rules`
predicates."""

import rules
from django.db.models import Q

from cityhive.core.policies import EVERY_ROW, Policy
from cityhive.directory.models import MembershipRole, OrganisationKind
from cityhive.directory.permissions import (
    is_programme_manager,
    organisation_roles,
    owner_members_policy,
)
from cityhive.solutions.models import SolutionStatus

PROVIDER_KINDS = {
    OrganisationKind.COMPANY,
    OrganisationKind.CITY,
    OrganisationKind.INTERNATIONAL_ORG,
    OrganisationKind.NGO,
    OrganisationKind.ACADEMIA,
}


# --- solutions: the query filter and the object check of each access level, one policy each ----


def _solution_visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    published = Q(status=SolutionStatus.PUBLISHED)
    own = list(organisation_roles(actor))
    return published | Q(provider_id__in=own) if own else published


def _solution_visible(actor, solution) -> bool:
    return (
        solution.status == SolutionStatus.PUBLISHED
        or solution.provider_id in organisation_roles(actor)
        or is_programme_manager(actor)
    )


SOLUTION_VISIBLE = Policy("solution_visible", _solution_visible_q, _solution_visible)


# Changing a solution and adding its implementations are one level: its provider's members.
SOLUTION_EDITABLE = owner_members_policy("solution_editable", "provider_id")


@rules.predicate
def can_provide(user, organisation) -> bool:
    return (
        organisation is not None
        and organisation.kind in PROVIDER_KINDS
        and organisation.pk in organisation_roles(user)
    )


@rules.predicate
def is_implementation_city_admin(user, implementation) -> bool:
    roles = organisation_roles(user)
    return implementation is not None and roles.get(implementation.city_id) == MembershipRole.ADMIN


@rules.predicate
def is_implementation_provider_member(user, implementation) -> bool:
    return implementation is not None and implementation.solution.provider_id in organisation_roles(
        user
    )


rules.add_perm("solutions.add_solution_for", can_provide | is_programme_manager)
SOLUTION_VISIBLE.register("solutions.view_solution")
SOLUTION_EDITABLE.register("solutions.change_solution")
SOLUTION_EDITABLE.register("solutions.add_implementation")
rules.add_perm(
    "solutions.change_implementation", is_implementation_provider_member | is_programme_manager
)
rules.add_perm("solutions.confirm_implementation", is_implementation_city_admin)
