"""A step of the lesson put on a page: a course exercise's "Set it up", a course model on
Build a CNN (the student's own model kept to bring back), or a dataset on Datasets. The
course page, the lesson page and a student following the teacher all use it."""

from __future__ import annotations

import streamlit as st

from core.augment.pipeline import COURSE_PIPELINES
from core.course.exercises import Exercise, exercise, matching_runs
from core.data.builtin import BUILTIN
from core.i18n import _
from core.model.presets import PRESETS
from core.training.store import list_runs
from core.transfer.cases import BUILTIN_PER_CLASS
from dashboard.assignment import fill
from dashboard.identity import actor
from dashboard.keys import DataKeys, TrainKeys, TransferKeys
from dashboard.model_state import load_course_model, lock_blocks
from dashboard.navigation import go_to
from dashboard.pipeline_state import set_pipeline


def set_up_exercise(item: Exercise) -> None:
    """Put the exercise's settings where its page reads them."""
    state = st.session_state
    if item.kind == "train":
        fill(item.settings)
        reuse_model_a(item)
        if race := item.settings.get("race"):  # 003's degradation: the contestants chosen
            state[TrainKeys.RACE_KIND] = race["kind"]
            state[f"{TrainKeys.RACE_CHOICES}.{race['kind']}"] = list(race["choices"])
    elif item.page == "builder" and "model" in item.settings:
        load_course_model(item.settings["model"])
        lock_blocks(list(item.settings.get("locked_blocks", [])))
    elif item.page == "augmentation":
        set_pipeline(COURSE_PIPELINES[item.settings.get("pipeline", "image_data_generator")]())
    elif item.kind == "photo":
        from core.transfer.inference import IMAGENET  # lazy: it imports torch

        # 001's ImageNet top-3: the pretrained network, even where she has fine-tuned one.
        state[TransferKeys.PHOTO_PENDING] = IMAGENET
        state[TransferKeys.PHOTO_TOP_K] = 3
    elif item.kind == "transfer":
        if "photos" in item.settings:
            state[TransferKeys.SOURCE] = item.settings["photos"]
        if "strategy" in item.settings:
            state[TransferKeys.STRATEGY] = item.settings["strategy"]
        state[TransferKeys.CLASSES] = list(item.settings.get("classes") or [])
        state[TransferKeys.PER_CLASS] = item.settings.get("per_class", BUILTIN_PER_CLASS)
        state[TransferKeys.COURSE_RECIPE] = bool(item.settings.get("course_recipe"))


def reuse_model_a(item: Exercise) -> None:
    """001's model B on A: start from the student's newest finished run of the card it
    names (`reuse`); any other card starts from random weights."""
    state = st.session_state
    state.pop(TrainKeys.INIT_FROM, None)
    if "reuse" not in item.settings:
        return
    runs = [
        run
        for run in matching_runs(exercise(item.settings["reuse"]), list_runs(actor=actor()))
        if run.status == "finished"
    ]
    if runs:
        state[TrainKeys.INIT_FROM] = str(max(runs, key=lambda run: run.created).run_dir)
    else:
        state[TrainKeys.NOTICE] = _(
            "Train model A first (its card is above this one): model B reuses its layers."
        )


def apply(settings: dict[str, str]) -> None:
    """A step's settings, each only if the lab knows it (a stale or hand-made destination
    sets nothing rather than failing the page)."""
    try:
        item = exercise(settings["exercise"]) if "exercise" in settings else None
    except KeyError:
        item = None
    if item is not None:
        set_up_exercise(item)
    if settings.get("model") in PRESETS:
        load_course_model(settings["model"])
    if settings.get("dataset") in BUILTIN:
        st.session_state[DataKeys.PENDING] = settings["dataset"]


def open_step(page: str, settings: dict[str, str]) -> None:
    """Set the step up here and open its page."""
    apply(settings)
    go_to(page)
