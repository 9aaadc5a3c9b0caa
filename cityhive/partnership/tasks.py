"""Background work of the partnership programme: given nothing but the day, safe to run twice."""

from django_tasks import task

from cityhive.core.actors import SYSTEM
from cityhive.partnership.services import partnerships_expire


@task()
def partnerships_expire_task() -> int:
    """Mark ended partnerships as expired (what `cityhive partnership expire` does)."""
    return partnerships_expire(actor=SYSTEM)
