"""What the solution catalogue announces (cityhive.core.events)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SolutionsChanged:
    """Solutions were created, edited, published or withdrawn (by a member or an import)."""

    solution_ids: tuple[int, ...]
