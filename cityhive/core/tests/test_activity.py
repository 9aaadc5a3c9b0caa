import io
import signal
import time

import pytest
from django.core.management import call_command

from cityhive.core import activity
from cityhive.core.activity import board, yield_to_web, yielding_enable
from cityhive.core.management.commands import db_worker


class FakeClock:
    """A monotonic clock that moves only when the code under test sleeps."""

    def __init__(self, start: float, on_sleep=None):
        self.now = start
        self.on_sleep = on_sleep or (lambda now: None)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.on_sleep(self.now)


@pytest.fixture
def worker(settings, tmp_path):
    """This process as a task worker that yields, with its own data folder."""
    settings.DATA_DIR = tmp_path
    settings.BACKGROUND_YIELD_SECONDS = 2.0
    settings.WEB_QUIET_SECONDS = 0.25
    yielding_enable()
    yield
    activity._state.enabled = False


@pytest.mark.django_db
def test_every_web_request_stamps_when_it_started(client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    assert board().last() is None
    before = time.monotonic()
    client.get("/api/v1/solutions")
    after = time.monotonic()
    assert before <= board().last() <= after
    assert board().path.parent == tmp_path / "run"


def test_a_worker_waits_until_the_web_has_been_quiet(worker):
    board().mark(now=100.0)
    clock = FakeClock(100.1)
    waited = yield_to_web(clock=clock, sleep=clock.sleep)
    assert waited == pytest.approx(0.16, abs=0.011)  # until 100.25, in 20 ms steps


def test_under_constant_traffic_a_worker_goes_on_after_its_longest_wait(worker):
    def request_every_step(now):
        board().mark(now=now)

    clock = FakeClock(50.0, on_sleep=request_every_step)
    board().mark(now=50.0)
    assert yield_to_web(clock=clock, sleep=clock.sleep) == pytest.approx(2.0, abs=0.021)


def test_a_quiet_web_costs_the_worker_nothing(worker):
    board().mark(now=10.0)
    clock = FakeClock(11.0)
    assert yield_to_web(clock=clock, sleep=clock.sleep) == 0.0


def test_a_stamp_from_before_a_restart_does_not_hold_the_worker(worker):
    board().mark(now=5_000.0)  # the host's monotonic clock restarted since
    clock = FakeClock(3.0)
    assert yield_to_web(clock=clock, sleep=clock.sleep) == 0.0


def test_web_processes_and_inline_tasks_never_wait(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    board().mark()
    clock = FakeClock(time.monotonic())
    assert yield_to_web(clock=clock, sleep=clock.sleep) == 0.0


def test_no_waiting_when_turned_off(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    settings.BACKGROUND_YIELD_SECONDS = 0
    yielding_enable()
    board().mark()
    clock = FakeClock(time.monotonic())
    assert yield_to_web(clock=clock, sleep=clock.sleep) == 0.0


@pytest.mark.django_db
def test_the_task_worker_command_makes_its_process_yield(settings, tmp_path, monkeypatch):
    settings.DATA_DIR = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.BACKGROUND_YIELD_SECONDS = 2.0
    monkeypatch.setattr(db_worker, "lower_cpu_priority", lambda: 10)
    monkeypatch.setattr(db_worker.db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    handlers = {
        sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    try:
        call_command(
            "db_worker", "--batch", "--no-startup-delay", "--worker-id", "w", stdout=io.StringIO()
        )
        assert activity._state.enabled
    finally:
        activity._state.enabled = False
        for sig, handler in handlers.items():  # the worker installs its own
            signal.signal(sig, handler)
