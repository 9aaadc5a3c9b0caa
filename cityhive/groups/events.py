"""What the groups app announces (core.events)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupsChanged:
    """Groups were created or changed (ids)."""

    ids: tuple[int, ...]
