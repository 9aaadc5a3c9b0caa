"""One access policy per model and level: the query filter and the object check side by side.

A rule written once as a `rules` predicate and again as a query filter drifts apart. A `Policy`
holds both halves next to each other, `q(actor)` for lists and `allows(actor, obj)` for one loaded
object, and registers the object half as the permission's predicate; a property test per app
holds the two halves to the same answer for every kind of actor and every state of the object.
"""

from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

EVERY_ROW = Q()


@dataclass(frozen=True)
class Policy:
    """Who may reach one model's rows at one access level (see the module's docstring)."""

    name: str
    filter: Callable[[object], Q]
    check: Callable[[object, object], bool]

    def q(self, actor) -> Q:
        """The rows the actor may reach, as a filter (`EVERY_ROW` when nothing is hidden)."""
        return self.filter(actor_or_anonymous(actor))

    def allows(self, actor, obj) -> bool:
        """May the actor reach this one object?"""
        return obj is not None and bool(self.check(actor_or_anonymous(actor), obj))

    def register(self, permission: str) -> None:
        """Make `permission` (for `has_perm` and `core.permissions.require`) ask this policy."""
        rules.add_perm(permission, rules.Predicate(self.allows, name=self.name))


def actor_or_anonymous(actor):
    """The actor, or an anonymous visitor for None."""
    return AnonymousUser() if actor is None else actor


def rows_in(field: str, ids) -> Q:
    """Rows whose `field` is one of `ids` (no row when there are none)."""
    return Q(**{f"{field}__in": list(ids)})
