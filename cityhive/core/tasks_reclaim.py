"""Background tasks outlive a killed worker: worker leases, reclaiming their tasks, and a lower
CPU priority for the worker.

django-tasks-db (0.13) marks a claimed task RUNNING and appends the worker's id to its
`worker_ids`; nothing ever looks at it again, so a worker killed mid-task (SIGKILL, power loss)
leaves the task RUNNING for good. Here each worker holds a lease: a file named after its id under
DATA_DIR/task-workers/, renewed every LEASE_RENEW_S by a thread. On start and every RECLAIM_EVERY_S,
a worker puts the RUNNING tasks of workers whose lease is older than LEASE_S back to READY. Every
claim appends a worker id, so `len(worker_ids)` counts attempts: a task that was running when
MAX_ATTEMPTS workers died is failed (WorkerLost) rather than tried again. The leases live in the
data folder, beside the search index, which every process of a site already shares.
"""

import hashlib
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

LEASE_S = 60.0
LEASE_RENEW_S = 10.0
RECLAIM_EVERY_S = 60.0
MAX_ATTEMPTS = 3
WORKER_NICENESS = 10  # below the web server (0), so embedding yields the CPU to requests

logger = logging.getLogger(__name__)


class WorkerLost(RuntimeError):
    """The worker running a task stopped without finishing it, too many times."""


@dataclass(frozen=True)
class Reclaimed:
    """What a reclaim did: tasks put back to READY, and tasks failed after MAX_ATTEMPTS."""

    requeued: int = 0
    failed: int = 0


def lease_path(worker_id: str) -> Path:
    """The lease file of a worker (named by a digest: worker ids may hold any character)."""
    name = hashlib.sha256(worker_id.encode("utf-8")).hexdigest()[:32]
    return settings.DATA_DIR / "task-workers" / name


def lease_renew(worker_id: str) -> None:
    """Mark this worker alive for another LEASE_S."""
    path = lease_path(worker_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{worker_id}\n{os.getpid()}\n", encoding="utf-8")


def lease_release(worker_id: str) -> None:
    """Give the lease up on a clean exit."""
    lease_path(worker_id).unlink(missing_ok=True)


def lease_is_alive(worker_id: str, *, now: float) -> bool:
    """Whether the worker renewed its lease within the last LEASE_S seconds."""
    try:
        return now - lease_path(worker_id).stat().st_mtime < LEASE_S
    except FileNotFoundError:
        return False


def tasks_reclaim(*, backend_name: str) -> Reclaimed:
    """Put the RUNNING tasks of workers whose lease expired back to READY (or fail them)."""
    now = time.time()
    requeued = failed = 0
    for pk, worker_ids in (
        DBTaskResult.objects.running()
        .filter(backend_name=backend_name)
        .values_list("pk", "worker_ids")
    ):
        if worker_ids and lease_is_alive(worker_ids[-1], now=now):
            continue
        outcome = _task_reclaim(pk, worker_ids)
        requeued += outcome == TaskResultStatus.READY
        failed += outcome == TaskResultStatus.FAILED
    _leases_prune(now=now)
    return Reclaimed(requeued=requeued, failed=failed)


def _task_reclaim(pk, worker_ids: list[str]) -> str | None:
    """Requeue or fail one task, unless another worker reclaimed or finished it meanwhile."""
    with transaction.atomic():
        row = DBTaskResult.objects.select_for_update().filter(pk=pk).first()
        if row is None or row.status != TaskResultStatus.RUNNING or row.worker_ids != worker_ids:
            return None
        if len(worker_ids) >= MAX_ATTEMPTS:
            row.set_failed(WorkerLost(f"{len(worker_ids)} workers stopped while running it"))
            logger.warning("task %s failed: its worker stopped %s times", pk, len(worker_ids))
            return TaskResultStatus.FAILED
        row.status = TaskResultStatus.READY
        row.save(update_fields=["status"])
        logger.warning("task %s requeued: worker %s stopped", pk, worker_ids[-1:])
        return TaskResultStatus.READY


def _leases_prune(*, now: float) -> None:
    """Delete the lease files of workers gone for good (after their tasks were reclaimed)."""
    folder = settings.DATA_DIR / "task-workers"
    for path in folder.glob("*") if folder.is_dir() else ():
        try:
            if now - path.stat().st_mtime > 10 * LEASE_S:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def lower_cpu_priority(niceness: int = WORKER_NICENESS) -> int:
    """Raise this process's niceness to at least `niceness`; returns the niceness now.

    Call it before any thread starts: on Linux a thread keeps the niceness it was created with,
    and the encoder's thread pool is created on the first encoding.
    """
    current = os.nice(0)
    return os.nice(niceness - current) if current < niceness else current


class LeaseKeeper(threading.Thread):
    """Renews a worker's lease and, now and then, reclaims the tasks of dead workers."""

    def __init__(self, *, worker_id: str, backend_name: str):
        super().__init__(name="task-lease", daemon=True)
        self.worker_id = worker_id
        self.backend_name = backend_name
        self.stopped = threading.Event()

    def run(self) -> None:
        last_reclaim = time.monotonic()
        while not self.stopped.wait(LEASE_RENEW_S):
            lease_renew(self.worker_id)
            if time.monotonic() - last_reclaim >= RECLAIM_EVERY_S:
                last_reclaim = time.monotonic()
                self._reclaim()

    def _reclaim(self) -> None:
        # A busy SQLite database may refuse the write for a moment; the next round retries.
        try:
            tasks_reclaim(backend_name=self.backend_name)
        except DatabaseError:
            logger.warning("reclaiming tasks failed; retrying later", exc_info=True)
        finally:
            close_old_connections()
            connection.close()

    def stop(self) -> None:
        """Stop renewing (the caller releases the lease)."""
        self.stopped.set()
