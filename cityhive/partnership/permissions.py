"""Who may do what in the partnership programme: seeing and changing an application are
policies (`core.policies.Policy`, the query filter beside the object check), the rest `rules`
predicates.

Only companies apply (cities, financiers and other kinds stay vetted by verification): an admin
of the company applies, edits, signs the code of conduct and submits; all its members follow the
application; programme managers review every application and manage the tiers.
"""

import rules
from django.db.models import Q

from cityhive.core.policies import EVERY_ROW, Policy, rows_in
from cityhive.directory.models import MembershipRole, OrganisationKind
from cityhive.directory.permissions import is_programme_manager, organisation_roles


def administered_ids(actor) -> list[int]:
    """The organisations the actor administers."""
    return [pk for pk, role in organisation_roles(actor).items() if role == MembershipRole.ADMIN]


@rules.predicate
def is_company_admin(user, organisation) -> bool:
    return (
        organisation is not None
        and organisation.kind == OrganisationKind.COMPANY
        and organisation_roles(user).get(organisation.pk) == MembershipRole.ADMIN
    )


# --- applications: the query filter and the object check of each access level --------------


def _application_visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    return rows_in("organisation_id", organisation_roles(actor))


def _application_visible(actor, application) -> bool:
    return application.organisation_id in organisation_roles(actor) or is_programme_manager(actor)


# The applying organisation's members follow it; programme managers review it.
APPLICATION_VISIBLE = Policy("application_visible", _application_visible_q, _application_visible)


def _application_editable_q(actor) -> Q:
    return rows_in("organisation_id", administered_ids(actor))


def _application_editable(actor, application) -> bool:
    return organisation_roles(actor).get(application.organisation_id) == MembershipRole.ADMIN


# Editing, signing and submitting are the applicant's admins' alone: a manager decides, and
# never fills in a company's commitments.
APPLICATION_EDITABLE = Policy(
    "application_editable", _application_editable_q, _application_editable
)


rules.add_perm("partnership.apply_for", is_company_admin)
APPLICATION_VISIBLE.register("partnership.view_application")
APPLICATION_EDITABLE.register("partnership.change_application")
rules.add_perm("partnership.review_application", is_programme_manager)
rules.add_perm("partnership.manage_tiers", is_programme_manager)
