"""Checking object permissions (rules predicates) inside services and selectors."""

from django.contrib.auth.models import AnonymousUser

from cityhive.core.errors import Forbidden, NotFound


def require(actor, permission: str, obj=None, *, hide: bool = False) -> None:
    """Raise Forbidden (or NotFound when `hide`) unless `actor` has `permission` on `obj`."""
    if actor is None:
        actor = AnonymousUser()
    if actor.has_perm(permission, obj):
        return
    if hide:
        raise NotFound()
    raise Forbidden()
