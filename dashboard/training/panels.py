"""The training page's setup: model, data, optimizer, schedule, with one-line explanations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import streamlit as st

from core.augment.pipeline import Pipeline
from core.data.datasets import get_info, is_available, list_datasets
from core.data.scaling import SCALINGS, STANDARDIZE
from core.errors import ArchitectureError
from core.i18n import _, ngettext
from core.model.build import check_outputs
from core.model.presets import PRESETS, get_preset
from core.model.specs import ModelSpec
from core.model.summary import summarize
from core.training.config import (
    OPTIMIZERS,
    SCHEDULES,
    ConfigError,
    TrainConfig,
    parse_piecewise,
)
from core.training.methods import OPTIMIZER_KNOBS, Knob
from core.training.optimizers import optimizer_code
from core.training.recipes import RECIPE_DATASETS, RECIPE_NOTES, fast_recipe
from dashboard import model_state
from dashboard.assignment import STATE_KEYS, fill, is_locked
from dashboard.identity import actor
from dashboard.keys import AugmentKeys
from dashboard.keys import TrainKeys as K
from dashboard.plain import plain
from dashboard.terms import with_term
from dashboard.train_choices import (
    COURSE_PRESET,
    DEFAULT_EPOCHS,
    DEFAULT_LIMIT,
    LIMIT_CHOICES,
    LR_CHOICES,
    MY_MODEL,
)


def shown_as(options: Iterable[Any], label: Callable[[Any], str]) -> Callable[[Any], str]:
    """A format_func whose labels are made now, in this run's language: the same text on
    any thread (Streamlit and AppTest may call a format_func outside the script run, where
    the session's language is not set)."""
    shown = {option: label(option) for option in options}
    return lambda option: shown.get(option, str(option))


def default_preset() -> str:
    return "mnist_fast" if "mnist_fast" in PRESETS else "mnist_32_64"


def choose_model() -> ModelSpec:
    """A course preset, or the model the student built on the builder page."""
    sources = [COURSE_PRESET, MY_MODEL]
    source = st.radio(
        _("Model"),
        sources,
        key=K.MODEL_SOURCE,
        horizontal=True,
        disabled=is_locked("preset") or is_locked("spec"),
        format_func=shown_as(sources, _),
    )
    if source == MY_MODEL:
        spec = model_state.current_spec()
        count = len(spec.layers)
        st.caption(
            ngettext(
                "{count} layer, input {shape}, from Build a CNN.",
                "{count} layers, input {shape}, from Build a CNN.",
                count,
            ).format(count=count, shape=spec.input_shape)
        )
        if reused := st.session_state.get(K.INIT_FROM):
            st.caption(
                _(
                    "Model B on model A (001): every layer but the last starts from the run "
                    "**{run}**'s weights."
                ).format(run=plain(Path(reused).name))
            )
            st.button(_("Start from random weights instead"), on_click=_forget_reuse)
            st.session_state.setdefault(K.UNFREEZE, "off")
            st.select_slider(
                _("Unlock the reused layers after (epochs)"),
                UNFREEZE_CHOICES,
                key=K.UNFREEZE,
                format_func=shown_as(UNFREEZE_CHOICES, _off_label),
                help=_(
                    "001: train with the reused layers locked for a few epochs, then unlock "
                    "them and go on at a tenth of the learning rate, so their weights are "
                    "not harmed."
                ),
            )
        return spec
    st.session_state.setdefault(K.PRESET, default_preset())
    name = st.selectbox(
        _("Preset"),
        list(PRESETS),
        key=K.PRESET,
        format_func=lambda n: _(PRESETS[n].title),
        disabled=is_locked("preset"),
    )
    st.caption(_(PRESETS[name].description))
    if page_recipe(name) and not is_locked("preset"):
        st.button(
            _("Fast recipe: {note}").format(note=_(RECIPE_NOTES[name])),
            on_click=_use_recipe,
            args=(name,),
            key="train_fast_recipe",
            help=_(
                "All the training images with the recipe's optimizer, learning-rate schedule, "
                "batch size, epochs and its other settings: the same as `python -m core train "
                "--preset {name}`."
            ).format(name=name),
        )
    return get_preset(name)


def page_recipe(name: str) -> dict[str, Any]:
    """The preset's fast recipe when this page can set every one of its settings, else {}."""
    recipe = fast_recipe(name)
    return recipe if set(recipe) <= {*STATE_KEYS, "augment"} else {}


def _use_recipe(name: str) -> None:
    """on_click: the preset's fast settings into the page's widgets (locked ones stay)."""
    fill({**fast_recipe(name), "train_limit": None, "dataset": RECIPE_DATASETS[name]})


def _forget_reuse() -> None:
    st.session_state.pop(K.INIT_FROM, None)


UNFREEZE_CHOICES: list[int | str] = ["off", 1, 2, 3, 4, 5, 8, 10]


def unfreeze_after() -> int | None:
    """Epochs before the reused layers are unlocked (model B on A), or None."""
    value = st.session_state.get(K.UNFREEZE, "off")
    return None if reused_run() is None or value == "off" else int(value)


def reused_run() -> str | None:
    """The run whose layers the builder's model reuses, while the builder's model is used."""
    if st.session_state.get(K.MODEL_SOURCE) != MY_MODEL:
        return None
    return st.session_state.get(K.INIT_FROM)


def _dataset_label(name: str) -> str:
    """A dataset's title (from core), and a note when it is not on this computer yet."""
    title = get_info(name).title
    return title if is_available(name) else _("{title} (not here yet)").format(title=title)


def choose_data(spec: ModelSpec) -> dict[str, Any]:
    names = list_datasets(actor())
    st.session_state.setdefault(K.DATASET, "mnist")
    if st.session_state[K.DATASET] not in names:
        st.session_state[K.DATASET] = "mnist"
    dataset = st.selectbox(
        _("Dataset"),
        names,
        key=K.DATASET,
        format_func=shown_as(names, _dataset_label),
        disabled=is_locked("dataset"),
    )
    info = get_info(dataset)
    classes, per_class = _choose_classes(list(info.classes))
    if not is_available(dataset):
        st.warning(
            _("{title} is not on this computer yet. {how_to_get}").format(
                title=plain(info.title), how_to_get=info.how_to_get
            )
        )
    if tuple(spec.input_shape) != tuple(info.input_shape):
        st.error(
            _(
                "The model expects images of {model_shape} (channels, height, width) but "
                "{title} has {data_shape}. Pick a matching preset, or set the input "
                "in Build a CNN."
            ).format(
                model_shape=spec.input_shape, title=plain(info.title), data_shape=info.input_shape
            )
        )
    # The defaults train for about 20 s on a laptop CPU: long enough to watch the live
    # curves grow (at 5,000 images and 3 epochs a run ended before its first chart).
    st.session_state.setdefault(K.LIMIT, DEFAULT_LIMIT)
    limit = st.select_slider(
        _("Training images"),
        LIMIT_CHOICES,
        key=K.LIMIT,
        disabled=is_locked("train_limit"),
        format_func=shown_as(LIMIT_CHOICES, lambda v: _("all") if v == "all" else str(v)),
        help=_("Fewer images train faster: good for trying settings. 'all' uses the whole set."),
    )
    st.session_state.setdefault(K.VAL_FRACTION, 0.1)
    val_fraction = st.slider(
        _("Validation share"),
        0.0,
        0.3,
        step=0.05,
        key=K.VAL_FRACTION,
        help=with_term(
            "validation",
            _(
                "Held out from the training images to check for overfitting after each "
                "epoch. 0 holds nothing out: every training image trains and the test set "
                "checks each epoch, as Keras's validation_data=(x_test, y_test)."
            ),
        ),
    )
    if val_fraction == 0:
        st.caption(
            _(
                "No validation split: the curves' validation line is the test set (004 trains "
                "on every image, 300 steps of 200 for MNIST). Don't choose settings by it: "
                "the test set then no longer measures a model it has not influenced."
            )
        )
    st.session_state.setdefault(K.SCALING, STANDARDIZE)
    scaling = st.selectbox(
        _("Input scaling"),
        list(SCALINGS),
        key=K.SCALING,
        format_func=lambda name: _(SCALINGS[name]),
        help=_(
            "How pixels become the network's input. 004 feeds its MNIST CNN raw pixels and "
            "divides CIFAR-10's by 255; the lab standardises each channel, which trains "
            "faster with most settings."
        ),
    )
    steps = st.session_state.get(AugmentKeys.STEPS) or []
    augment = None
    if steps:
        use = st.checkbox(
            ngettext(
                "Use the Augmentation lab's pipeline ({count} step)",
                "Use the Augmentation lab's pipeline ({count} steps)",
                len(steps),
            ).format(count=len(steps)),
            key=K.AUGMENT,
            help=_("What the lab previews is exactly what trains."),
        )
        if use:
            from core.augment.batch import BatchAugment  # lazy: it imports torch

            augment = Pipeline(tuple(step for _order, step in steps)).to_dict()
            if info.builtin and BatchAugment.plan(augment, spec.input_shape):
                st.caption(_("Crops and flips only: done to a whole batch at once, almost free."))
            else:
                st.caption(
                    _(
                        "Augmented image by image (as a DataLoader would): expect slower epochs. "
                        "A pipeline of same-size random crops and flips runs batched, almost free."
                    )
                )
    else:
        st.caption(_("No augmentation: compose a pipeline in the Augmentation lab to use one."))
    return {
        "dataset": dataset,
        "train_limit": None if limit == "all" else int(limit),
        "val_fraction": float(val_fraction),
        "scaling": scaling,
        "classes": classes,
        "per_class": per_class,
        "augment": augment,
    }


PER_CLASS_CHOICES: list[int | str] = ["all", 10, 50, 100, 200, 500, 1000]


def _choose_classes(names: list[str]) -> tuple[list[str] | None, int | None]:
    """Some classes only, and at most N training images of each (001's model A on eight
    Fashion-MNIST classes, model B on sandals and shirts with 200 images)."""
    state = st.session_state
    # Names of another dataset (chosen before a change of dataset) are dropped.
    state[K.CLASSES] = [name for name in state.get(K.CLASSES) or [] if name in names]
    state.setdefault(K.PER_CLASS, "all")
    some = bool(state[K.CLASSES]) or state[K.PER_CLASS] != "all"
    with st.expander(_("Some classes only, fewer images per class (001)"), expanded=some):
        picked = st.multiselect(
            _("Classes"),
            names,
            key=K.CLASSES,
            placeholder=_("all classes"),
            help=_(
                "Train on these classes only, numbered in the dataset's order: 001's model A "
                "learns Fashion-MNIST without sandals and shirts, model B only those two."
            ),
        )
        per_class = st.select_slider(
            _("Training images per class"),
            PER_CLASS_CHOICES,
            key=K.PER_CLASS,
            format_func=shown_as(PER_CLASS_CHOICES, lambda v: _("all") if v == "all" else str(v)),
            help=_("001's model B has 200 labelled images: 100 per class for two classes."),
        )
        if len(picked) == 1:
            st.warning(_("Choose two classes or more, or none for all of them."))
    return (picked or None), (None if per_class == "all" else int(per_class))


def choose_optimizer() -> dict[str, Any]:
    st.session_state.setdefault(K.OPTIMIZER, "adam")
    optimizer = st.selectbox(
        _("Optimizer"), list(OPTIMIZERS), key=K.OPTIMIZER, disabled=is_locked("optimizer")
    )
    info = OPTIMIZERS[optimizer]
    st.caption(f"{_(info.description)}  \n`{info.formula}`")  # the update rule, as in 001
    st.session_state.setdefault(K.LR, 1e-3)
    lr = st.select_slider(
        _("Learning rate"),
        LR_CHOICES,
        key=K.LR,
        disabled=is_locked("lr"),
        format_func=lambda v: f"{v:g}",
        help=with_term(
            "learning-rate",
            _("How big a step each update takes. Too high: the loss jumps or becomes NaN."),
        ),
    )
    settings = _optimizer_settings(optimizer)
    for key, value in ((K.BATCH_SIZE, 64), (K.EPOCHS, DEFAULT_EPOCHS), (K.WEIGHT_DECAY, 0.0)):
        st.session_state.setdefault(key, value)
    columns = st.columns(2)
    batch_size = columns[0].number_input(
        _("Batch size"),
        1,
        4096,
        key=K.BATCH_SIZE,
        disabled=is_locked("batch_size"),
        help=with_term(
            "batch-size",
            _(
                "Images per update (the course uses 200). Larger batches: smoother but fewer "
                "updates per epoch."
            ),
        ),
    )
    epochs = columns[1].number_input(
        _("Epochs"),
        1,
        100,
        key=K.EPOCHS,
        help=with_term("epoch"),
        disabled=is_locked("epochs"),
    )
    weight_decay = st.select_slider(
        _("Weight decay (L2)"),
        [0.0, 1e-5, 1e-4, 5e-4, 1e-3, 1e-2],
        key=K.WEIGHT_DECAY,
        format_func=lambda v: f"{v:g}",
        help=with_term("overfitting", _("Pulls weights towards zero: less overfitting.")),
    )
    keras, torch = optimizer_code(TrainConfig(optimizer=optimizer, lr=float(lr), **settings))
    course_note, lab_note = _("the course (Keras)"), _("the lab")
    st.code(
        f"{keras}  # {course_note}\n{torch}  # {lab_note}",
        language="python",
        wrap_lines=True,
    )
    return {
        "optimizer": optimizer,
        "lr": float(lr),
        **settings,
        "batch_size": int(batch_size),
        "epochs": int(epochs),
        "weight_decay": float(weight_decay),
    }


def _optimizer_settings(optimizer: str) -> dict[str, float]:
    """The widgets of the settings this optimizer has (and only those), as in 001, from its
    record (core.training.methods)."""
    settings: dict[str, float] = {}
    names = OPTIMIZERS[optimizer].knobs
    columns = st.columns(max(len(names), 1))
    for column, name in zip(columns, names, strict=False):
        knob = OPTIMIZER_KNOBS[name]
        key = f"{K.OPTIMIZER_PARAM}.{name}"
        st.session_state.setdefault(key, getattr(TrainConfig(), name))
        settings[name] = float(
            column.number_input(
                _(knob.label), knob.low, knob.high, step=knob.step, key=key,
                help=_(knob.help), format="%g",
            )
        )  # fmt: skip
    return settings


def _schedule_knob(column: Any, knob: Knob, default: Any) -> Any:
    """One schedule setting's widget, its default from the schedule's record."""
    if knob.integer and default is None:  # power's s: none means one epoch's steps
        return column.number_input(
            _(knob.label), int(knob.low), int(knob.high), None, int(knob.step),
            help=_(knob.help) or None, placeholder=_("one epoch's steps"),
        )  # fmt: skip
    if knob.integer:
        return column.number_input(
            _(knob.label), int(knob.low), int(knob.high), int(default), int(knob.step),
            help=_(knob.help) or None,
        )  # fmt: skip
    return column.number_input(
        _(knob.label), float(knob.low), float(knob.high), float(default),
        knob.step or None, format="%g", help=_(knob.help) or None,
    )  # fmt: skip


def piecewise_text(params: dict[str, Any]) -> str:
    """Boundaries and rates as the piecewise box takes them: '5, 8 : 0.001, 0.0001, 1e-05'."""
    boundaries = ", ".join(str(b) for b in params["boundaries"])
    return f"{boundaries} : {', '.join(f'{v:g}' for v in params['values'])}"


def _document_piecewise(epochs: int) -> None:
    """001:643's example: η₀ = 0.1 for the first few epochs, then η₁ = 0.001, with SGD."""
    state = st.session_state
    state[K.OPTIMIZER], state[K.LR] = "sgd", 0.1
    state[K.PIECEWISE] = piecewise_text(
        {"boundaries": [max(1, epochs // 3)], "values": [0.1, 0.001]}
    )


def choose_schedule(epochs: int) -> dict[str, Any]:
    st.session_state.setdefault(K.SCHEDULE, "constant")
    schedule = st.selectbox(_("Learning-rate schedule"), list(SCHEDULES), key=K.SCHEDULE)
    info = SCHEDULES[schedule]
    st.caption(_(info.description))
    params: dict[str, Any] = {}
    defaults = info.defaults(epochs, float(st.session_state.get(K.LR, 1e-3)))
    if schedule == "piecewise":  # boundaries and rates, typed as the course writes them
        knob = info.knobs[0]
        st.session_state.setdefault(K.PIECEWISE, piecewise_text(defaults))
        st.button(
            _("001's example: SGD, 0.1 for the first epochs, then 0.001"),
            key="train.piecewise_001",
            on_click=_document_piecewise,
            args=(epochs,),
            help=_("001 says 'a few epochs': the lab switches after a third of them."),
        )
        text = st.text_input(_(knob.label), key=K.PIECEWISE, help=_(knob.help))
        try:
            params.update(parse_piecewise(text))
        except ConfigError as error:
            st.error(plain(error))
            params.update({"boundaries": [], "values": []})  # Start stays refused
        return {"schedule": schedule, "schedule_params": params}
    shown = [knob for knob in info.knobs if knob.shown]
    if shown:
        for column, knob in zip(st.columns(len(shown)), shown, strict=True):
            params[knob.name] = _schedule_knob(column, knob, defaults[knob.name])
    return {"schedule": schedule, "schedule_params": params}


def choose_advanced() -> dict[str, Any]:
    st.session_state.setdefault(K.EARLY_STOP, "off")
    st.session_state.setdefault(K.SEED, 0)
    with st.expander(_("Regularisation and run options")):
        columns = st.columns(2)
        l1 = columns[0].select_slider("L1", [0.0, 1e-6, 1e-5, 1e-4], 0.0, format_func=str)
        norms, clips, patiences = (
            ["off", 1.0, 2.0, 3.0, 4.0],
            ["off", 0.5, 1.0, 5.0],
            ["off", 1, 2, 3, 5],
        )
        max_norm = columns[1].select_slider(
            _("Max-norm"), norms, "off", format_func=shown_as(norms, _off_label)
        )
        grad_clip = columns[0].select_slider(
            _("Gradient clipping"), clips, "off", format_func=shown_as(clips, _off_label)
        )
        early = columns[1].select_slider(
            _("Early stopping (patience)"),
            patiences,
            key=K.EARLY_STOP,
            format_func=shown_as(patiences, _off_label),
            help=_(
                "Stop when the validation loss has not improved for this many epochs, "
                "and keep the best weights."
            ),
        )
        smoothings = ["off", 0.05, 0.1, 0.2]
        st.session_state.setdefault(K.LABEL_SMOOTHING, "off")
        smoothing = columns[1].select_slider(
            _("Label smoothing"),
            smoothings,
            key=K.LABEL_SMOOTHING,
            format_func=shown_as(smoothings, _off_label),
            help=_(
                "ε: train towards 1 − ε on the true class and ε spread over all classes, so "
                "the model never becomes over-confident."
            ),
        )
        seed = columns[0].number_input(_("Seed"), 0, 10**6, key=K.SEED)
        st.session_state.setdefault(K.TTA, False)
        tta = columns[1].checkbox(
            _("Test-time flip"),
            key=K.TTA,
            help=_("Evaluate each test image and its mirror image, averaging the probabilities."),
        )
        st.session_state.setdefault(K.CHANNELS_LAST, False)
        channels_last = st.checkbox(
            _("Channels-last memory"),
            key=K.CHANNELS_LAST,
            help=_(
                "Stores images as (N, H, W, C): faster convolutions on a CPU for wide CNNs "
                "(a step of cifar10_cpu: −28%), a little slower for the small MNIST models."
            ),
        )
        device = choose_device()
    return {
        "device": device,
        "l1": float(l1),
        "max_norm": None if max_norm == "off" else float(max_norm),
        "grad_clip": None if grad_clip == "off" else float(grad_clip),
        "early_stopping": None if early == "off" else int(early),
        "seed": int(seed),
        "label_smoothing": 0.0 if smoothing == "off" else float(smoothing),
        "tta": bool(tta),
        "channels_last": bool(channels_last),
    }


def choose_device() -> str:
    """auto (this server's best: a CUDA or Apple GPU, else the CPU), or one it has; full
    width, as "auto: cuda (NVIDIA H200)" is long."""
    from core.device import available, describe, resolve  # lazy: it imports torch

    st.session_state.setdefault(K.DEVICE, "auto")
    options = ["auto", *available()]
    if st.session_state[K.DEVICE] not in options:  # a setting from another computer
        st.session_state[K.DEVICE] = "auto"

    def label(option: str) -> str:
        if option == "auto":
            return _("auto: {device}").format(device=describe(resolve("auto")))
        return describe(resolve(option))

    return st.selectbox(
        _("Device"),
        options,
        format_func=label,
        key=K.DEVICE,
        help=_(
            "Where the run trains. Auto uses an NVIDIA GPU (CUDA) or an Apple GPU (MPS) when "
            "this server has one, else the CPU; on CUDA, photo-sized models train in mixed "
            "precision."
        ),
    )


def _off_label(value: Any) -> str:
    """A select slider's option: "off" in the session's language, a number as it is."""
    return _("off") if value == "off" else str(value)


def make_config(spec: ModelSpec, settings: dict[str, Any]) -> TrainConfig | None:
    """The TrainConfig, or None after explaining (on the page) what is wrong."""
    try:
        summarize(spec)
        info = get_info(settings["dataset"])
        if tuple(spec.input_shape) != tuple(info.input_shape):
            return None
        # Before Start, not after the first batch; some classes only: as many as chosen.
        check_outputs(spec, len(settings.get("classes") or info.classes))
        if settings.get("augment"):
            image_hw = info.input_shape[1:] if info.builtin else spec.input_shape[1:]
            pipeline = Pipeline.from_dict(settings["augment"])
            problem = pipeline.size_problem(tuple(image_hw), tuple(spec.input_shape[1:]))
            if problem:
                st.error(
                    _("The augmentation does not fit the model. {problem}").format(
                        problem=plain(problem)
                    )
                )
                return None
        return TrainConfig(**settings)
    except ArchitectureError as error:
        st.error(_("The model cannot be built: {problem}").format(problem=plain(error.describe())))
    except ConfigError as error:
        st.error(_("Setting not usable: {problem}").format(problem=plain(error)))
    return None
