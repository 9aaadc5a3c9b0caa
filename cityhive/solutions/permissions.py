"""Who may do what to solutions and implementations, as `rules` predicates."""

import rules

from cityhive.directory.models import MembershipRole, OrganisationKind
from cityhive.directory.permissions import is_programme_manager, organisation_roles
from cityhive.solutions.models import SolutionStatus

PROVIDER_KINDS = {
    OrganisationKind.COMPANY,
    OrganisationKind.CITY,
    OrganisationKind.INTERNATIONAL_ORG,
    OrganisationKind.NGO,
    OrganisationKind.ACADEMIA,
}


@rules.predicate
def is_provider_member(user, solution) -> bool:
    return solution is not None and solution.provider_id in organisation_roles(user)


@rules.predicate
def is_published(user, solution) -> bool:
    return solution is not None and solution.status == SolutionStatus.PUBLISHED


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
rules.add_perm("solutions.view_solution", is_published | is_provider_member | is_programme_manager)
rules.add_perm("solutions.change_solution", is_provider_member | is_programme_manager)
rules.add_perm("solutions.add_implementation", is_provider_member | is_programme_manager)
rules.add_perm(
    "solutions.change_implementation", is_implementation_provider_member | is_programme_manager
)
rules.add_perm("solutions.confirm_implementation", is_implementation_city_admin)
