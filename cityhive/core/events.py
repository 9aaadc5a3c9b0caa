"""Domain events: a service announces what changed; the apps that care subscribe.

A producer never imports its consumers. It announces an event (a frozen dataclass it defines in its
own `events.py`); each consumer subscribes a handler in its AppConfig.ready. Handlers run after the
announcing transaction commits, so they never see (or queue work for) a change that rolled back.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

_handlers: dict[type, list[Callable]] = defaultdict(list)


@dataclass(frozen=True)
class WorkerStarted:
    """A background task worker started: apps check that their derived data exists."""

    worker_id: str


def subscribe(event_type: type, handler: Callable) -> None:
    """Call `handler(event)` for every committed event of this type (idempotent)."""
    if handler not in _handlers[event_type]:
        _handlers[event_type].append(handler)


def announce(event) -> None:
    """Deliver the event to its subscribers once the current transaction commits."""
    transaction.on_commit(lambda: deliver(event))


def deliver(event) -> None:
    """Run every handler subscribed to the event's type, in the order they subscribed."""
    for handler in _handlers[type(event)]:
        handler(event)
