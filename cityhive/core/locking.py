"""Optimistic locking: an edit based on an old version is refused, never silently overwrites."""

from cityhive.core.errors import Conflict


def row_for_update(model, *, pk: int, version: int, what: str, code: str):
    """Lock a row for the rest of the transaction; Conflict when it moved past `version`."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != version:
        raise Conflict(
            f"Someone else saved this {what} while you were editing it. Your changes were not "
            "saved: reload to see theirs, then apply yours again.",
            code=code,
        )
    return current
