"""The Transfer learning page's "Fine-tune" tab: settings, start, live charts, the result."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.i18n import _
from core.training.config import ConfigError
from core.transfer.backbones import BackboneUnavailable
from core.transfer.finetune import COURSE_RECIPE, DEFAULTS
from dashboard.identity import actor
from dashboard.keys import TransferKeys as K
from dashboard.live_run import REFRESH_SECONDS, live_run_panel
from dashboard.navigation import link_to
from dashboard.own_runs import TRANSFER, remember
from dashboard.plain import plain


def _settings(strategy: str) -> dict[str, Any]:
    """The run's training settings: the lab's fast defaults per strategy, or 000's recipe."""
    course = st.toggle(
        _("The course's recipe (000): Adam, lr 1e-5, StepLR(step_size=3, gamma=0.5), 10 epochs"),
        key=K.COURSE_RECIPE,
        help=_("Slower than the lab's defaults, as the course trains a whole ResNet18 gently."),
    )
    if course:
        st.code(
            "optimizer = optim.Adam(model.parameters(), lr=1e-5)\n"
            "scheduler = lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)",
            language="python",
            wrap_lines=True,
        )
        return dict(COURSE_RECIPE)
    # Keyed per strategy: each one starts from its own good defaults. No default on the
    # widgets: app.py keeps these keys across pages (PERSISTENT_PREFIXES).
    epochs_key, lr_key = f"{K.EPOCHS}.{strategy}", f"{K.LR}.{strategy}"
    st.session_state.setdefault(epochs_key, int(DEFAULTS[strategy]["epochs"]))
    st.session_state.setdefault(lr_key, float(DEFAULTS[strategy]["lr"]))
    left, right = st.columns(2)
    epochs = left.number_input(_("Epochs"), 1, 100, key=epochs_key)
    lr = right.number_input(_("Learning rate"), 1e-6, 1.0, format="%g", key=lr_key)
    return {"epochs": int(epochs), "lr": float(lr)}


def _start(spec: Any, photos: Any, settings: dict[str, Any]) -> None:
    from core.transfer.finetune import default_config, make_run  # lazy: it imports torch

    try:
        config = default_config(spec.strategy, photos.name, **settings)
        run = make_run(spec, photos, config, owner=actor())
    except (BackboneUnavailable, ConfigError, ValueError) as error:
        st.error(plain(error))
        return
    run.start()
    st.session_state[K.RUN] = run
    remember(actor(), run, TRANSFER)
    st.rerun()


def preparing_panel(run: Any) -> None:
    """Feature extraction's progress, until the first batch trains."""

    @st.fragment(run_every=REFRESH_SECONDS)
    def panel() -> None:
        done, total, message = run.preparing.read()
        if not run.alive or run.snapshot().batches:
            st.rerun()  # the whole page: draw the live charts instead
        if run.status == "queued":
            message = _("waiting for a free training slot (other runs are training)")
        st.progress(done / total if total else 0.0, text=message.capitalize() + "…")
        st.caption(
            _(
                "Feature extraction runs each photo through the frozen base once and stores the "
                "result; training the head then takes a fraction of a second per epoch. The "
                "next run on these photos skips this step."
            )
        )

    panel()


def _result(run: Any) -> None:
    from core.transfer.finetune import export_run  # lazy: it imports torch

    snap = run.snapshot()
    if run.status not in ("finished", "stopped") or not snap.epochs:
        return
    path = run.run_dir / "model.pt"
    if not path.is_file():
        export_run(run.run_dir, path, actor())
    st.success(
        _(
            "Saved the fine-tuned model (best validation accuracy {accuracy:.1%}, "
            "epoch {epoch}). Ask it about a new photo:"
        ).format(accuracy=snap.best_val_acc, epoch=snap.best_epoch)
    )
    link_to("test_photo")
    st.caption(_("Or in a terminal:"))
    st.code(f"python -m core predict --model {path} photo.jpg", language="bash")


def render_finetune(spec: Any, photos: Any, busy: bool) -> None:
    """Settings, Start, and the run's live panel (the Train page's charts and controls)."""
    strategy = spec.strategy if spec is not None else "head"
    settings = _settings(strategy)
    run = st.session_state.get(K.RUN)
    if st.button(
        _("Start fine-tuning"), type="primary", key="transfer_start", disabled=spec is None or busy
    ):
        _start(spec, photos, settings)
    if run is None:
        st.info(
            _(
                "Pick a photo set with two or more classes, keep the default feature extraction "
                "strategy, and press **Start fine-tuning**. The first run on a photo set passes "
                "every photo once through the pretrained network (a bar shows it and the time "
                "left: about a minute per 1,000 photos on a 2-core laptop); later runs on the "
                "same photos reuse that work and train in seconds."
            )
        )
        return
    if run.alive and not run.snapshot().batches:
        preparing_panel(run)
    else:
        live_run_panel(run)
        _result(run)
