"""The event policies' two halves agree for every kind of actor and every state of an event."""

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cityhive.directory.models import Membership
from cityhive.directory.tests.factories import OrganisationFactory
from cityhive.events.models import EventStatus, EventVisibility
from cityhive.events.permissions import EVENT_ORGANISED, EVENT_VISIBLE
from cityhive.events.tests.factories import EventFactory
from cityhive.site.tests.test_access_policies import (
    ACTORS,
    SETTINGS,
    actor_of,
    assert_one_policy,
)


class EventPolicyTests(TestCase):
    @SETTINGS
    @given(
        actor=st.sampled_from(ACTORS),
        status=st.sampled_from(EventStatus.values),
        visibility=st.sampled_from(EventVisibility.values),
        invite_actors_organisation=st.booleans(),
    )
    def test_both_halves_agree(self, actor, status, visibility, invite_actors_organisation):
        organiser = OrganisationFactory()
        event = EventFactory(organiser=organiser, status=status, visibility=visibility)
        user = actor_of(actor, organiser)
        if invite_actors_organisation and user is not None:
            for membership in Membership.objects.filter(user=user):
                event.invited_organisations.add(membership.organisation)
        event.invited_organisations.add(OrganisationFactory())
        assert_one_policy(EVENT_VISIBLE, "events.view_event", user, event)
        assert_one_policy(EVENT_ORGANISED, "events.change_event", user, event)
