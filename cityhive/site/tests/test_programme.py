"""The programme managers' dashboard: partnership figures and the months of requests and
introductions, each as a chart and as a table."""

from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from cityhive.accounts.tests.sessions import sign_in
from cityhive.directory.tests.factories import CityFactory, OrganisationFactory
from cityhive.engagement.conversion import months_back
from cityhive.engagement.models import Interest, InterestStatus, Introduction
from cityhive.engagement.tests.factories import InterestFactory, IntroductionFactory
from cityhive.partnership.models import ApplicationStatus
from cityhive.partnership.tests.factories import (
    ApplicationFactory,
    PartnershipFactory,
    TierFactory,
)

pytestmark = pytest.mark.django_db


def _on(first_day, day: int = 10):
    """Noon on a day of the month that starts on `first_day`."""
    return timezone.make_aware(datetime.combine(first_day.replace(day=day), time(12)))


def _interest(created, *, answered=None, status=InterestStatus.PENDING):
    interest = InterestFactory(
        sender_organisation=OrganisationFactory(), recipient_organisation=CityFactory()
    )
    Interest.objects.filter(pk=interest.pk).update(
        created_at=created, answered_at=answered, status=status
    )


def test_the_months_count_requests_sent_accepted_and_introductions(client, world):
    firsts = months_back(timezone.localdate())
    this, two_ago = firsts[-1], firsts[-3]
    year_ago = _on(firsts[0]).replace(year=firsts[0].year - 1)
    _interest(_on(two_ago), answered=_on(firsts[-2]), status=InterestStatus.ACCEPTED)
    _interest(_on(two_ago, 12), answered=_on(two_ago, 20), status=InterestStatus.DECLINED)
    _interest(_on(this, 1))
    _interest(year_ago)  # before the twelve months
    introduction = IntroductionFactory()
    Introduction.objects.filter(pk=introduction.pk).update(created_at=_on(firsts[-2], 2))
    sign_in(client, world.manager)

    response = client.get(reverse("programme_dashboard"))

    months = [(m.sent, m.accepted, m.introductions) for _, m in response.context["months"]]
    assert len(months) == 12
    assert months[-3:] == [(2, 0, 0), (0, 1, 1), (1, 0, 0)]
    assert months[:-3] == [(0, 0, 0)] * 9
    assert response.context["totals"] == {"sent": 3, "accepted": 1, "introductions": 1}
    html = response.content.decode()
    assert 'id="chart-conversion-title">Requests sent, accepted and introductions per month' in html
    assert "Requests sent: " in html  # the chart's text description names its figures


def test_the_partnership_figures_are_drawn_and_tabled(client, world):
    ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    ApplicationFactory(status=ApplicationStatus.SUBMITTED)
    PartnershipFactory(
        application__organisation__country="NL",
        application__sdgs=[11, 13],
        tier=TierFactory(name="Premium partner"),
    )
    sign_in(client, world.manager)

    response = client.get(reverse("programme_dashboard"))

    figures = {figure.key: figure.rows for figure in response.context["figures"]}
    assert figures["applications"] == [
        ("Draft", 0),
        ("Submitted", 2),
        ("Changes requested", 0),
        ("Approved", 1),
        ("Rejected", 0),
    ]
    assert figures["tiers"] == [("Premium partner", 1)]
    assert figures["countries"] == [("Netherlands", 1)]
    assert figures["sdgs"] == [
        ("SDG 11: Sustainable cities and communities", 1),
        ("SDG 13: Climate action", 1),
    ]
    html = response.content.decode()
    assert '<desc id="chart-tiers-desc">Premium partner: 1</desc>' in html
    assert (
        '<th scope="row" data-label="Name">Netherlands</th><td data-label="Number">1</td>' in html
    )
    assert "<style" not in html and "<script>" not in html


def test_an_empty_programme_draws_no_bars_and_says_so(client, world):
    sign_in(client, world.manager)

    response = client.get(reverse("programme_dashboard"))

    assert [figure.chart for figure in response.context["figures"]] == [None] * 4
    html = response.content.decode()
    assert "No partner yet." in html and "No application yet." in html


def test_only_programme_managers_open_it_and_their_dashboard_links_to_it(client, world):
    sign_in(client, world.admin_a)
    assert client.get(reverse("programme_dashboard")).status_code == 403
    assert reverse("programme_dashboard") not in client.get(reverse("dashboard")).content.decode()

    sign_in(client, world.manager)
    dashboard = client.get(reverse("dashboard")).content.decode()

    assert f'<a href="{reverse("programme_dashboard")}">' in dashboard


def test_its_queries_do_not_grow_with_the_rows(client, world, django_assert_num_queries):
    for _ in range(6):
        PartnershipFactory()
        _interest(timezone.now())
    sign_in(client, world.manager)
    client.get(reverse("programme_dashboard"))  # the header's unread count is cached after it

    # session, user, second factor, the three months queries, the four partnership figures and
    # the goals' names: the same for 6 partners as for 600
    with django_assert_num_queries(11):
        response = client.get(reverse("programme_dashboard"))

    assert response.status_code == 200
