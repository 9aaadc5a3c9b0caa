"""Who may import what: operators and programme managers anything, admins their own data."""

from dataclasses import dataclass, field

import rules

from cityhive.core.permissions import require
from cityhive.directory.models import MembershipRole, Organisation
from cityhive.directory.permissions import is_programme_manager, organisation_roles
from cityhive.exchange.lookups import exchange_id_of


class Operator:
    """The command line's actor: an operator of the platform, trusted with every import."""

    is_authenticated = True
    is_staff = True

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR = Operator()


@dataclass(frozen=True)
class ImportScope:
    """What an import may touch: everything, or only the organisations the actor administers."""

    restricted: bool
    admin_ids: frozenset[str] = frozenset()
    kinds: dict[str, str] = field(default_factory=dict)  # kind of each administered organisation

    def allows(self, organization_id) -> bool:
        """May the import write data of this organization (by exchange id)?"""
        return not self.restricted or organization_id in self.admin_ids


def import_scope_for(actor) -> ImportScope:
    """The scope of an actor's imports (signed-in members only)."""
    if actor is OPERATOR:
        return ImportScope(restricted=False)
    require(actor, "exchange.import")
    if actor.has_perm("exchange.import_anything"):
        return ImportScope(restricted=False)
    admin = [pk for pk, role in organisation_roles(actor).items() if role == MembershipRole.ADMIN]
    organisations = Organisation.objects.filter(pk__in=admin).only(
        "pk", "slug", "external_id", "kind"
    )
    kinds = {exchange_id_of("organization", row): row.kind for row in organisations}
    return ImportScope(restricted=True, admin_ids=frozenset(kinds), kinds=kinds)


rules.add_perm("exchange.import", rules.is_authenticated)
rules.add_perm("exchange.import_anything", is_programme_manager)
