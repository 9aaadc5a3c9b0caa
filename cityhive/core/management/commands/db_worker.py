"""`cityhive db_worker`: django-tasks-db's worker, with a lease, crash recovery and a low priority.

It takes the place of django-tasks-db's own command of the same name (cityhive.core comes first
in INSTALLED_APPS), so every way of starting a worker, `cityhive serve` included, gets this one.
See cityhive/core/tasks_reclaim.py for how the tasks of a killed worker are run again.
"""

import time

from django.db import InterfaceError, OperationalError, close_old_connections
from django_tasks_db.management.commands import db_worker
from django_tasks_db.utils import is_locked_database_exception

from cityhive.core.activity import yielding_enable
from cityhive.core.events import WorkerStarted, deliver
from cityhive.core.tasks_reclaim import (
    LeaseKeeper,
    lease_release,
    lease_renew,
    lower_cpu_priority,
    tasks_reclaim,
)

RECONNECT_FIRST_PAUSE_S = 1.0
RECONNECT_MAX_PAUSE_S = 10.0


class Command(db_worker.Command):
    help = "Run a database background worker (at a low CPU priority, reclaiming lost tasks)."

    def handle(self, *, worker_id: str, backend_name: str, **options) -> None:
        niceness = lower_cpu_priority()  # first, so every thread started later inherits it
        yielding_enable()  # heavy work waits while this host's web answers requests
        lease_renew(worker_id)
        reclaimed = tasks_reclaim(backend_name=backend_name)
        self.stdout.write(
            f"Task worker {worker_id} at niceness {niceness}; requeued {reclaimed.requeued} and"
            f" failed {reclaimed.failed} tasks of stopped workers."
        )
        deliver(WorkerStarted(worker_id=worker_id))  # e.g. matching queues a missing index
        keeper = LeaseKeeper(worker_id=worker_id, backend_name=backend_name)
        keeper.start()
        try:
            self._run_until_stopped(worker_id=worker_id, backend_name=backend_name, **options)
        finally:
            keeper.stop()
            lease_release(worker_id)

    def _run_until_stopped(self, **options) -> None:
        """Run the worker; when the database goes away (a restart), wait and carry on.

        django-tasks-db's loop re-raises a lost connection, which would end the worker for good.
        """
        pause = RECONNECT_FIRST_PAUSE_S
        while True:
            try:
                super().handle(**options)
                return
            except (OperationalError, InterfaceError) as error:
                if options.get("batch") or is_locked_database_exception(error):
                    raise
                self.stderr.write(f"Database unavailable ({error}); retrying in {pause:.0f} s.")
                close_old_connections()  # the broken connection goes; the next query reconnects
                time.sleep(pause)
                pause = min(pause * 2, RECONNECT_MAX_PAUSE_S)
