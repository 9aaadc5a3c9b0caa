"""Who may read the contact log and the security log.

Programme managers read every contact-log entry; a city's admins read the entries in which their
city is one of the two sides. The query filter and the object check stand side by side in one
policy (`core.policies.Policy`). The security log is for programme managers only.
"""

import rules
from django.db.models import Q

from cityhive.audit.models import ContactLogEntry
from cityhive.core.policies import EVERY_ROW, Policy, rows_in
from cityhive.directory.models import MembershipRole, Organisation, OrganisationKind
from cityhive.directory.permissions import is_programme_manager, organisation_roles


def administered_city_ids(user) -> set[int]:
    """The cities the member administers."""
    admin_of = [pk for pk, role in organisation_roles(user).items() if role == MembershipRole.ADMIN]
    if not admin_of:
        return set()
    cached = getattr(user, "_cityhive_admin_cities", None)
    if cached is None:
        cached = set(
            Organisation.objects.filter(pk__in=admin_of, kind=OrganisationKind.CITY).values_list(
                "pk", flat=True
            )
        )
        user._cityhive_admin_cities = cached
    return cached


@rules.predicate
def is_city_admin(user) -> bool:
    return bool(user.is_authenticated and administered_city_ids(user))


def _contact_visible_q(actor) -> Q:
    if is_programme_manager(actor):
        return EVERY_ROW
    cities = administered_city_ids(actor)
    return rows_in("city_id", cities) | rows_in("company_id", cities)


def _contact_visible(actor, entry: ContactLogEntry) -> bool:
    if is_programme_manager(actor):
        return True
    cities = administered_city_ids(actor)
    return entry.city_id in cities or entry.company_id in cities


CONTACT_VISIBLE = Policy("contact_visible", _contact_visible_q, _contact_visible)

CONTACT_VISIBLE.register("audit.view_contactlogentry")
# Opening the log at all: programme managers and the admins of at least one city.
rules.add_perm("audit.view_contact_log", is_programme_manager | is_city_admin)
rules.add_perm("audit.view_security_log", is_programme_manager)
