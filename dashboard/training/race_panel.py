"""The race: the same model and data trained several ways at once, drawn on one chart."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.i18n import N_, _
from core.identity.people import NotAllowed
from core.model.presets import PRESETS
from core.model.specs import ModelSpec
from core.runs.locks import check_locks
from core.runs.race import KFOLD, KINDS, LR_RULES, USUAL_LR, fold_summary, race_variants
from core.runs.run import TrainingRun
from core.training.config import OPTIMIZERS, SCHEDULES, TrainConfig
from dashboard.identity import actor
from dashboard.keys import TrainKeys as K
from dashboard.live_run import race_panel
from dashboard.plain import plain
from dashboard.training.panels import shown_as

# The race kinds (core.runs.race.KINDS, compared in code) as shown: English msgids.
KIND_LABELS = {
    "Optimizers": N_("Optimizers"),
    "Learning-rate schedules": N_("Learning-rate schedules"),
    "Models": N_("Models"),
    "Augmentation on / off": N_("Augmentation on / off"),
    "K-fold cross-validation": N_("K-fold cross-validation"),
}


def _lr_rule_label(rule: str) -> str:
    if rule == "document":
        return _("0.001 for every optimizer, as the course compares them")
    usual = ", ".join(f"{name} {rate:g}" for name, rate in USUAL_LR.items())
    return _("each optimizer's usual rate ({rates})").format(rates=usual)


def kind_label(kind: str) -> str:
    return _(KIND_LABELS.get(kind, kind))


def _choices(kind: str, spec: ModelSpec) -> list[str]:
    if kind == "Optimizers":
        options, default = list(OPTIMIZERS), ["sgd", "momentum", "adam"]
    elif kind == "Learning-rate schedules":
        options, default = list(SCHEDULES), ["constant", "step", "onecycle"]
    elif kind == "Models":
        options = [n for n, p in PRESETS.items() if p.spec().input_shape == spec.input_shape]
        default = options[:2]
    elif kind == KFOLD:
        st.session_state.setdefault(K.RACE_FOLDS, 5)
        k = st.number_input(
            _("k (folds)"),
            2,
            10,
            key=K.RACE_FOLDS,
            help=_(
                "Each class is cut into k parts; run i validates on part i and trains on the "
                "rest. The mean of the k accuracies estimates the model's, their spread how "
                "much it depends on the split."
            ),
        )
        return [str(k)]
    else:
        return []
    key = f"{K.RACE_CHOICES}.{kind}"
    return st.multiselect(
        _("Contestants"),
        options,
        default=None if key in st.session_state else default,  # a card's choice stands
        key=key,
        max_selections=4,
        persist_state="session",
        placeholder=_("Choose up to 4"),
    )


def start_race(variants: dict[str, tuple[ModelSpec, TrainConfig]]) -> bool:
    """Start every contestant, or none (False, with the reason shown): each must follow the
    assignment's locks, which core holds."""
    me = actor()
    try:
        for spec, config in variants.values():
            check_locks(me, spec, config)
    except NotAllowed as error:
        st.error(plain(error))
        return False
    runs = {}
    for label, (spec, config) in variants.items():
        run = TrainingRun(spec, config, name=f"race-{label}", owner=me)
        run.start()
        runs[label] = run
    st.session_state[K.RACE] = runs
    return True


def render_race(spec: ModelSpec, config: TrainConfig | None, augment: dict | None) -> None:
    st.markdown(
        _(
            "Train the same model on the same data in several ways at once and watch which "
            "learns fastest. The other settings are this page's settings (model, data, batch "
            "size). Keep the image count small: the runs share this computer."
        )
    )
    kind = st.radio(
        _("Compare"),
        KINDS,
        horizontal=True,
        key=K.RACE_KIND,
        persist_state="session",
        format_func=shown_as(KINDS, kind_label),
    )
    choices = _choices(kind, spec)
    lr_rule = "document"
    if kind == "Optimizers":
        lr_rule = st.radio(
            _("Learning rate"),
            LR_RULES,
            key=K.RACE_LR_RULE,
            persist_state="session",
            format_func=shown_as(LR_RULES, _lr_rule_label),
            help=_(
                'The course compares every optimizer at lr = 0.001 (001, "Faster '
                'Optimizers"). At its usual rate each one shows its best: plain SGD, for '
                "one, barely moves at 0.001 in a few epochs."
            ),
        )
    runs: dict[str, Any] = st.session_state.get(K.RACE) or {}
    busy = any(run.alive for run in runs.values())
    if kind.startswith("Augmentation") and augment is None:
        st.info(
            _(
                "Tick \"Use the Augmentation lab's pipeline\" in this page's settings to race "
                "with and without it."
            )
        )
    ready = config is not None and (choices or (kind.startswith("Augmentation") and augment))
    start = st.button(
        _("Start the race"), type="primary", disabled=not ready or busy, key="race_start"
    )
    if start and start_race(race_variants(kind, choices, spec, config, augment, lr_rule)):
        st.rerun()
    if busy and st.button(_("Stop the race"), key="race_stop"):
        for run in runs.values():
            run.stop()
    if runs:
        race_panel(runs)
        if all(run.config.folds for run in runs.values()):  # labels are translated
            _fold_summary(runs)


def _fold_summary(runs: dict[str, Any]) -> None:
    summary = fold_summary([run.snapshot().best_val_acc for run in runs.values()])
    if summary is None:
        st.caption(_("When every fold has finished an epoch: the mean ± std of their accuracies."))
        return
    mean, std = summary
    st.metric(_("{k}-fold validation accuracy").format(k=len(runs)), f"{mean:.2%} ± {std:.2%}")
    st.caption(_("mean ± standard deviation of the folds' best validation accuracies"))
