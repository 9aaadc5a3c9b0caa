"""Concurrent accepts and concurrent mutual interest make one introduction (PostgreSQL, where
transactions really run side by side; run with DATABASE_URL=postgres://...).

On SQLite every writer takes the one write lock first (IMMEDIATE transactions), so the same steps
run one after the other; the sequential cases are in test_interests.py.
"""

import threading

import pytest
from django.db import connections

from cityhive.audit.models import ContactLogEntry
from cityhive.directory.tests.factories import MembershipFactory
from cityhive.engagement import services
from cityhive.engagement.models import Interest, InterestStatus, Introduction
from cityhive.engagement.tests.factories import InterestFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres_only,  # needs PostgreSQL's concurrent transactions
]
THREADS = 4


def _at_once(calls) -> list:
    """Run the calls in threads released together; what each returned or raised."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except Exception as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_members_accepting_the_same_request_at_once_make_one_introduction(pair):
    interest = InterestFactory(
        sender_organisation=pair.company,
        recipient_organisation=pair.city,
        sender=pair.company_member,
    )
    accepters = [pair.city_member, pair.city_admin] + [
        MembershipFactory(organisation=pair.city).user for _ in range(THREADS - 2)
    ]

    outcomes = _at_once(
        [
            lambda user=user: services.interest_accept(
                actor=user, interest=Interest.objects.get(pk=interest.pk)
            )
            for user in accepters
        ]
    )

    assert [type(o).__name__ for o in outcomes] == ["Interest"] * THREADS
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED
    assert Introduction.objects.count() == 1
    assert ContactLogEntry.objects.filter(action="introduction_made").count() == 1
    assert ContactLogEntry.objects.filter(action="interest_accepted").count() == 1


def test_both_sides_expressing_interest_at_once_are_introduced_once(pair):
    company_view, city_view = pair.items(), pair.city_items()

    outcomes = _at_once(
        [
            lambda: services.interest_create(
                actor=pair.company_member, subject=company_view[0], candidate=company_view[1]
            ),
            lambda: services.interest_create(
                actor=pair.city_member, subject=city_view[0], candidate=city_view[1]
            ),
        ]
    )

    assert [type(o).__name__ for o in outcomes] == ["Interest", "Interest"]
    statuses = sorted(Interest.objects.values_list("status", flat=True))
    assert statuses == [InterestStatus.ACCEPTED, InterestStatus.ACCEPTED]
    assert Introduction.objects.count() == 1


def test_double_clicks_at_once_send_one_request(pair):
    subject, candidate = pair.items()

    outcomes = _at_once(
        [
            lambda: services.interest_create(
                actor=pair.company_member, subject=subject, candidate=candidate
            )
            for _ in range(THREADS)
        ]
    )

    kinds = sorted(type(o).__name__ for o in outcomes)
    assert kinds == ["Conflict"] * (THREADS - 1) + ["Interest"]
    assert Interest.objects.count() == 1
