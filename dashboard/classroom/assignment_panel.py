"""The teacher hands out an assignment (a course exercise, or a model with training settings,
some locked) and ranks the class's runs for it on the test split."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.classroom.assignments import SETTINGS, Assignment, current, push, withdraw
from core.classroom.leaderboard import leaderboard
from core.course.exercises import EXERCISES
from core.data.datasets import list_datasets
from core.i18n import N_, _, ngettext
from core.model.presets import PRESETS
from core.runs.locks import LOCK_NAMES
from core.training.methods import OPTIMIZERS
from core.training.store import list_runs
from dashboard.cells import number, percent
from dashboard.identity import actor
from dashboard.model_state import current_spec
from dashboard.plain import plain
from dashboard.train_choices import LIMIT_CHOICES, LR_CHOICES

EXERCISE = N_("A course exercise")
OWN = N_("A model and settings of my own")
BUILT = N_("The model on my Build a CNN page, with these settings")
TRAIN_EXERCISES = {e.id: e for e in EXERCISES if e.kind == "train"}


def _own_settings(with_preset: bool = True) -> dict[str, Any]:
    c = st.columns(3)
    names = list(PRESETS)
    preset = None
    if with_preset:
        preset = c[0].selectbox(
            _("Preset"),
            names,
            index=names.index("mnist_fast"),  # trains in seconds: thirty at once stay quick
            format_func=lambda n: _(PRESETS[n].title),
            key="hand.preset",
        )
    dataset = c[1].selectbox(_("Dataset"), list_datasets(actor()), key="hand.dataset")
    optimizer = c[2].selectbox(_("Optimizer"), list(OPTIMIZERS), index=5, key="hand.optimizer")
    c = st.columns(4)
    lr = c[0].select_slider(_("Learning rate"), LR_CHOICES, value=1e-3, key="hand.lr")
    batch = c[1].number_input(_("Batch size"), 1, 4096, 64, key="hand.batch")
    epochs = c[2].number_input(_("Epochs"), 1, 100, 3, key="hand.epochs")
    limit = c[3].select_slider(
        _("Training images"), LIMIT_CHOICES, value=LIMIT_CHOICES[2], key="hand.limit"
    )
    chosen = {
        "preset": preset,
        "dataset": dataset,
        "optimizer": optimizer,
        "lr": lr,
        "batch_size": int(batch),
        "epochs": int(epochs),
        "train_limit": None if limit == "all" else int(limit),
    }
    return {name: value for name, value in chosen.items() if value is not None or name != "preset"}


def _hand_out() -> None:
    kind = st.radio(
        _("Hand out"), [EXERCISE, OWN, BUILT], format_func=_, horizontal=True, key="hand.kind"
    )
    exercise = None
    if kind == EXERCISE:
        exercise = st.selectbox(
            _("Exercise"),
            list(TRAIN_EXERCISES),
            format_func=lambda i: f"{i} · {_(TRAIN_EXERCISES[i].title)}",
            key="hand.exercise",
        )
        settings = {k: v for k, v in TRAIN_EXERCISES[exercise].settings.items() if k in SETTINGS}
        title = _(TRAIN_EXERCISES[exercise].title)
    elif kind == OWN:
        settings = _own_settings()
        title = _("Train {model} on {dataset}").format(
            model=_(PRESETS[settings["preset"]].title), dataset=settings["dataset"]
        )
    else:  # the teacher's own model, from the builder
        spec = current_spec()
        settings = _own_settings(with_preset=False)
        settings["spec"] = spec.to_json()
        title = _("Train {model} on {dataset}").format(model=spec.name, dataset=settings["dataset"])
        st.caption(
            ngettext(
                "{count} layer, input {shape}, from Build a CNN.",
                "{count} layers, input {shape}, from Build a CNN.",
                len(spec.layers),
            ).format(count=len(spec.layers), shape=spec.input_shape)
        )
    locked = st.multiselect(
        _("Locked for the students (the rest they may change)"),
        list(SETTINGS),
        default=["spec" if kind == BUILT else "preset", "dataset"],
        format_func=lambda name: _(LOCK_NAMES[name]),
        key=f"hand.locked.{[EXERCISE, OWN, BUILT].index(kind)}",  # its own defaults per kind
        placeholder=_("Nothing locked: the students may change everything"),
    )
    if st.button(_("Hand it out"), type="primary", key="hand.push"):
        try:
            push(actor(), title, settings, tuple(locked), exercise)
        except ValueError as error:
            st.error(plain(error))
        else:
            st.rerun()


def _ranking(assignment: Assignment) -> None:
    from core.training.evaluate import evaluate_run  # lazy: it imports torch

    with st.spinner(_("Scoring the finished runs on the test split…")):
        # The server's own evaluate_run: only what it measures here ranks (leaderboard.py).
        who = actor()  # the teacher: every run
        rows = leaderboard(assignment, list_runs(actor=who), lambda d: evaluate_run(d, actor=who))
    if not rows:
        st.caption(_("No finished run for this assignment yet."))
        return
    with st.container(key="board_leaderboard"):  # tests and the guide find it by this
        st.dataframe(
            [
                {
                    _("Rank"): "—" if row["rank"] is None else str(row["rank"]),
                    _("Student"): row["student"] or "—",
                    _("Run"): row["run"],
                    _("Test accuracy"): percent(row["test_acc"]),
                    # How the number was measured: by this server, on which split, when.
                    _("Measured"): _measured(row),
                    _("Learning rate"): number(row["lr"], "g"),
                    _("Epochs"): row["epochs_done"],
                    _("Problem"): row["problem"],
                }
                for row in rows
            ],
            hide_index=True,
            key="board.leaderboard",
        )


def _measured(row: dict) -> str:
    if row["rank"] is None:
        return "—"
    # Only whole-test-split measurements rank (core.classroom.leaderboard).
    return ngettext(
        "test split, {count:,} image, {date}",
        "test split, {count:,} images, {date}",
        row["count"],
    ).format(count=row["count"], date=row["measured"])


def render_assignment() -> None:
    st.subheader(_("Assignment"))
    assignment = current()
    if assignment is None:
        st.caption(_("Nothing handed out: the students explore freely."))
        with st.expander(_("Hand out an assignment"), expanded=True):
            _hand_out()
        return
    locked = ", ".join(_(LOCK_NAMES[n]) for n in assignment.locked) or _("nothing")
    st.markdown(
        _("**{title}**: every student sees it; locked: {locked}.").format(
            title=plain(assignment.title), locked=locked
        )
    )
    st.button(_("Withdraw it"), key="hand.withdraw", on_click=withdraw, args=(actor(),))
    st.subheader(_("Leaderboard"))
    st.caption(
        _(
            "Ranked on the test split, which training never sees: the finished runs on the "
            "assignment's dataset since it was handed out."
        )
    )
    _ranking(assignment)
