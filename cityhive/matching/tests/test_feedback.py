import pytest
from django.contrib.contenttypes.models import ContentType

from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.core.errors import Forbidden, ValidationFailed
from cityhive.directory.tests.factories import CityFactory, MembershipFactory, OrganisationFactory
from cityhive.matching.feedback import match_feedback_record
from cityhive.matching.models import MatchFeedback
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def given():
    city = CityFactory()
    member = MembershipFactory(organisation=city).user
    challenge = ChallengeFactory(city=city)
    solution = SolutionFactory(provider=OrganisationFactory())
    return city, member, challenge, solution


def test_a_member_records_feedback_for_their_organisation(given):
    city, member, challenge, solution = given

    match_feedback_record(
        actor=member, organisation=city, subject=challenge, candidate=solution, signal="declined"
    )

    row = MatchFeedback.objects.get()
    assert (row.organisation, row.actor, row.signal) == (city, member, "declined")
    assert (row.subject_type, row.subject_id) == (
        ContentType.objects.get_for_model(challenge),
        challenge.pk,
    )
    assert (row.candidate_type, row.candidate_id) == (
        ContentType.objects.get_for_model(solution),
        solution.pk,
    )


def test_the_same_signal_twice_in_a_row_is_stored_once(given):
    city, member, challenge, solution = given
    for signal in ("interest", "interest", "declined", "interest"):
        match_feedback_record(
            actor=member, organisation=city, subject=challenge, candidate=solution, signal=signal
        )

    signals = list(MatchFeedback.objects.order_by("pk").values_list("signal", flat=True))
    assert signals == ["interest", "declined", "interest"]


def test_an_outsider_may_not_record_feedback_for_an_organisation(given):
    city, _, challenge, solution = given
    outsider = MembershipFactory().user

    with pytest.raises(Forbidden):
        match_feedback_record(
            actor=outsider,
            organisation=city,
            subject=challenge,
            candidate=solution,
            signal="interest",
        )
    assert MatchFeedback.objects.count() == 0


def test_an_unknown_signal_or_unsaved_item_is_refused_and_nothing_stored(given):
    city, member, challenge, _ = given

    with pytest.raises(ValidationFailed) as refused:
        match_feedback_record(
            actor=member, organisation=city, subject=challenge, candidate=None, signal="love"
        )
    assert set(refused.value.field_errors) == {"signal", "candidate"}
    assert MatchFeedback.objects.count() == 0
