"""Challenges written in bulk (the exchange import), with the single-object services' rules:
the version and the facet index."""

from collections.abc import Sequence

from cityhive.challenges.models import Challenge, ChallengeTag
from cityhive.core.bulk import RowWrite, Upserted, bulk_upsert
from cityhive.taxonomy.vocabulary import facet_tags_rebuild


def challenges_upsert(*, writes: Sequence[RowWrite], demo: bool = False) -> Upserted:
    """Create and update challenges in bulk and rebuild their facet index.

    The caller has checked the rows and the actor's right to write them.
    """
    done = bulk_upsert(Challenge, writes, demo=demo)
    facet_tags_rebuild(
        tag_model=ChallengeTag, owner_field="challenge", created=done.created, changed=done.changed
    )
    return done
