"""The buttons under each match read the member's waiting requests once per page."""

from django.test import RequestFactory

from cityhive.challenges.models import Challenge
from cityhive.challenges.tests.factories import ChallengeFactory
from cityhive.engagement import services
from cityhive.engagement.matches import match_item_of
from cityhive.engagement.views import match_actions


def _request(user):
    request = RequestFactory().get("/solutions/1/opportunities/")
    request.user = user
    return request


def _challenges(pair, count: int) -> list:
    more = [ChallengeFactory(title=f"Challenge {n}") for n in range(count - 1)]
    ids = [pair.challenge.pk, *(c.pk for c in more)]
    return list(Challenge.objects.select_related("city").filter(pk__in=ids).order_by("pk"))


def test_a_page_of_matches_reads_waiting_requests_in_one_query(pair, django_assert_num_queries):
    subject, candidate = pair.items()
    services.interest_create(actor=pair.company_member, subject=subject, candidate=candidate)
    challenges = _challenges(pair, 8)
    user = type(pair.company_member).objects.get(pk=pair.company_member.pk)
    request = _request(user)

    # the member's organisations, what their partnerships unlock, then the requests they sent:
    # whatever the number of matches
    with django_assert_num_queries(3):
        html = [match_actions(request, pair.solution, challenge) for challenge in challenges]

    waiting = [("Interest sent, waiting for an answer" in part) for part in html]
    assert waiting == [True] + [False] * 7
    assert sum("Express interest" in part for part in html) == 7


def test_a_second_page_view_reads_the_requests_again(pair, django_assert_num_queries):
    subject, candidate = pair.items()
    challenges = _challenges(pair, 3)
    user = type(pair.company_member).objects.get(pk=pair.company_member.pk)
    before = [match_actions(_request(user), pair.solution, c) for c in challenges]
    services.interest_create(actor=pair.company_member, subject=subject, candidate=candidate)

    with django_assert_num_queries(1):
        after = match_actions(_request(user), pair.solution, challenges[0])

    assert "Express interest" in before[0]
    assert "Interest sent, waiting for an answer" in after


def test_a_request_from_the_other_side_is_not_the_members_own(pair):
    subject, candidate = pair.city_items()
    services.interest_create(actor=pair.city_member, subject=subject, candidate=candidate)
    user = type(pair.company_member).objects.get(pk=pair.company_member.pk)

    html = match_actions(_request(user), pair.solution, match_item_of(pair.challenge).item)

    assert "Express interest" in html
    assert "Interest sent" not in html
