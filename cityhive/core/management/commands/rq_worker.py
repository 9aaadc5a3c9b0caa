"""`cityhive rq_worker`: a background worker for a site that has outgrown one machine.

With `TASKS_BACKEND=django_tasks_rq.RQBackend` and `REDIS_URL`, tasks wait in Redis and any
number of these workers, on any host, run them. Like `cityhive db_worker` it runs at a low CPU
priority, announces that it started (so matching queues a missing index) and runs jobs in its own
process, so the embedding model stays loaded. Lost jobs are RQ's to handle: a job whose worker
died is moved to the failed registry by RQ's own clean-up.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cityhive.core.activity import yielding_enable
from cityhive.core.events import WorkerStarted, deliver
from cityhive.core.tasks_reclaim import lower_cpu_priority

RQ_BACKEND = "django_tasks_rq."


class Command(BaseCommand):
    help = "Run an RQ background worker (at a low CPU priority), for sites using Redis for tasks."

    def add_arguments(self, parser):
        parser.add_argument("--name", default=None, help="The worker's name (default: RQ's).")
        parser.add_argument(
            "--burst", action="store_true", help="Stop when the queue is empty (for tests)."
        )

    def handle(self, *args, name, burst, **options):
        if not settings.TASKS["default"]["BACKEND"].startswith(RQ_BACKEND):
            raise CommandError(
                "Tasks go through the database on this site: run `cityhive db_worker`, or set"
                " TASKS_BACKEND=django_tasks_rq.RQBackend and REDIS_URL to use Redis."
            )
        niceness = lower_cpu_priority()  # first, so every thread started later inherits it
        yielding_enable()  # heavy work waits while this host's web answers requests
        self.stdout.write(f"RQ task worker at niceness {niceness}.")
        deliver(WorkerStarted(worker_id=name or "rq"))
        call_command(
            "rqworker",
            *settings.TASKS["default"]["QUEUES"],
            job_class="django_tasks_rq.Job",
            # One process that keeps the embedding model loaded between jobs (RQ's default
            # worker forks a fresh process, which would load the model for every job).
            worker_class="rq.worker.SimpleWorker",
            with_scheduler=True,
            burst=burst,
            name=name,
        )
