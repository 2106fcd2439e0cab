"""The lab server's half of a run trained on a Ray cluster (`core.cluster`).

`train_remotely` makes the run's `WorkerTraining` (`core.runs.remote_worker`) on a
cluster worker and, every half second, passes on the run's controls (stop, pause, a new
learning rate) and replays what the worker recorded through the run's own callbacks: the live
metrics log the page draws, `metrics.jsonl` / `batches.jsonl`, a CLI's progress bar. The
worker's checkpoints are written into the run's folder as they come. So the queue, the live
page and the run store are the lab server's, and only the training runs on the worker.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.atomic import atomic_path
from core.cluster.errors import WorkerLost
from core.cluster.remote import RemoteObject, cluster_gpus
from core.i18n import _
from core.model.specs import ModelSpec
from core.training.config import TrainConfig
from core.training.store import saving

if TYPE_CHECKING:
    from core.training.control import RunControl

# How often the lab asks the worker for news: the live page redraws every second.
POLL_SECONDS = 0.5


class RemoteTrainer:
    """What the lab's callbacks see of a trainer that runs on a cluster worker: its position,
    history and device (in words); no model, whose weights arrive as checkpoints."""

    model = None

    def __init__(self, spec: ModelSpec, config: TrainConfig, history: Sequence[dict]) -> None:
        self.spec, self.config = spec, config
        self.history = list(history)
        self.epochs_total = config.epochs
        self.steps_per_epoch = 0
        self.epoch, self.batch = len(self.history), 0
        self.classes: list[str] = []
        self.device: str | None = None  # "cuda (NVIDIA H200)", as core.device.describe says
        self.worker: dict[str, Any] = {}  # {"host", "pid"} of the worker process
        self.stopped_reason: str | None = None


def _emit(callbacks: Sequence[Any], event: str, *args: Any) -> None:
    for callback in callbacks:
        getattr(callback, event)(*args)


def _write_checkpoints(folder: Path, files: dict[str, bytes]) -> None:
    """The worker's last.pt / best.pt, each written atomically (as `save_atomic` does)."""
    for which, data in files.items():
        path = folder / f"{which}.pt"
        with saving(path), atomic_path(path) as temp:
            temp.write_bytes(data)


def _replay(news: dict, view: RemoteTrainer, callbacks: Sequence[Any], folder: Path) -> None:
    """Feed one exchange's records to the callbacks, in the worker's order, then write its
    checkpoints (an epoch's checkpoint comes with its record)."""
    for kind, record in news["events"]:
        if kind == "start":
            view.steps_per_epoch, view.device = record["steps_per_epoch"], record["device"]
            view.classes = record["classes"]
            _emit(callbacks, "on_fit_start", view)
        elif kind == "batch":
            view.epoch, view.batch = record["epoch"], record["batch"]
            _emit(callbacks, "on_batch_end", view, record)
        else:
            view.history.append(record)
            _emit(callbacks, "on_epoch_end", view, record)
    _write_checkpoints(folder, news["files"])


def _start_weights(spec: ModelSpec, config: TrainConfig, resume: dict) -> bytes | None:
    """The weights the worker starts from: a continued run's, or a new one's layers reused
    from an earlier run (read here: the worker may not see this server's run folders)."""
    import torch

    from core.model.build import build_model
    from core.runs.remote_worker import to_bytes
    from core.training.reuse import load_reused_weights

    model = resume.get("model")
    if model is None and config.init_from and not resume.get("history"):
        torch.manual_seed(config.seed)  # as `fit` seeds before it builds the model
        model = build_model(spec)
        load_reused_weights(model, spec, Path(config.init_from))
    if model is None:
        return None
    return to_bytes({"state_dict": model.state_dict(), "optimizer": resume.get("optimizer")})


def _gpus(address: str, config: TrainConfig) -> float:
    """One GPU for a run allowed one, when the cluster has any: Ray then gives each run a GPU
    of its own (CUDA_VISIBLE_DEVICES) and holds runs beyond the GPUs until one is free,
    instead of every run landing on a worker's first GPU."""
    return 1.0 if config.device in ("auto", "cuda") and cluster_gpus(address) > 0 else 0.0


def _controls(signal: RunControl) -> tuple[bool, bool, float | None]:
    """The run's controls as the worker takes them: stop, pause, a new rate (taken once)."""
    return signal.stop.is_set(), signal.pause.is_set(), signal.take_lr()


def _lost(reason: WorkerLost, view: RemoteTrainer) -> WorkerLost:
    """The run's own words for a dead worker: which checkpoint is kept, what to do."""
    if view.history:
        message = _(
            "The cluster worker training this run stopped ({reason}). Its last checkpoint, "
            "after epoch {epoch}, is kept: continue the run on the Runs page."
        ).format(reason=reason, epoch=len(view.history))
    else:
        message = _(
            "The cluster worker training this run stopped ({reason}) before an epoch ended, "
            "so there is no checkpoint: start the run again."
        ).format(reason=reason)
    return WorkerLost(message, device=view.device, worker=view.worker)


def train_remotely(
    address: str,
    spec: ModelSpec,
    config: TrainConfig,
    callbacks: Sequence[Any],  # the lab's callbacks, shown a RemoteTrainer
    *,
    signal: RunControl,
    folder: Path,
    resume: dict,
    language: str,
) -> RemoteTrainer:
    """Train on the cluster at `address` under the controls of `signal` (a RunControl),
    replaying the records through `callbacks` and writing checkpoints into `folder`.

    Returns the finished view (its `stopped_reason`, `device`, `worker`). Raises what the
    training raised on the worker, `ClusterUnavailable`, or `WorkerLost` (with which epoch's
    checkpoint is kept) when the worker died.
    """
    from core.runs.remote_worker import WorkerTraining

    view = RemoteTrainer(spec, config, resume.get("history", ()))
    args = (spec.to_json(), config.to_json(), view.history, _start_weights(spec, config, resume))
    worker = RemoteObject.start(
        address, WorkerTraining, *args, language, gpus=_gpus(address, config)
    )
    try:
        ready = worker.submit("where")
        while not ready.wait(POLL_SECONDS):  # Ray waits for a free worker: a stop still works
            if signal.stop.is_set():
                return view
        view.worker = ready.result()
        worker.call("exchange", *_controls(signal))  # paused while queued: from the start
        training = worker.submit("train")
        while True:
            ended = training.wait(POLL_SECONDS)
            _replay(worker.call("exchange", *_controls(signal)), view, callbacks, folder)
            if ended:  # the exchange after the end has brought everything
                break
        view.stopped_reason = training.result()
    except BaseException as error:
        for callback in callbacks:  # as the loop does: RunFiles keeps the batches it had
            with contextlib.suppress(Exception):
                callback.on_exception(view, error)
        if isinstance(error, WorkerLost):
            raise _lost(error, view) from None
        raise
    finally:
        worker.kill()  # its GPU and memory are free at once, whatever happened
    _emit(callbacks, "on_fit_end", view)
    return view
