"""Organisation A's events for the authorisation matrix (tests/test_authorisation_matrix.py).

`kwargs` point at a public event of A where member A is a confirmed participant with a pending
request from another participant; `overrides` send operations that need another state elsewhere
(a draft to submit or approve, an invitation-only event to register for, an accepted request to
book); `payloads` carry the ids those operations need.
"""

import datetime

from cityhive.accounts.tests.factories import UserFactory
from cityhive.directory.tests.factories import MembershipFactory, OrganisationFactory
from cityhive.events.models import (
    Availability,
    EventStatus,
    EventVisibility,
    Meeting,
    MeetingRequest,
    MeetingRequestStatus,
)
from cityhive.events.tests.factories import EventFactory, MeetingSlotFactory, RegistrationFactory


def _participant(event):
    organisation = OrganisationFactory()
    user = MembershipFactory(organisation=organisation, user=UserFactory()).user
    return RegistrationFactory(event=event, user=user, organisation=organisation)


def event_scene(world) -> dict:
    public = EventFactory(organiser=world.org_a, visibility=EventVisibility.PUBLIC)
    invited = EventFactory(organiser=world.org_a, visibility=EventVisibility.INVITED)
    draft = EventFactory(organiser=world.org_a, status=EventStatus.DRAFT)
    mine = RegistrationFactory(event=public, user=world.member_a, organisation=world.org_a)
    asking, accepted_with, other = _participant(public), _participant(public), _participant(public)
    slot = MeetingSlotFactory(
        event=public, starts_at=public.starts_at + datetime.timedelta(hours=2)
    )
    for registration in (mine, accepted_with):
        Availability.objects.create(registration=registration, slot=slot)
    pending = MeetingRequest.objects.create(event=public, requester=asking, recipient=mine)
    accepted = MeetingRequest.objects.create(
        event=public,
        requester=accepted_with,
        recipient=mine,
        status=MeetingRequestStatus.ACCEPTED,
    )
    met_with = _participant(public)
    met = MeetingRequest.objects.create(
        event=public, requester=met_with, recipient=mine, status=MeetingRequestStatus.ACCEPTED
    )
    later_slot = MeetingSlotFactory(
        event=public, starts_at=public.starts_at + datetime.timedelta(hours=3)
    )
    meeting = Meeting.objects.create(request=met, slot=later_slot, table=1)
    return {
        "kwargs": {
            "event_id": public.pk,
            "registration_id": mine.pk,
            "request_id": pending.pk,
            "meeting_id": meeting.pk,
        },
        "overrides": {
            "registration_create": {"event_id": invited.pk},
            "event_submit": {"event_id": draft.pk},
            "event_approve": {"event_id": draft.pk},
            "meeting_book": {"request_id": accepted.pk},
        },
        "payloads": {
            "meeting_request_create": {"recipient": other.pk},
            "meeting_book": {"slot": slot.pk},
        },
    }
