import gc
import threading

from cityhive.core.warmup import settle_after


def test_settling_waits_for_the_warm_ups_then_freezes_what_is_alive():
    release = threading.Event()
    built = []
    warming = threading.Thread(target=lambda: release.wait(10) and built.append([object()]))
    warming.start()
    frozen_before = gc.get_freeze_count()
    try:
        settling = settle_after([warming, None])
        settling.join(timeout=0.2)
        assert settling.is_alive() and gc.get_freeze_count() == frozen_before  # still warming
        release.set()
        settling.join(timeout=10)
        assert not settling.is_alive() and built
        assert gc.get_freeze_count() > frozen_before  # built and everything else alive: frozen
    finally:
        release.set()
        gc.unfreeze()


def test_nothing_to_settle_without_a_warm_up():
    assert settle_after([None, None]) is None
    assert gc.get_freeze_count() == 0
