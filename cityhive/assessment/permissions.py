"""Who may see and change a city's assessments: one policy per access level (`core.policies`).

Seeing: the city's own members and programme managers see every assessment of the city; others
see submitted ones the city shared: public ones everyone, partner ones the signed-in members of
verified organisations (as for needs profiles). Changing values, risks and emissions: the city's
members while the assessment is a draft (programme managers too). Submitting, choosing who sees
it and applying derived needs: the city's admins. Targets: programme managers.
"""

import rules
from django.db.models import Q

from cityhive.assessment.models import AssessmentStatus
from cityhive.challenges.models import Visibility
from cityhive.challenges.permissions import is_city_admin, is_city_member, is_partner_member
from cityhive.core.policies import EVERY_ROW, Policy, rows_in
from cityhive.directory.permissions import is_programme_manager, organisation_roles


def _visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    submitted = Q(status=AssessmentStatus.SUBMITTED)
    shown = submitted & Q(visibility=Visibility.PUBLIC)
    if is_partner_member(actor):
        shown |= submitted & Q(visibility=Visibility.PARTNERS)
    own = list(organisation_roles(actor))
    if own:
        shown |= Q(city_id__in=own)
    return shown


def _visible(actor, assessment) -> bool:
    if assessment.status == AssessmentStatus.SUBMITTED:
        if assessment.visibility == Visibility.PUBLIC:
            return True
        if assessment.visibility == Visibility.PARTNERS and is_partner_member(actor):
            return True
    return assessment.city_id in organisation_roles(actor) or is_programme_manager(actor)


ASSESSMENT_VISIBLE = Policy("assessment_visible", _visible_q, _visible)


def _editable_q(actor) -> Q:
    draft = Q(status=AssessmentStatus.DRAFT)
    if is_programme_manager(actor):
        return draft
    return draft & rows_in("city_id", organisation_roles(actor))


def _editable(actor, assessment) -> bool:
    if assessment.status != AssessmentStatus.DRAFT:
        return False
    return assessment.city_id in organisation_roles(actor) or is_programme_manager(actor)


ASSESSMENT_EDITABLE = Policy("assessment_editable", _editable_q, _editable)


rules.add_perm("assessment.add_assessment_for", is_city_member | is_programme_manager)
rules.add_perm("assessment.submit_assessment_for", is_city_admin | is_programme_manager)
rules.add_perm("assessment.set_targets", is_programme_manager)
ASSESSMENT_VISIBLE.register("assessment.view_assessment")
ASSESSMENT_EDITABLE.register("assessment.change_assessment")
