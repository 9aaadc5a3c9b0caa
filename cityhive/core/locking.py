"""Optimistic locking: an edit based on an old version is refused, never silently overwrites."""

from django.utils.translation import gettext, gettext_noop

from cityhive.core.errors import Conflict

# The kinds an edit conflict names (`what`), translated when the message is built.
KINDS = (
    gettext_noop("solution"),
    gettext_noop("challenge"),
    gettext_noop("profile"),
    gettext_noop("project"),
)


def row_for_update(model, *, pk: int, version: int, what: str, code: str):
    """Lock a row for the rest of the transaction; Conflict when it moved past `version`."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != version:
        raise Conflict(
            gettext(
                "Someone else saved this %(what)s while you were editing it. Your changes were not "
                "saved: reload to see theirs, then apply yours again."
            )
            % {"what": gettext(what)},
            code=code,
        )
    return current
