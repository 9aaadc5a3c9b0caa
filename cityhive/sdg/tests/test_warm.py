"""The SDG tagger is built in the background when a server or a task worker starts."""

from django.test import override_settings

from cityhive.core.events import WorkerStarted, deliver
from cityhive.sdg import warm


def _fresh(monkeypatch) -> list[str]:
    built: list[str] = []
    monkeypatch.setattr(warm.TAGGER_WARMUP, "thread", None)
    monkeypatch.setattr(warm.TAGGER_WARMUP, "work", lambda: built.append("built"))
    return built


def test_a_starting_process_builds_the_tagger_once_in_the_background(monkeypatch):
    built = _fresh(monkeypatch)
    with override_settings(SDG_TAGGER_WARM=True):
        thread = warm.sdg_warm_start()
        again = warm.sdg_warm_start()
    thread.join(timeout=10)
    assert (thread.daemon, again, built) == (True, None, ["built"])


def test_a_starting_task_worker_warms_its_tagger(monkeypatch):
    built = _fresh(monkeypatch)
    with override_settings(SDG_TAGGER_WARM=True):
        deliver(WorkerStarted(worker_id="w1"))
    warm.TAGGER_WARMUP.thread.join(timeout=10)
    assert built == ["built"]


def test_nothing_is_warmed_when_it_is_turned_off(monkeypatch):
    built = _fresh(monkeypatch)
    with override_settings(SDG_TAGGER_WARM=False):
        assert warm.sdg_warm_start() is None
    assert (built, warm.TAGGER_WARMUP.thread) == ([], None)


def test_a_failed_build_does_not_stop_the_process(monkeypatch, caplog):
    monkeypatch.setattr(warm.TAGGER_WARMUP, "thread", None)

    def broken():
        raise OSError("model file missing")

    monkeypatch.setattr(warm.TAGGER_WARMUP, "work", broken)
    with override_settings(SDG_TAGGER_WARM=True):
        warm.sdg_warm_start().join(timeout=10)
    assert "could not be warmed" in caplog.text
