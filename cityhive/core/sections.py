"""Parts of a page that other apps contribute: a page names its slot; contributors register.

A page that shows what several domains hold about one thing (an organisation's solutions and
challenges, what is tagged with an SDG) asks the contributors registered for it instead of
importing them, so the page's app stays below theirs. Contributors register in AppConfig.ready.
"""

from collections import defaultdict
from collections.abc import Callable

ORGANISATION = "organisation"  # provider(user, organisation) -> the section's context
TAGGED = "tagged"  # provider(user, facet, value) -> what is tagged with one facet value

# How many items a section shows before it links to the full list.
SECTION_SIZE = 6

_providers: dict[str, dict[str, Callable]] = defaultdict(dict)


def contribute(slot: str, name: str, provider: Callable) -> None:
    """Register `provider` as section `name` of every page with this slot."""
    _providers[slot][name] = provider


def first_few(queryset, size: int = SECTION_SIZE) -> tuple[list, int]:
    """A section's first rows and how many there are in all (counted only when they fill it)."""
    shown = list(queryset[:size])
    return shown, queryset.count() if len(shown) == size else len(shown)


def sections(slot: str, **arguments) -> dict[str, object]:
    """Each contributed section of a slot, by name."""
    return {name: provider(**arguments) for name, provider in _providers[slot].items()}
