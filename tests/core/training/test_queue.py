"""The training slots: a bounded pool, fair between owners, first come first served within
one, cancellable while waiting."""

import os
import threading
import time

from core.training.queue import RunQueue, default_slots, lower_this_thread, training_nice


def _hold(queue: RunQueue, name: str, order: list[str], release: threading.Event) -> None:
    if queue.acquire(name):
        order.append(name)
        release.wait(5)
        queue.release()


def test_at_most_slots_run_and_the_rest_wait_in_order() -> None:
    queue = RunQueue(2)
    order: list[str] = []
    release = threading.Event()
    threads = []
    for name in ("a", "b", "c", "d"):
        thread = threading.Thread(target=_hold, args=(queue, name, order, release))
        thread.start()
        threads.append(thread)
        time.sleep(0.05)  # arrive in this order
    time.sleep(0.3)
    assert order == ["a", "b"] and queue.active == 2
    assert queue.position("c") == 1 and queue.position("d") == 2
    release.set()
    for thread in threads:
        thread.join(5)
    assert order == ["a", "b", "c", "d"] and queue.active == 0


def test_a_waiting_holder_can_be_cancelled() -> None:
    queue = RunQueue(1)
    assert queue.acquire("first")
    cancel = threading.Event()
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(queue.acquire("second", cancel.is_set)))
    thread.start()
    time.sleep(0.1)
    assert queue.position("second") == 1
    cancel.set()
    thread.join(5)
    assert result == [False] and queue.position("second") is None
    queue.release()
    assert queue.acquire("third")


def test_slots_setting(monkeypatch) -> None:
    monkeypatch.setenv("CNNLAB_MAX_RUNS", "3")
    assert default_slots() == 3
    monkeypatch.setenv("CNNLAB_MAX_RUNS", "nonsense")
    assert default_slots() >= 1


def test_runs_beyond_the_slots_wait_queued_with_their_position(tmp_path, monkeypatch) -> None:
    """Real runs: with one slot, the second run shows 'queued, position 1' until the first ends."""
    from core.model.presets import get_preset
    from core.training import runs
    from core.training.config import TrainConfig

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    monkeypatch.setattr(runs, "TRAINING_SLOTS", RunQueue(1))
    config = TrainConfig(train_limit=200, epochs=1)
    first = runs.TrainingRun(get_preset("mnist_1filter"), config, name="first")
    second = runs.TrainingRun(get_preset("mnist_1filter"), config, name="second")
    first.start()
    time.sleep(0.2)
    second.start()
    time.sleep(0.2)
    if first.alive:  # on a fast machine the first run may already be done
        snapshot = second.snapshot()
        assert snapshot.status == "queued" and snapshot.queue_position == 1
    third = runs.TrainingRun(get_preset("mnist_1filter"), config, name="third")
    third.start()
    third.stop()  # stopped while waiting: it leaves the line without training
    for run in (first, second, third):
        run.join(60)
    assert [run.snapshot().status for run in (first, second, third)] == [
        "finished",
        "finished",
        "stopped",
    ]
    assert third.snapshot().epochs == []


def test_training_threads_run_nicer_than_the_pages(monkeypatch) -> None:
    monkeypatch.setenv("CNNLAB_TRAIN_NICE", "7")
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen: list[int] = []

    def worker() -> None:
        lower_this_thread()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [max(before, 7)]  # the training thread only
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before
    monkeypatch.setenv("CNNLAB_TRAIN_NICE", "junk")
    assert training_nice() == 10


def test_a_student_who_queues_many_runs_does_not_go_ahead_of_the_others() -> None:
    from types import SimpleNamespace

    queue = RunQueue(1)
    first = SimpleNamespace(owner="mina", name="mina-1")
    assert queue.acquire(first)
    order: list[str] = []
    threads = []
    many = [SimpleNamespace(owner="mina", name=f"mina-{i}") for i in range(2, 6)]
    for holder in [*many, SimpleNamespace(owner="jun", name="jun-1")]:  # Jun comes last
        thread = threading.Thread(
            target=lambda h=holder: queue.acquire(h) and (order.append(h.name), queue.release())
        )
        thread.start()
        threads.append(thread)
        time.sleep(0.05)
    time.sleep(0.2)
    names = [h.name for h in queue._order()]
    assert names[0] == "jun-1"  # Mina already trains: Jun's run is next, not her fifth
    queue.release()
    for thread in threads:
        thread.join(5)
    assert order[0] == "jun-1" and sorted(order[1:]) == [h.name for h in many]
