"""The run history: a table to pick runs from, their curves overlaid, their settings
side by side with what changed highlighted, and actions on one run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from core.classroom.report import run_note
from core.i18n import _, ngettext
from core.runs.run import continue_run
from core.training.config import SETTING_LABELS, setting_text
from core.training.records import read_epochs
from core.training.reuse import reuse_spec
from core.training.store import (
    RunInfo,
    delete_run,
    load_checkpoint,
    model_spec,
    rename_run,
)
from dashboard import model_state
from dashboard.bundles import download_bundle, download_onnx
from dashboard.cells import NOT_YET, percent, unverified
from dashboard.identity import actor
from dashboard.keys import TrainKeys as K
from dashboard.navigation import go_to
from dashboard.plain import plain
from dashboard.run_figures import compare_figure
from dashboard.run_status import status_label
from dashboard.train_choices import MY_MODEL

SETTINGS = (
    "dataset",
    "preset",
    "epochs",
    "batch_size",
    "optimizer",
    "lr",
    "momentum",
    "weight_decay",
    "l1",
    "schedule",
    "schedule_params",
    "train_limit",
    "val_fraction",
    "scaling",
    "early_stopping",
    "seed",
)


def labels(runs: list[RunInfo]) -> list[str]:
    """Each run's name, with its start time where two runs share a name (a table's rows and
    a chart's legend must tell them apart); the date too if the time is shared as well."""
    counts = Counter(run.name for run in runs)
    times = Counter((run.name, run.created[11:19]) for run in runs)
    out = []
    for run in runs:
        if counts[run.name] == 1:
            out.append(run.name)
            continue
        when = run.created[11:19] if times[(run.name, run.created[11:19])] == 1 else run.created
        out.append(f"{run.name} · {when.replace('T', ' ')}")
    return out


# The columns a student compares runs by come first, at these widths (pixels), the name
# pinned: at 1280 pixels with the sidebar open they are in view without a sideways scroll
# (tests/e2e/test_classroom.py measures the table).
KEY_COLUMNS = {"name": 190, "status": 90, "best val acc": 100, "test acc": 90, "epochs": 70}


def runs_frame(runs: list[RunInfo]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "name": label,
                "status": status_label(run.status),
                "best val acc": unverified(percent(run.best_val_acc), not run.restored),
                "test acc": _test_cell(run),
                "epochs": run.epochs_done,
                "model": run.preset or _("custom"),
                "dataset": run.dataset,
                "created": run.created[:19].replace("T", " "),
                "problem": run_note(run),
            }
            for run, label in zip(runs, labels(runs), strict=True)
        ]
    )


def _test_cell(run: RunInfo) -> str:
    """This server's test accuracy; else a number not measured here (an earlier evaluation,
    a restored bundle's own), marked."""
    if run.test_acc is not None:
        return unverified(percent(run.test_acc), run.test_verified)
    return unverified(percent(run.imported_test_acc), False)


def settings_frame(runs: list[RunInfo]) -> pd.DataFrame:
    """One column per run, one row per setting; rows whose values differ come first."""
    frame = pd.DataFrame(
        {
            label: [setting_text(key, run.config) for key in SETTINGS]
            for run, label in zip(runs, labels(runs), strict=True)
        },
        index=[_(SETTING_LABELS[key]) for key in SETTINGS],
    )
    differs = frame.nunique(axis=1) > 1
    return pd.concat([frame[differs], frame[~differs]])


def history(run: RunInfo) -> list[dict]:
    """The run's checked epochs: a malformed value is None, a gap in its curve."""
    return read_epochs(Path(run.run_dir))


def render_table(runs: list[RunInfo]) -> list[RunInfo]:
    """The history table; returns the runs the student ticked."""
    event = st.dataframe(
        runs_frame(runs),
        hide_index=True,
        on_select="rerun",
        selection_mode="multi-row",
        key=K.SELECTED_RUNS,
        column_config={
            "name": st.column_config.TextColumn(_("name"), width=KEY_COLUMNS["name"], pinned=True),
            "status": st.column_config.TextColumn(_("status"), width=KEY_COLUMNS["status"]),
            "best val acc": st.column_config.TextColumn(
                _("best val acc"),
                width=KEY_COLUMNS["best val acc"],
                help=_(
                    "The best epoch's validation accuracy; {not_yet}: no epoch finished yet."
                ).format(not_yet=NOT_YET),
            ),
            "test acc": st.column_config.TextColumn(
                _("test acc"),
                width=KEY_COLUMNS["test acc"],
                help=_(
                    "Accuracy on the test set; {not_yet}: not evaluated yet (Evaluate below)."
                ).format(not_yet=NOT_YET),
            ),
            "epochs": st.column_config.NumberColumn(_("epochs"), width=KEY_COLUMNS["epochs"]),
            "model": _("model"),
            "dataset": _("dataset"),
            "created": _("created"),
            "problem": st.column_config.TextColumn(
                _("problem"), help=_("What is wrong with the run's files, or not verified here.")
            ),
        },
    )
    return [runs[row] for row in event.selection.rows if row < len(runs)]


def render_compare(selected: list[RunInfo]) -> None:
    curves = {label: history(run) for run, label in zip(selected, labels(selected), strict=True)}
    left, right = st.columns(2)
    left.plotly_chart(compare_figure(curves, "val_acc", _("Validation accuracy")), key="cmp_acc")
    right.plotly_chart(compare_figure(curves, "val_loss", _("Validation loss")), key="cmp_loss")
    left.plotly_chart(compare_figure(curves, "train_loss", _("Training loss")), key="cmp_train")
    right.plotly_chart(compare_figure(curves, "seconds", _("Seconds per epoch")), key="cmp_seconds")
    frame = settings_frame(selected)
    changed = int((frame.nunique(axis=1) > 1).sum())
    st.markdown(
        ngettext(
            "**Settings** - {count} differs (highlighted, listed first)",
            "**Settings** - {count} differ (highlighted, listed first)",
            changed,
        ).format(count=changed)
    )
    st.dataframe(
        frame.style.apply(
            lambda row: [
                "background-color: #fff3cd" if row.nunique() > 1 else "" for _value in row
            ],
            axis=1,
        ),
        width="stretch",
    )


def render_actions(run: RunInfo) -> None:
    """Rename, delete, or continue one run."""
    columns = st.columns([3, 1, 2, 1], vertical_alignment="bottom")
    new_name = columns[0].text_input(
        _("Name"), value=run.name, key=f"runs_name_{run.run_dir.name}", persist_state="session"
    )
    if columns[1].button(_("Rename"), key=f"runs_rename_{run.run_dir.name}"):
        _act(
            lambda: rename_run(run.run_dir, new_name, actor()),
            _("Renamed to {name}.").format(name=plain(new_name)),
        )
    extra = columns[2].number_input(
        _("More epochs"), 1, 50, 2, key=K.EXTRA_EPOCHS, persist_state="session"
    )
    if columns[3].button(_("Continue"), key=f"runs_continue_{run.run_dir.name}"):
        _continue(run, int(extra))
    with st.popover(_("Reuse its layers for a new task (001: model B on model A)")):
        _reuse_form(run)
    take_home = st.columns(2)
    with take_home[0]:
        download_bundle(run.run_dir, key=f"runs_bundle_{run.run_dir.name}")
    with take_home[1]:
        download_onnx(run.run_dir, key=f"runs_onnx_{run.run_dir.name}")
    with st.popover(_("Delete this run")):
        st.write(
            _("Delete **{name}** and its checkpoints? This cannot be undone.").format(
                name=plain(run.name)
            )
        )
        if st.button(_("Delete"), type="primary", key=f"runs_delete_{run.run_dir.name}"):
            _act(
                lambda: delete_run(run.run_dir, actor()),
                _("Deleted {name}.").format(name=plain(run.name)),
            )


def _reuse_form(run: RunInfo) -> None:
    """Model B on model A: this run's layers but the last, frozen, and a new output layer."""
    st.write(
        _(
            "Keep every layer of this model but its output layer, frozen with their trained "
            "weights, and add a new output layer for another task: 1 output (sigmoid) for two "
            "classes, or one per class (softmax)."
        )
    )
    key = run.run_dir.name
    units = st.number_input(
        _("Outputs of the new layer"), 1, 1000, 2, key=f"runs_reuse_units_{key}"
    )
    freeze = st.checkbox(_("Freeze the reused layers"), True, key=f"runs_reuse_freeze_{key}")
    if st.button(_("Build model B"), key=f"runs_reuse_{key}"):
        try:
            spec = reuse_spec(model_spec(load_checkpoint(run.run_dir)), int(units), freeze)
        except (OSError, ValueError, KeyError) as error:
            st.session_state[K.MESSAGE] = (
                "error",
                _("Could not reuse {run}: {problem}").format(
                    run=plain(run.name), problem=plain(error)
                ),
            )
            st.rerun()
        model_state.load_spec(
            spec,
            _("Model B on {run}: its layers, a new output layer.").format(run=plain(run.name)),
        )
        st.session_state[K.MODEL_SOURCE] = MY_MODEL
        st.session_state[K.INIT_FROM] = str(run.run_dir)
        go_to("training")


def _act(action: Any, success: str) -> None:
    try:
        action()
    except (OSError, ValueError) as error:
        st.session_state[K.MESSAGE] = ("error", plain(error))
    else:
        st.session_state[K.MESSAGE] = ("success", success)
    st.rerun()


def _continue(run: RunInfo, extra_epochs: int) -> None:
    current = st.session_state.get(K.RUN)
    if current is not None and current.alive:
        st.session_state[K.MESSAGE] = (
            "error",
            _("A run is training; stop it first (Train page)."),
        )
        st.rerun()
    try:
        new_run = continue_run(run.run_dir, extra_epochs, actor())  # already started
    except (OSError, ValueError, RuntimeError) as error:
        st.session_state[K.MESSAGE] = (
            "error",
            _("Could not continue {run}: {problem}").format(
                run=plain(run.name), problem=plain(error)
            ),
        )
        st.rerun()
    st.session_state[K.RUN] = new_run
    go_to("training")
