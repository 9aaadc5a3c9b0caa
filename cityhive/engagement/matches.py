"""The two sides of a match: its items, read through their owners' selectors, and the
organisations they belong to."""

from dataclasses import dataclass

from cityhive.challenges.models import Challenge
from cityhive.challenges.selectors import challenge_get_visible_to
from cityhive.core.errors import NotFound
from cityhive.directory.models import Organisation
from cityhive.engagement.errors import EngagementErrorCode
from cityhive.engagement.models import MatchItemKind
from cityhive.solutions.models import Solution
from cityhive.solutions.selectors import solution_get_visible_to


@dataclass(frozen=True)
class MatchItem:
    """One side of a match: what it is, and the organisation that owns it."""

    kind: str
    item: object
    owner: Organisation

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.item.pk}"

    @property
    def label(self) -> str:
        return str(getattr(self.item, "title", None) or self.item)[:300]


def kind_of(item) -> str:
    """The kind of a match's item (a challenge, a solution or an organisation)."""
    if isinstance(item, Challenge):
        return MatchItemKind.CHALLENGE
    if isinstance(item, Solution):
        return MatchItemKind.SOLUTION
    return MatchItemKind.ORGANISATION


def owner_of(item) -> Organisation:
    """The organisation a match's item belongs to."""
    if isinstance(item, Challenge):
        return item.city
    if isinstance(item, Solution):
        return item.provider
    return item


def match_item_of(item) -> MatchItem:
    """A loaded challenge, solution or organisation as one side of a match."""
    return MatchItem(kind=kind_of(item), item=item, owner=owner_of(item))


def match_item_get_visible_to(*, actor, kind: str, item_id: int) -> MatchItem:
    """One side of a match the actor may see, or NotFound."""
    if kind == MatchItemKind.CHALLENGE:
        item = challenge_get_visible_to(actor=actor, challenge_id=item_id)
    elif kind == MatchItemKind.SOLUTION:
        item = solution_get_visible_to(actor=actor, solution_id=item_id)
    elif kind == MatchItemKind.ORGANISATION:
        # Organisation profiles are public.
        item = Organisation.objects.filter(pk=item_id).first()
    else:
        item = None
    if item is None:
        raise NotFound(code=EngagementErrorCode.MATCH_ITEM_NOT_FOUND)
    return match_item_of(item)


def match_key(first: MatchItem, second: MatchItem) -> str:
    """The match without its direction, the same whichever side asks."""
    return "|".join(sorted((first.key, second.key)))
