"""Who may do what with notifications: each member reaches only their own (selectors filter by
recipient); programme managers may give failed emails a fresh set of tries."""

import rules

from cityhive.directory.permissions import is_programme_manager

rules.add_perm("notifications.retry_emaildelivery", is_programme_manager)
