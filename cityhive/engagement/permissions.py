"""Who may see and answer interests, read conversations and see responses: one policy per
access level (`core.policies.Policy`, the query filter beside the object check), the rest `rules`
predicates.

Interests, introductions and conversations belong to the two organisations alone: programme
managers read the contact log, not the messages. Asking for an introduction (expressing interest)
is the programme's to open, as partners' content is: a company needs an active partnership whose
tier unlocks introductions; organisations of every other kind need the programme's verification.
Answering a request is open to the receiving side whatever its partnership. Membership is read
for each request, so a member removed from an organisation loses access at once. Responses to a
challenge are for the responding company's members, the challenge's city's members and the
programme managers.
"""

import rules
from django.db.models import Q
from django.utils.translation import gettext

from cityhive.core.policies import EVERY_ROW, Policy, rows_in
from cityhive.directory.models import MembershipRole, OrganisationKind
from cityhive.directory.permissions import is_org_member, is_programme_manager, organisation_roles
from cityhive.partnership import selectors as partnership
from cityhive.partnership.models import Unlock

# Who may answer a challenge: organisations that provide solutions, cities aside.
RESPONDER_KINDS = {
    OrganisationKind.COMPANY,
    OrganisationKind.NGO,
    OrganisationKind.ACADEMIA,
    OrganisationKind.INTERNATIONAL_ORG,
}


def _own(actor) -> list[int]:
    return list(organisation_roles(actor))


# --- interests -----------------------------------------------------------------------------------


def _interest_visible_q(actor) -> Q:
    own = _own(actor)
    return rows_in("sender_organisation_id", own) | rows_in("recipient_organisation_id", own)


def _interest_visible(actor, interest) -> bool:
    roles = organisation_roles(actor)
    return interest.sender_organisation_id in roles or interest.recipient_organisation_id in roles


INTEREST_VISIBLE = Policy("interest_visible", _interest_visible_q, _interest_visible)


@rules.predicate
def is_recipient_member(user, interest) -> bool:
    return interest is not None and interest.recipient_organisation_id in organisation_roles(user)


@rules.predicate
def is_sender_member(user, interest) -> bool:
    return interest is not None and interest.sender_organisation_id in organisation_roles(user)


@rules.predicate
def may_request_introductions(user, organisation) -> bool:
    """Can the member ask for introductions for this organisation of theirs? A company while its
    active partnership's tier unlocks them (read once per user object), another kind once it is
    verified (cities, financiers, international organisations stay vetted by verification)."""
    if organisation is None or organisation.pk not in organisation_roles(user):
        return False
    if organisation.kind != OrganisationKind.COMPANY:
        return organisation.is_verified
    return organisation.pk in partnership.partner_organisation_ids(user, Unlock.INTRODUCTIONS)


def introductions_locked_reason(organisation) -> str:
    """Why an organisation may not ask for introductions, as its members read it."""
    if organisation.kind == OrganisationKind.COMPANY:
        return gettext(
            "Introductions to cities are part of the partnership programme: %(name)s needs an "
            "active partnership in a tier that includes them."
        ) % {"name": organisation.name}
    return gettext(
        "%(name)s is not verified yet: the programme verifies an organisation before it asks "
        "for introductions."
    ) % {"name": organisation.name}


# --- introductions and their conversations ----------------------------------------------


def _introduction_visible_q(actor) -> Q:
    own = _own(actor)
    return rows_in("first_organisation_id", own) | rows_in("second_organisation_id", own)


def _introduction_visible(actor, introduction) -> bool:
    roles = organisation_roles(actor)
    return any(pk in roles for pk in introduction.organisation_ids)


INTRODUCTION_VISIBLE = Policy(
    "introduction_visible", _introduction_visible_q, _introduction_visible
)


def _conversation_visible_q(actor) -> Q:
    own = _own(actor)
    return rows_in("introduction__first_organisation_id", own) | rows_in(
        "introduction__second_organisation_id", own
    )


def _conversation_visible(actor, conversation) -> bool:
    return _introduction_visible(actor, conversation.introduction)


CONVERSATION_VISIBLE = Policy(
    "conversation_visible", _conversation_visible_q, _conversation_visible
)


@rules.predicate
def is_side_admin(user, introduction) -> bool:
    roles = organisation_roles(user)
    return introduction is not None and any(
        roles.get(pk) == MembershipRole.ADMIN for pk in introduction.organisation_ids
    )


# --- responses to challenges ---------------------------------------------------------------


def _response_visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    own = _own(actor)
    return rows_in("company_id", own) | rows_in("challenge__city_id", own)


def _response_visible(actor, response) -> bool:
    roles = organisation_roles(actor)
    return (
        response.company_id in roles
        or response.challenge.city_id in roles
        or is_programme_manager(actor)
    )


RESPONSE_VISIBLE = Policy("response_visible", _response_visible_q, _response_visible)


@rules.predicate
def is_challenge_city_member(user, response) -> bool:
    return response is not None and response.challenge.city_id in organisation_roles(user)


@rules.predicate
def can_respond_for(user, organisation) -> bool:
    return (
        organisation is not None
        and organisation.kind in RESPONDER_KINDS
        and organisation.pk in organisation_roles(user)
    )


INTEREST_VISIBLE.register("engagement.view_interest")
rules.add_perm("engagement.request_introduction", may_request_introductions)
rules.add_perm("engagement.answer_interest", is_recipient_member)
rules.add_perm("engagement.withdraw_interest", is_sender_member)
INTRODUCTION_VISIBLE.register("engagement.view_introduction")
rules.add_perm("engagement.add_participant", is_side_admin)
CONVERSATION_VISIBLE.register("engagement.view_conversation")
CONVERSATION_VISIBLE.register("engagement.post_message")
RESPONSE_VISIBLE.register("engagement.view_response")
rules.add_perm("engagement.decide_response", is_challenge_city_member)
rules.add_perm("engagement.respond_for", can_respond_for)
rules.add_perm("engagement.change_settings", is_programme_manager)
# An organisation's conversion is for its members; the programme's months for its managers.
rules.add_perm("engagement.view_conversion", is_org_member | is_programme_manager)
rules.add_perm("engagement.view_programme_figures", is_programme_manager)
