"""The interest lifecycle as a state machine: whatever the order of requests, answers, withdrawals,
passing time and expiry runs (valid or not), a request leaves "pending" once, an invalid step writes
nothing, the weekly limit holds, and mutual interest makes exactly one introduction."""

from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from cityhive.audit.models import ContactLogEntry
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.core.errors import Conflict, Forbidden
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.engagement import services
from cityhive.engagement.matches import match_item_of
from cityhive.engagement.models import Interest, InterestStatus, Introduction, ProgrammeSettings
from cityhive.engagement.tests.factories import introductions_partner
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db
LIMIT = 3


class InterestLifecycle(RuleBasedStateMachine):
    interests = Bundle("interests")

    @initialize()
    def a_city_and_a_company_with_three_matches(self):
        ProgrammeSettings.objects.update_or_create(
            pk=1, defaults={"weekly_request_limit": LIMIT, "request_expiry_days": 14}
        )
        self.city = CityFactory(is_verified=True)
        self.company = OrganisationFactory()
        introductions_partner(self.company)
        self.city_member = MembershipFactory(organisation=self.city).user
        self.company_member = MembershipFactory(organisation=self.company).user
        challenge = ChallengeFactory(city=self.city)
        self.matches = [
            (match_item_of(SolutionFactory(provider=self.company)), match_item_of(challenge))
            for _ in range(3)
        ]
        # What each request's status must be, as the model of the machine sees it.
        self.expected: dict[int, str] = {}

    def _rows(self):
        return Interest.objects.filter(sender_organisation__in=[self.city, self.company])

    def _status(self, pk: int) -> str:
        return Interest.objects.get(pk=pk).effective_status

    def _snapshot(self):
        return list(self._rows().order_by("pk").values_list("pk", "status", "updated_at"))

    def _pending(self, sender) -> dict:
        return {
            row.match_key: row.pk
            for row in self._rows().filter(sender_organisation=sender)
            if row.effective_status == InterestStatus.PENDING
        }

    @rule(target=interests, index=st.integers(0, 2), from_city=st.booleans())
    def someone_expresses_interest(self, index, from_city):
        solution, challenge = self.matches[index]
        actor, subject, candidate, sender = (
            (self.city_member, challenge, solution, self.city)
            if from_city
            else (self.company_member, solution, challenge, self.company)
        )
        other = self.company if from_city else self.city
        key = "|".join(sorted((solution.key, challenge.key)))
        duplicate = key in self._pending(sender)
        mutual = self._pending(other).get(key)
        full = services.quota_used(sender=actor) >= LIMIT
        before = self._snapshot()
        try:
            interest = services.interest_create(actor=actor, subject=subject, candidate=candidate)
        except Conflict as error:
            assert error.code == ("duplicate_interest" if duplicate else "quota_exceeded")
            assert duplicate or full
            assert self._snapshot() == before  # an invalid step writes nothing
            return None
        assert not duplicate and not full
        if mutual is not None:
            self.expected[mutual] = InterestStatus.ACCEPTED
            self.expected[interest.pk] = InterestStatus.ACCEPTED
        else:
            self.expected[interest.pk] = InterestStatus.PENDING
        return interest.pk

    def _answer(self, pk, action, actor):
        if pk is None:
            return
        interest = Interest.objects.get(pk=pk)
        status = interest.effective_status
        before = self._snapshot()
        try:
            action(actor=actor, interest=interest)
        except (Conflict, Forbidden):
            assert self._snapshot() == before
            return "refused", status
        return "done", status

    @rule(pk=interests, by_recipient=st.booleans())
    def someone_accepts(self, pk, by_recipient):
        if pk is None:
            return
        interest = Interest.objects.get(pk=pk)
        recipient_side = interest.recipient_organisation_id == self.city.pk
        actor = self.city_member if recipient_side == by_recipient else self.company_member
        outcome, status = self._answer(pk, services.interest_accept, actor)
        allowed = by_recipient and status in (InterestStatus.PENDING, InterestStatus.ACCEPTED)
        assert (outcome == "done") == allowed
        if allowed:
            self.expected[pk] = InterestStatus.ACCEPTED

    @rule(pk=interests, reason=st.sampled_from(["", "not_relevant", "not_now", "other"]))
    def the_recipient_declines(self, pk, reason):
        if pk is None:
            return
        interest = Interest.objects.get(pk=pk)
        actor = (
            self.city_member
            if interest.recipient_organisation_id == self.city.pk
            else self.company_member
        )

        def decline(*, actor, interest):
            services.interest_decline(actor=actor, interest=interest, reason=reason)

        outcome, status = self._answer(pk, decline, actor)
        assert (outcome == "done") == (status == InterestStatus.PENDING)
        if outcome == "done":
            self.expected[pk] = InterestStatus.DECLINED

    @rule(pk=interests)
    def the_sender_withdraws(self, pk):
        if pk is None:
            return
        interest = Interest.objects.get(pk=pk)
        actor = (
            self.city_member
            if interest.sender_organisation_id == self.city.pk
            else self.company_member
        )
        outcome, status = self._answer(pk, services.interest_withdraw, actor)
        assert (outcome == "done") == (status == InterestStatus.PENDING)
        if outcome == "done":
            self.expected[pk] = InterestStatus.WITHDRAWN

    @rule(pk=interests)
    def its_date_passes(self, pk):
        if pk is None:
            return
        Interest.objects.filter(pk=pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        if self.expected[pk] == InterestStatus.PENDING:
            self.expected[pk] = InterestStatus.EXPIRED

    @rule()
    def the_expiry_runs(self):
        services.interests_expire()

    @invariant()
    def every_request_is_in_the_state_the_model_expects(self):
        if not hasattr(self, "expected"):
            return
        for pk, status in self.expected.items():
            assert self._status(pk) == status

    @invariant()
    def mutual_interest_makes_exactly_one_introduction(self):
        if not hasattr(self, "expected"):
            return
        accepted = self._rows().filter(status=InterestStatus.ACCEPTED)
        introductions = Introduction.objects.filter(
            first_organisation__in=[self.city, self.company]
        )
        assert introductions.count() == (1 if accepted.exists() else 0)
        assert set(accepted.values_list("introduction_id", flat=True)) <= set(
            introductions.values_list("pk", flat=True)
        )
        made = ContactLogEntry.objects.filter(action="introduction_made", city=self.city)
        assert made.count() == introductions.count()

    @invariant()
    def answered_requests_say_when_and_the_limit_holds(self):
        if not hasattr(self, "expected"):
            return
        for row in self._rows():
            assert (row.answered_at is not None) == (
                row.status in (InterestStatus.ACCEPTED, InterestStatus.DECLINED)
            )
        for member in (self.city_member, self.company_member):
            assert services.quota_used(sender=member) <= LIMIT


InterestLifecycle.TestCase.settings = settings(
    max_examples=15,
    stateful_step_count=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.usefixtures("db")
def test_interest_lifecycle():
    InterestLifecycle.TestCase("runTest").runTest()
