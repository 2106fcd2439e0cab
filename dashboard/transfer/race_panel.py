"""Side-by-side transfer runs: the three strategies, or random weights vs pretrained.

The runs train in their own threads (core.runs.run.TrainingRun); a fragment redraws their
validation curves (dashboard.run_figures.compare_figure) and the course's table:
trainable parameters, seconds per epoch and best validation accuracy.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.i18n import N_, _
from core.identity.people import NotAllowed
from core.runs.locks import check_locks
from core.transfer.net import TransferSpec
from core.transfer.race import scratch_variants, strategy_variants
from dashboard.identity import actor
from dashboard.keys import TransferKeys as K
from dashboard.live_run import REFRESH_SECONDS
from dashboard.plain import plain
from dashboard.run_figures import compare_figure
from dashboard.run_status import status_text
from dashboard.transfer.figures import race_rows

INFO_KEY = {K.RACE: K.RACE_INFO, K.SCRATCH: K.SCRATCH_INFO}  # runs -> their trainable counts
INTRO = {  # English, marked for the catalogue; shown with _()
    "strategies": N_(
        "Train the same photos with the three strategies at once. The head "
        "trains on cached features, so its epochs take milliseconds (the features are "
        "computed once first); the others push every photo through the whole network."
    ),
    "scratch": N_(
        "The same architecture trained entirely, once from random weights and once "
        "from ImageNet's: on a few hundred photos the pretrained start wins by a wide margin."
    ),
}


def race_run_name(key: str, spec: TransferSpec) -> str:
    """A contestant's run name: the race's and the spec's own name, the same in every
    language (it was the label shown, so a race run in Korean and one in English were two
    names for one thing on Test a photo)."""
    return f"{key.rsplit('.', 1)[-1]}-{spec.name}"


def start_runs(
    variants: dict[str, TransferSpec], photos: Any, epochs: int, limit: int | None, key: str
) -> bool:
    """Start one run per variant on the same photos and validation split; none (False, with
    the reason shown) when one would break the teacher's locks, which core holds."""
    from core.transfer.finetune import (  # lazy: it imports torch
        default_config,
        make_run,
        trainable_count,
    )

    me = actor()
    configs = {
        label: default_config(spec.strategy, photos.name, epochs=epochs, train_limit=limit)
        for label, spec in variants.items()
    }
    try:
        for label, spec in variants.items():
            check_locks(me, spec, configs[label])
    except NotAllowed as error:
        st.error(plain(error))
        return False
    runs, trainable = {}, {}
    for label, spec in variants.items():
        run = make_run(spec, photos, configs[label], name=race_run_name(key, spec), owner=me)
        run.start()
        runs[label], trainable[label] = run, trainable_count(spec)
    st.session_state[key], st.session_state[INFO_KEY[key]] = runs, trainable
    return True


def race_view(runs: dict[str, Any], trainable: dict[str, int], key: str) -> None:
    """Curves and the comparison table, redrawn every second while a run is alive."""
    alive = any(run.alive for run in runs.values())

    @st.fragment(run_every=REFRESH_SECONDS if alive else None)
    def panel() -> None:
        snaps = {label: run.snapshot() for label, run in runs.items()}
        curves = {label: snap.epochs for label, snap in snaps.items()}
        for label, run in runs.items():
            _done, total, message = run.preparing.read()
            status = status_text(snaps[label].status)
            if snaps[label].status == "running" and not snaps[label].batches and total:
                status = message
            st.caption(f"**{label}**: {status}" + (f" — {plain(run.error)}" if run.error else ""))
        left, right = st.columns(2)
        left.plotly_chart(
            compare_figure(curves, "val_acc", _("Validation accuracy")), key=f"{key}_acc"
        )
        right.plotly_chart(
            compare_figure(curves, "val_loss", _("Validation loss")), key=f"{key}_loss"
        )
        st.dataframe(
            race_rows(snaps, trainable),
            hide_index=True,
            column_config={
                "run": st.column_config.Column(_("run")),
                "trainable parameters": st.column_config.NumberColumn(
                    _("trainable parameters"), format="localized"
                ),
                "seconds / epoch": st.column_config.NumberColumn(
                    _("seconds / epoch"), format="%.2f"
                ),
                "best val accuracy": st.column_config.NumberColumn(
                    _("best val accuracy"), format="percent"
                ),
                "epochs done": st.column_config.Column(_("epochs done")),
            },
        )
        if alive and not any(run.alive for run in runs.values()):
            st.rerun()

    panel()


def render_compare(kind: str, spec: TransferSpec | None, photos: Any, key: str, busy: bool) -> None:
    """One comparison tab: settings, a start button, then the live view."""
    st.markdown(_(INTRO[kind]))
    # No default on the widgets: app.py keeps these keys across pages (PERSISTENT_PREFIXES).
    epochs_key, limit_key = f"{K.RACE_EPOCHS}.{kind}", f"{K.LIMIT}.{kind}"
    st.session_state.setdefault(epochs_key, 2)
    st.session_state.setdefault(limit_key, 120)
    left, right = st.columns(2)
    epochs = left.number_input(_("Epochs per run"), 1, 20, key=epochs_key)
    limit = right.number_input(
        _("Photos used (validation included)"),
        20,
        5000,
        step=20,
        key=limit_key,
        help=_(
            "Whole-network training pushes every photo through 4 million weights each epoch; "
            "keep this small on a laptop."
        ),
    )
    runs: dict[str, Any] = st.session_state.get(key) or {}
    alive = any(run.alive for run in runs.values())
    ready = spec is not None and photos is not None
    slug = key.replace(".", "_")  # button keys become CSS classes (st-key-<key>)
    if st.button(_("Start"), type="primary", key=f"{slug}_start", disabled=not ready or busy):
        variants = strategy_variants(spec) if kind == "strategies" else scratch_variants(spec)
        if start_runs(variants, photos, int(epochs), int(limit), key):
            st.rerun()
    if alive and st.button(_("Stop"), key=f"{slug}_stop"):
        for run in runs.values():
            run.stop()
    if busy and not alive:
        st.caption(_("Another run is training; start this one when it ends."))
    if runs:
        race_view(runs, st.session_state.get(INFO_KEY[key], {}), key)
