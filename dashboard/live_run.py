"""A training run drawn live: status, controls, charts and the course's epoch log.

The run trains in its own worker thread (core.runs.run.TrainingRun); this panel is a fragment
that re-reads `run.snapshot()` every second while the run is alive. Clicking anything else
on the page, or leaving it, never touches the worker.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

import streamlit as st

from core.i18n import _
from core.training.store import read_json
from dashboard.cells import number, percent
from dashboard.keys import TrainKeys
from dashboard.plain import plain
from dashboard.run_figures import batch_loss_figure, compare_figure, epoch_figure, lr_figure
from dashboard.run_status import status_text

REFRESH_SECONDS = 1.0
LIVE = {"created", "running", "paused", "stopping", "queued"}


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes}:{seconds:02d}"


def _where_trained(snap: Any) -> None:
    """Once a run has ended, where it trained when that was a Ray cluster's worker (the
    `timings` its status.json keeps): the lab server's own Device setting does not say."""
    timings: dict = {}
    with suppress(OSError, ValueError, AttributeError):
        timings = read_json(snap.run_dir / "status.json").get("timings") or {}
    if timings.get("executor") != "ray":
        return
    device, host = timings.get("device"), (timings.get("worker") or {}).get("host")
    if device and host:
        st.caption(
            _("Trained on the Ray cluster: {device} on worker {host}.").format(
                device=plain(device), host=plain(host)
            )
        )
    else:  # the worker died before it said where it was
        st.caption(_("Trained on the Ray cluster."))


def _controls(run: Any, snap: Any) -> None:
    columns = st.columns([1, 1, 2, 1], vertical_alignment="bottom")
    if snap.status == "paused":
        columns[0].button(_("Resume"), on_click=run.resume, key="train_resume", type="primary")
    else:
        columns[0].button(
            _("Pause"), on_click=run.pause, key="train_pause", disabled=snap.status != "running"
        )
    columns[1].button(
        _("Stop"), on_click=run.stop, key="train_stop", disabled=snap.status not in LIVE
    )
    new_lr = columns[2].number_input(
        _("Learning rate from the next batch"),
        min_value=1e-7,
        max_value=10.0,
        value=float(run.config.lr),
        format="%g",
        # One key per run: the value typed for a run is kept across pages, and a new run
        # starts from its own learning rate.
        key=f"{TrainKeys.NEW_LR}.{run.run_dir.name}",
        persist_state="session",
    )
    if columns[3].button(_("Apply"), key="train_apply_lr", disabled=snap.status not in LIVE):
        run.set_lr(float(new_lr))
        st.toast(_("Learning rate set to {lr:g} from the next batch.").format(lr=new_lr))


def render_snapshot(run: Any, snap: Any, controls: bool = True) -> None:
    """Everything about one run's progress, from a snapshot (no locking in the page)."""
    status = status_text(snap.status)
    if snap.status == "queued" and snap.queue_position:
        status = _("queued, position {position} (the server trains a few runs at a time)").format(
            position=snap.queue_position
        )
    done = (snap.epoch - 1 + snap.batch / max(snap.batches_per_epoch or 1, 1)) if snap.epoch else 0
    progress = min(1.0, done / max(snap.epochs_total, 1))
    st.progress(
        progress,
        text=_("**{name}**: {status}, epoch {epoch} of {total}").format(
            name=plain(snap.name), status=status, epoch=snap.epoch, total=snap.epochs_total
        ),
    )
    if snap.error:
        st.error(plain(snap.error))
    if snap.status not in LIVE:
        _where_trained(snap)
    # A run with no validation split checks each epoch on the test set (TrainConfig).
    on_test = bool(getattr(getattr(run, "config", None), "checks_on_test", False))
    # Short labels and values: four metrics share two thirds of a 1280-pixel projector.
    metrics = st.columns(4)
    best_label = _("Best test acc") if on_test else _("Best val acc")
    if snap.best_val_acc is None:
        metrics[0].metric(best_label, "-")
    else:
        metrics[0].metric(
            best_label,
            f"{snap.best_val_acc:.1%}",
            help=(
                _(
                    "The best epoch (epoch {epoch}, the star on the accuracy chart): "
                    "test accuracy {accuracy:.4%}. No validation split: each epoch was "
                    "checked on the test set."
                )
                if on_test
                else _(
                    "The best epoch (epoch {epoch}, the star on the accuracy chart): "
                    "validation accuracy {accuracy:.4%}."
                )
            ).format(epoch=snap.best_epoch, accuracy=snap.best_val_acc),
        )
    metrics[1].metric(
        _("Images / s"), "-" if not snap.images_per_s else f"{snap.images_per_s:,.0f}"
    )
    metrics[2].metric(_("Time left"), _duration(snap.eta_seconds) if snap.status in LIVE else "-")
    last = snap.epochs[-1] if snap.epochs else None
    metrics[3].metric(
        _("Last test loss") if on_test else _("Last val loss"),
        "-" if not last else f"{last['val_loss']:.4f}",
    )
    if controls:
        _controls(run, snap)
    left, right = st.columns(2)
    if snap.epochs:
        left.plotly_chart(
            epoch_figure(snap.epochs, "loss", on_test=on_test), key="train_loss_chart"
        )
        right.plotly_chart(
            epoch_figure(snap.epochs, "acc", snap.best_epoch, on_test), key="train_acc_chart"
        )
    else:
        left.info(_("The loss and accuracy per epoch appear here after the first epoch."))
    if snap.batches:
        left.plotly_chart(
            batch_loss_figure(snap.batches, snap.batches_per_epoch), key="train_batch_chart"
        )
        lrs = [record["lr"] for record in snap.batches]
        right.plotly_chart(
            lr_figure(lrs, snap.batches_per_epoch or 1, _("Learning rate used")),
            key="train_lr_chart",
        )
    st.markdown(_("**Epoch log**"))
    st.code(
        "\n".join(snap.lines[-200:]) or _("(no epoch finished yet)"),
        language=None,
        height=160,
        wrap_lines=True,  # a line cut at the right edge hid the validation accuracy
    )


def live_run_panel(run: Any) -> None:
    """Redraw the run every second while it trains; once it ends, one last full rerun."""
    interval = REFRESH_SECONDS if run.alive else None

    @st.fragment(run_every=interval)
    def panel() -> None:
        snap = run.snapshot()
        render_snapshot(run, snap)
        if interval and not run.alive:
            st.rerun()  # the whole page: stop the timer, show the final state and history

    panel()


def race_panel(runs: dict[str, Any]) -> None:
    """Several runs drawn on one chart each for validation accuracy and loss."""
    alive = any(run.alive for run in runs.values())

    @st.fragment(run_every=REFRESH_SECONDS if alive else None)
    def panel() -> None:
        snaps = {label: run.snapshot() for label, run in runs.items()}
        curves = {label: snap.epochs for label, snap in snaps.items()}
        left, right = st.columns(2)
        left.plotly_chart(
            compare_figure(curves, "val_acc", _("Validation accuracy")), key="race_acc_chart"
        )
        right.plotly_chart(
            compare_figure(curves, "val_loss", _("Validation loss")), key="race_loss"
        )
        rows = []
        for label, snap in snaps.items():
            last = snap.epochs[-1] if snap.epochs else {}
            status = status_text(snap.status)
            if snap.queue_position:
                status = _("queued, position {position}").format(position=snap.queue_position)
            rows.append(
                {
                    "run": label,
                    "status": status,
                    "epoch": f"{snap.epoch}/{snap.epochs_total}",
                    "best val acc": percent(snap.best_val_acc),
                    "last val loss": number(last.get("val_loss")),
                    "seconds/epoch": number(last.get("seconds"), ".1f"),
                }
            )
        st.dataframe(
            rows,
            hide_index=True,
            column_config={
                "run": _("run"),
                "status": _("status"),
                "epoch": _("epoch"),
                "best val acc": _("best val acc"),
                "last val loss": _("last val loss"),
                "seconds/epoch": _("seconds/epoch"),
            },
        )
        if alive and not any(run.alive for run in runs.values()):
            st.rerun()

    panel()
