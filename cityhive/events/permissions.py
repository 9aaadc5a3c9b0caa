"""Who may see, organise and join events: one policy per access level (`core.policies.Policy`, the
query filter beside the object check), the rest `rules` predicates.

A published event is seen by everyone (public), by members of programme partners (partners) or by
members of the organisations it invites (invited). The organiser's members see its events in every
state and run them; programme managers see and approve everything.
"""

import rules
from django.db.models import Q

from cityhive.challenges.permissions import is_partner_member
from cityhive.core.policies import EVERY_ROW, Policy
from cityhive.directory.permissions import (
    is_programme_manager,
    organisation_roles,
    owner_members_policy,
)
from cityhive.events.models import EventStatus, EventVisibility

# Organisations may publish events only through the programme's approval; managers publish directly.


def _event_visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    published = Q(status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED])
    seen = published & Q(visibility=EventVisibility.PUBLIC)
    if is_partner_member(actor):
        seen |= published & Q(visibility=EventVisibility.PARTNERS)
    own = list(organisation_roles(actor))
    if own:
        seen |= published & Q(visibility=EventVisibility.INVITED, invited_organisations__in=own)
        seen |= Q(organiser_id__in=own)
    return seen


def _invited(actor, event) -> bool:
    own = list(organisation_roles(actor))
    return bool(own) and event.invited_organisations.filter(pk__in=own).exists()


def _event_visible(actor, event) -> bool:
    if event.organiser_id in organisation_roles(actor) or is_programme_manager(actor):
        return True
    if event.status not in (EventStatus.PUBLISHED, EventStatus.CANCELLED):
        return False
    if event.visibility == EventVisibility.PUBLIC:
        return True
    if event.visibility == EventVisibility.PARTNERS:
        return is_partner_member(actor)
    return _invited(actor, event)


EVENT_VISIBLE = Policy("event_visible", _event_visible_q, _event_visible)


# The organiser's members run the event: its agenda, registrations, slots and the batch run.
EVENT_ORGANISED = owner_members_policy("event_organised", "organiser_id")


@rules.predicate
def is_organiser_member(user, organisation) -> bool:
    return organisation is not None and organisation.pk in organisation_roles(user)


@rules.predicate
def is_registrant(user, registration) -> bool:
    return registration is not None and registration.user_id == user.pk


EVENT_VISIBLE.register("events.view_event")
EVENT_ORGANISED.register("events.change_event")
rules.add_perm("events.add_event_for", is_organiser_member | is_programme_manager)
rules.add_perm("events.approve_event", is_programme_manager)
rules.add_perm("events.change_registration", is_registrant)
