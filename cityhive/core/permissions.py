"""Checking object permissions (rules predicates) inside services and selectors."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from cityhive.core.errors import Forbidden, NotFound
from cityhive.core.events import deliver


@dataclass(frozen=True)
class AccessDenied:
    """An actor was refused a permission (the security log subscribes).

    Delivered at once, not after commit: the refusal usually rolls back the transaction it
    happened in, and the refusal must still be known.
    """

    user_id: int | None
    permission: str
    object_label: str


def _denial_announce(actor, permission: str, obj) -> None:
    label = "" if obj is None else f"{type(obj).__name__} {getattr(obj, 'pk', '')}".strip()
    deliver(
        AccessDenied(user_id=getattr(actor, "pk", None), permission=permission, object_label=label)
    )


def require(
    actor, permission: str, obj=None, *, hide: bool = False, code: str | None = None
) -> None:
    """Raise Forbidden (or NotFound when `hide`) unless `actor` has `permission` on `obj`.

    With `hide`, pass the same `code` a missing object gets, so the answer for a hidden object
    cannot be told apart from the answer for one that does not exist.
    """
    if actor is None:
        actor = AnonymousUser()
    if actor.has_perm(permission, obj):
        return
    if hide:
        raise NotFound(code=code) if code else NotFound()
    _denial_announce(actor, permission, obj)
    raise Forbidden()


def first_visible_to(queryset, *, actor, permission: str, code: str):
    """The first row of `queryset` when the actor has `permission` on it; NotFound with `code`
    otherwise, the same answer for a hidden row as for a missing one."""
    found = queryset.first()
    if found is None:
        raise NotFound(code=code)
    require(actor, permission, found, hide=True, code=code)
    return found
