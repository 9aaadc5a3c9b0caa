"""Domain events reach their subscribers after commit, never after a rollback."""

from dataclasses import dataclass

import pytest
from django.db import transaction

from cityhive.core import events
from cityhive.solutions.events import SolutionsChanged
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Happened:
    what: str


@pytest.fixture
def received(monkeypatch):
    monkeypatch.setattr(events, "_handlers", events.defaultdict(list))
    seen = []
    events.subscribe(Happened, seen.append)
    events.subscribe(Happened, seen.append)  # subscribing twice delivers once
    return seen


def test_an_event_is_delivered_once_the_transaction_commits(
    received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        events.announce(Happened("saved"))
        assert received == []
    assert received == [Happened("saved")]


def test_an_event_of_a_rolled_back_change_is_never_delivered(received, transactional_db):
    with pytest.raises(RuntimeError), transaction.atomic():
        events.announce(Happened("lost"))
        raise RuntimeError
    assert received == []


def test_editing_a_solution_announces_it(world, monkeypatch, django_capture_on_commit_callbacks):
    from cityhive.solutions import services

    monkeypatch.setattr(events, "_handlers", events.defaultdict(list))
    seen = []
    events.subscribe(SolutionsChanged, seen.append)
    solution = SolutionFactory(provider=world.org_b)
    with django_capture_on_commit_callbacks(execute=True):
        services.solution_publish(actor=world.admin_b, solution=solution, published=False)
    assert seen == [SolutionsChanged((solution.pk,))]
