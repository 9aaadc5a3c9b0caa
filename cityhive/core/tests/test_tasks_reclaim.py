import io
import os
import signal
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cityhive.core import tasks_reclaim as reclaim
from cityhive.core.management.commands import db_worker
from cityhive.core.tasks_reclaim import Reclaimed, lease_renew, lower_cpu_priority, tasks_reclaim

pytestmark = pytest.mark.django_db

RUNS: list[str] = []


@task()
def note_run(key: str) -> int:
    """A task that records each time it runs."""
    RUNS.append(key)
    return len(RUNS)


@pytest.fixture
def database_tasks(settings, tmp_path, monkeypatch):
    """Tasks queued in the database, worker leases in this test's own data folder."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.DATA_DIR = tmp_path
    # The worker closes connections between tasks; in a test that would end the test's own
    # transaction (PostgreSQL), so it keeps the connection, as a request in a test does.
    monkeypatch.setattr(db_worker.db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    RUNS.clear()
    handlers = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    yield
    for sig, handler in handlers.items():  # the worker installs its own
        signal.signal(sig, handler)


def running_under(*worker_ids: str) -> DBTaskResult:
    """A queued note_run task, claimed in turn by each of these workers (the last still on it)."""
    row = note_run.enqueue(key="once").db_result
    for worker_id in worker_ids:
        row.claim(worker_id)
    return row


def test_a_dead_workers_task_is_put_back_and_then_runs_once(database_tasks, monkeypatch):
    row = running_under("killed-worker")

    assert tasks_reclaim(backend_name="default") == Reclaimed(requeued=1, failed=0)
    row.refresh_from_db()
    assert (row.status, row.worker_ids) == (TaskResultStatus.READY, ["killed-worker"])

    monkeypatch.setattr(db_worker, "lower_cpu_priority", lambda: 10)
    out = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "second", stdout=out)
    row.refresh_from_db()
    assert (row.status, row.return_value, row.worker_ids, RUNS) == (
        TaskResultStatus.SUCCESSFUL,
        1,
        ["killed-worker", "second"],
        ["once"],
    )
    assert out.getvalue().splitlines()[0] == (
        "Task worker second at niceness 10; requeued 0 and failed 0 tasks of stopped workers."
    )
    assert not reclaim.lease_path("second").exists()


def test_the_worker_reclaims_on_start(database_tasks, monkeypatch):
    row = running_under("killed-worker")
    monkeypatch.setattr(db_worker, "lower_cpu_priority", lambda: 10)
    out = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--worker-id", "next", stdout=out)
    row.refresh_from_db()
    assert (row.status, RUNS) == (TaskResultStatus.SUCCESSFUL, ["once"])
    assert "requeued 1 and failed 0" in out.getvalue()


def test_a_live_workers_task_is_left_running(database_tasks):
    lease_renew("busy-worker")
    row = running_under("busy-worker")
    assert tasks_reclaim(backend_name="default") == Reclaimed(requeued=0, failed=0)
    row.refresh_from_db()
    assert (row.status, row.worker_ids) == (TaskResultStatus.RUNNING, ["busy-worker"])


def test_an_expired_lease_counts_as_a_dead_worker(database_tasks):
    lease_renew("stalled-worker")
    expired = time.time() - reclaim.LEASE_S - 1
    os.utime(reclaim.lease_path("stalled-worker"), (expired, expired))
    row = running_under("stalled-worker")
    assert tasks_reclaim(backend_name="default") == Reclaimed(requeued=1, failed=0)
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY


def test_a_task_that_keeps_losing_its_worker_is_failed(database_tasks):
    row = running_under("first", "second", "third")
    assert tasks_reclaim(backend_name="default") == Reclaimed(requeued=0, failed=1)
    row.refresh_from_db()
    assert (row.status, row.exception_class_path, RUNS) == (
        TaskResultStatus.FAILED,
        "cityhive.core.tasks_reclaim.WorkerLost",
        [],
    )


def test_the_worker_process_runs_at_a_lower_cpu_priority():
    # In a child process: niceness cannot be lowered again without privileges.
    expected = max(os.nice(0), reclaim.WORKER_NICENESS)
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:
        first, second = lower_cpu_priority(), lower_cpu_priority()
        os.write(write_end, f"{first} {second} {os.getpriority(os.PRIO_PROCESS, 0)}".encode())
        os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    with os.fdopen(read_end) as pipe:
        assert pipe.read() == f"{expected} {expected} {expected}"


def test_the_worker_waits_out_a_database_restart(database_tasks, monkeypatch):
    row = note_run.enqueue(key="after the restart").db_result
    real_run = db_worker.db_worker.Worker.run
    calls = []

    def run(worker):
        calls.append(worker.worker_id)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        worker.batch = True  # the second life drains the queue and ends the test
        return real_run(worker)

    monkeypatch.setattr(db_worker.db_worker.Worker, "run", run)
    monkeypatch.setattr(db_worker, "lower_cpu_priority", lambda: 10)
    monkeypatch.setattr(db_worker, "RECONNECT_FIRST_PAUSE_S", 0.01)
    err = io.StringIO()
    call_command(
        "db_worker", "--no-startup-delay", "--worker-id", "w", stderr=err, stdout=io.StringIO()
    )
    row.refresh_from_db()
    assert (calls, row.status, RUNS) == (
        ["w", "w"],
        TaskResultStatus.SUCCESSFUL,
        ["after the restart"],
    )
    assert (
        "Database unavailable (server closed the connection unexpectedly); retrying in 0 s."
        in err.getvalue()
    )
