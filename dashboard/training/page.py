"""Train a CNN: set it up, start it, and watch it learn live (or race several set-ups)."""

import math

import streamlit as st

from core.i18n import N_, _, ngettext
from core.identity.people import NotAllowed
from core.model.answers import VALUE, answer_kind
from core.model.presets import PRESETS
from core.runs.locks import LOCK_NAMES
from core.runs.run import TrainingRun
from core.training.config import TrainConfig
from core.training.schedules import schedule_curve, schedule_note
from dashboard.assignment import enforce
from dashboard.figure_cache import shared_figure
from dashboard.identity import actor
from dashboard.keys import TrainKeys as K
from dashboard.live_run import live_run_panel
from dashboard.own_runs import remember, session_run
from dashboard.plain import plain
from dashboard.run_figures import lr_figure, series
from dashboard.style import PHONE_FIRST
from dashboard.train_choices import DEFAULT_EPOCHS, DEFAULT_LIMIT
from dashboard.training import panels as setup
from dashboard.training.race_panel import render_race

# 003:292's first way to answer, said where its loss and accuracy are seen.
VALUE_NOTE = N_(
    'This model answers with a **value** (003, "take the output as it is"): its loss is the mean '
    "squared error, MSE = mean((y − ŷ)²), between its output ŷ and each image's class number y, "
    "and its accuracy counts the images whose rounded value round(ŷ) is their class number. A "
    "value suits classes that are numbers in order, as MNIST's digits are."
)


def idle_message(config: TrainConfig) -> str:
    """What Start will train, read from the settings as they are now (after "Set it up" a
    fixed sentence about the defaults named a model the page no longer had)."""
    model = _(PRESETS[config.preset].title) if config.preset in PRESETS else _("your model")
    images = _("all") if config.train_limit is None else f"{config.train_limit:,}"
    if config.per_class and config.classes:  # 001's model B: 100 of each of two classes
        images = f"{config.per_class * len(config.classes):,}"
    message = ngettext(
        "Nothing is training yet. Start trains {model} on {images} images for {epochs} "
        "epoch with {optimizer}, lr {lr:g}: watch the loss and accuracy curves grow, epoch "
        "by epoch.",
        "Nothing is training yet. Start trains {model} on {images} images for {epochs} "
        "epochs with {optimizer}, lr {lr:g}: watch the loss and accuracy curves grow, epoch "
        "by epoch.",
        config.epochs,
    ).format(
        model=model, images=images, epochs=config.epochs, optimizer=config.optimizer, lr=config.lr
    )
    engine = TrainConfig()  # the optimizer and rate the page starts with
    defaults = (config.preset, config.train_limit, config.epochs, config.optimizer, config.lr) == (
        setup.default_preset(),
        DEFAULT_LIMIT,
        DEFAULT_EPOCHS,
        engine.optimizer,
        engine.lr,
    )
    if defaults:
        message += " " + _("These defaults take about 20 seconds on a laptop's CPU.")
    return message


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Train a CNN"))
    if notice := st.session_state.pop(K.NOTICE, None):  # e.g. "Train model A first"
        st.warning(notice, icon=":material/info:")
    st.markdown(
        _(
            "Pick a model, data and an optimizer, press **Start training**, and watch the loss "
            "fall and the accuracy rise, epoch by epoch. The run trains in the background: you "
            "can pause it, stop it, change its learning rate, or visit other pages and come back."
        )
    )

    if locked := enforce():
        st.info(
            _("The teacher's assignment fixes: {settings}. The other settings are yours.").format(
                settings=", ".join(_(LOCK_NAMES[name]) for name in sorted(locked))
            ),
            icon=":material/lock:",
        )
    setup_column, live_column = st.columns([1, 2], gap="large")
    with setup_column:
        st.subheader(_("Set-up"))
        spec = setup.choose_model()
        data = setup.choose_data(spec)
        optimizer = setup.choose_optimizer()
        schedule = setup.choose_schedule(optimizer["epochs"])
        advanced = setup.choose_advanced()
        preset = (
            st.session_state.get(K.PRESET)
            if st.session_state.get(K.MODEL_SOURCE) != setup.MY_MODEL
            else None
        )
        config = setup.make_config(
            spec,
            {**data, **optimizer, **schedule, **advanced, "preset": preset}
            | {"init_from": setup.reused_run(), "unfreeze_after": setup.unfreeze_after()},
        )
        if config is not None and answer_kind(spec) == VALUE:
            st.info(_(VALUE_NOTE), icon=":material/straighten:")
        if config is not None:
            images = (config.train_limit or 50_000) * (1 - config.val_fraction)
            if config.per_class and config.classes:  # 001's model B: 200 images
                images = config.per_class * len(config.classes)
            steps = max(1, math.ceil(images / config.batch_size))
            curve = series(schedule_curve(config, steps))  # one figure for a class's same step
            st.plotly_chart(shared_figure(lr_figure, curve, steps, _("Learning rate preview")))
            if note := schedule_note(config, steps):
                st.caption(note)

    run = session_run(K.RUN)  # a student's run comes back after a reload or in a new tab
    with live_column.container(key=PHONE_FIRST):  # on a phone: Start above the settings
        live_tab, race_tab = st.tabs([_("Live run"), _("Race")])
        with live_tab:
            busy = run is not None and run.alive
            if st.button(
                _("Start training"),
                type="primary",
                disabled=config is None or busy,
                key="train_start",
            ):
                name = f"{preset or 'my-model'}-{config.optimizer}-lr{config.lr:g}"
                try:
                    run = TrainingRun(spec, config, name=name, owner=actor())
                except NotAllowed as error:  # the assignment's locks, held in core
                    st.error(plain(error))
                else:
                    run.start()
                    st.session_state[K.RUN] = run
                    remember(actor(), run)
                    st.rerun()
            if busy:
                st.caption(_("One run at a time here; stop this one to start another."))
            if run is not None:
                live_run_panel(run)
            elif config is not None:
                st.info(idle_message(config))
        with race_tab:
            render_race(spec, config, data["augment"])
