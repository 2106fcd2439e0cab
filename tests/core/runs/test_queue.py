"""The training slots: a bounded pool, fair between owners, first come first served within
one, cancellable while waiting."""

import os
import threading

from core.runs.queue import RunQueue, default_slots, lower_this_thread, training_nice


def _hold(
    queue: RunQueue, name: str, got: dict[str, threading.Event], release: threading.Event
) -> None:
    if queue.acquire(name):
        got[name].set()
        release.wait(10)
        queue.release()


def test_at_most_slots_run_and_the_rest_wait_in_order() -> None:
    queue = RunQueue(2)
    names = ("a", "b", "c", "d")
    got = {name: threading.Event() for name in names}
    release = threading.Event()
    threads = []
    for arrived, name in enumerate(names, start=1):
        thread = threading.Thread(target=_hold, args=(queue, name, got, release))
        thread.start()
        threads.append(thread)
        # the next arrives only once this one holds a slot or stands in line
        assert queue.wait_for(lambda n=arrived: queue.active + queue.waiting == n)
    assert got["a"].wait(10) and got["b"].wait(10)
    assert queue.active == 2 and not got["c"].is_set() and not got["d"].is_set()
    assert queue.position("c") == 1 and queue.position("d") == 2
    release.set()
    for thread in threads:
        thread.join(10)
    assert all(event.is_set() for event in got.values()) and queue.active == 0


def test_a_waiting_holder_can_be_cancelled() -> None:
    queue = RunQueue(1)
    assert queue.acquire("first")
    cancel = threading.Event()
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(queue.acquire("second", cancel.is_set)))
    thread.start()
    assert queue.wait_for(lambda: queue.waiting == 1)
    assert queue.position("second") == 1
    cancel.set()
    thread.join(10)
    assert result == [False] and queue.position("second") is None
    queue.release()
    assert queue.acquire("third")


def test_slots_setting(monkeypatch) -> None:
    monkeypatch.setenv("CNNLAB_MAX_RUNS", "3")
    assert default_slots() == 3
    monkeypatch.setenv("CNNLAB_MAX_RUNS", "nonsense")
    assert default_slots() >= 1


def test_runs_beyond_the_slots_wait_queued_with_their_position(tmp_path, monkeypatch) -> None:
    """Real runs: while the one slot is taken, each run shows 'queued' with its position;
    a run stopped while waiting leaves the line without training."""
    from core.model.presets import get_preset
    from core.runs import run as runs
    from core.training.config import TrainConfig

    monkeypatch.setenv("CNNLAB_HOME", str(tmp_path))
    queue = RunQueue(1)
    monkeypatch.setattr(runs, "TRAINING_SLOTS", queue)
    assert queue.acquire("the teacher's demo")  # the one slot is taken
    config = TrainConfig(train_limit=200, epochs=1)
    first = runs.TrainingRun(get_preset("mnist_1filter"), config, name="first")
    second = runs.TrainingRun(get_preset("mnist_1filter"), config, name="second")
    first.start()
    assert queue.wait_for(lambda: queue.waiting == 1)
    second.start()
    assert queue.wait_for(lambda: queue.waiting == 2)
    for run, position in ((first, 1), (second, 2)):
        snapshot = run.snapshot()
        assert snapshot.status == "queued" and snapshot.queue_position == position
    third = runs.TrainingRun(get_preset("mnist_1filter"), config, name="third")
    third.start()
    assert queue.wait_for(lambda: queue.waiting == 3)
    third.stop()  # stopped while waiting: it leaves the line without training
    assert queue.wait_for(lambda: queue.waiting == 2)
    queue.release()
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
        count = len(threads)
        assert queue.wait_for(lambda n=count: queue.waiting == n)  # in this order
    names = [h.name for h in queue._order()]
    assert names[0] == "jun-1"  # Mina already trains: Jun's run is next, not her fifth
    queue.release()
    for thread in threads:
        thread.join(5)
    assert order[0] == "jun-1" and sorted(order[1:]) == [h.name for h in many]
