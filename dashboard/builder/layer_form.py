"""Widgets for one layer's settings, generated from its spec dataclass."""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any

import streamlit as st

from core.i18n import N_, _
from core.model.specs import ACTIVATIONS, LayerSpec
from dashboard.terms import with_term

# What each setting means, in the course's words (shown as the widget's help).
FIELD_HELP: dict[str, str] = {
    "filters": N_("How many kernels the layer learns = how many output channels (feature maps)."),
    "kernel_size": N_("k: the side of the square window each kernel looks at."),
    "stride": N_("s: how far the window moves each step. 2 halves the height and width."),
    "padding": N_(
        "p: zeros added around the input. 'same' keeps the size (stride 1), 'valid' adds none."
    ),
    "dilation": N_("d: gaps between kernel cells; the window covers d(k-1)+1 pixels."),
    "activation": N_("Applied to every output value; 'none' keeps the raw sums."),
    "use_bias": N_("Adds one learned number per filter (or unit) to every sum."),
    "in_channels": N_("Optional, as in PyTorch's nn.Conv2d(in_channels, ...). Empty = inferred."),
    "in_features": N_("Optional, as in PyTorch's nn.Linear(in_features, ...). Empty = inferred."),
    "pool_size": N_("The side of the square window; MaxPooling2D keeps its largest value."),
    "units": N_("How many neurons: the length of this layer's output vector."),
    "rate": N_("The fraction of values set to zero at random while training."),
    "negative_slope": N_("The slope for negative inputs (ReLU uses 0)."),
    "alpha": N_("ELU: very negative inputs give -alpha. LRN: the weight of the sum of squares."),
    "trainable": N_("Unticked = frozen: the weights keep their values while training."),
    "kernel_initializer": N_(
        "How the weights start (Keras's names); 'default' is PyTorch's. "
        "he_normal suits ReLU and ELU layers (001)."
    ),
    "size": N_("n: how many neighbouring channels share the normalisation."),
    "beta": N_("The exponent of the normalising sum."),
    "k": N_("A constant added so that no division by zero happens."),
    "max_value": N_("Empty: max(x, 0). 6: ReLU6 = min(max(x, 0), 6), MobileNetV2's activation."),
    "expansion": N_(
        "t: the first 1x1 convolution widens the channels t times before the depthwise 3x3 "
        "(1: no widening)."
    ),
}
# Labels of the settings; a field not listed is shown by its name ("Alpha", "Beta", "K").
LABELS = {
    "filters": N_("Filters"),
    "kernel_size": N_("Kernel size (k)"),
    "stride": N_("Stride (s)"),
    "padding": N_("Padding (p)"),
    "dilation": N_("Dilation (d)"),
    "activation": N_("Activation"),
    "use_bias": N_("Use bias"),
    "in_channels": N_("In channels"),
    "in_features": N_("In features"),
    "kernel_initializer": N_("Kernel initializer"),
    "pool_size": N_("Pool size"),
    "units": N_("Units"),
    "rate": N_("Dropout rate"),
    "negative_slope": N_("Negative slope"),
    "size": N_("Size"),
    "max_value": N_("Cap (max value)"),
    "expansion": N_("Expansion (t)"),
}
# The glossary entry each setting's tooltip links to.
FIELD_TERMS = {
    "filters": "kernel",
    "kernel_size": "kernel",
    "stride": "stride",
    "padding": "padding",
    "activation": "activation",
    "pool_size": "pooling",
    "rate": "dropout",
    "units": "dense",
}
PADDING_OPTIONS = ["same", "valid", *(str(p) for p in range(0, 11))]
ADVANCED = {"in_channels", "in_features", "block"}
# A new layer starts from what the course uses most, not from Keras's bare defaults.
NEW_LAYER_DEFAULTS: dict[str, dict[str, Any]] = {
    "conv2d": {"padding": "same", "activation": "relu"},
    "dense": {"activation": "relu"},
}


def _label(name: str) -> str:
    return _(LABELS[name]) if name in LABELS else name.replace("_", " ").capitalize()


def _widget(spec_cls: type[LayerSpec], name: str, value: Any, hint: Any, key: str) -> Any:
    """One widget for one field; returns the value in the type the spec expects."""
    help_text = _(FIELD_HELP[name]) if name in FIELD_HELP else None
    if name in FIELD_TERMS:  # the course term behind the setting, one click away
        help_text = with_term(FIELD_TERMS[name], help_text or "")
    label = _label(name)
    low, high = spec_cls.limits.get(name, (None, None))
    if name == "padding" and spec_cls.choices.get("padding"):
        current = str(value)
        options = PADDING_OPTIONS if current in PADDING_OPTIONS else [*PADDING_OPTIONS, current]
        chosen = st.selectbox(label, options, index=options.index(current), key=key, help=help_text)
        return chosen if chosen in ("same", "valid") else int(chosen)
    if name == "activation":
        options = ["none", *ACTIVATIONS]
        chosen = st.selectbox(
            label, options, index=options.index(value or "none"), key=key, help=help_text
        )
        return None if chosen == "none" else chosen
    if hint is str and name in spec_cls.choices:  # e.g. kernel_initializer
        options = list(spec_cls.choices[name])
        return st.selectbox(label, options, index=options.index(value), key=key, help=help_text)
    if hint is bool:
        return st.checkbox(label, value=bool(value), key=key, help=help_text)
    if hint is float and name != "rate" and name != "negative_slope":  # LRN's alpha is 1e-4
        return st.number_input(
            label,
            float(low or 0.0),
            float(high or 1.0),
            float(value),
            format="%g",
            key=key,
            help=help_text,
        )
    if hint is float:
        return st.slider(
            label,
            float(low or 0.0),
            float(high or 1.0),
            float(value),
            step=0.05 if name == "rate" else 0.01,
            key=key,
            help=help_text,
        )
    optional = isinstance(hint, types.UnionType) and type(None) in typing.get_args(hint)
    number = st.number_input(
        label,
        min_value=int(low) if low is not None else None,
        max_value=int(high) if high is not None else None,
        value=None if value is None else int(value),
        step=1,
        key=key,
        help=help_text,
        placeholder=(_("no cap") if name == "max_value" else _("inferred")) if optional else None,
    )
    return None if number is None else int(number)


def layer_fields(
    spec_cls: type[LayerSpec], initial: LayerSpec | None, key_prefix: str
) -> dict[str, Any]:
    """Render the settings of `spec_cls` (two columns), prefilled from `initial`."""
    hints = typing.get_type_hints(spec_cls)
    start = (
        initial if initial is not None else spec_cls(**NEW_LAYER_DEFAULTS.get(spec_cls.type, {}))
    )
    fields = [f for f in dataclasses.fields(spec_cls) if f.name not in ("trainable", *ADVANCED)]
    values: dict[str, Any] = {}
    columns = st.columns(2)
    for position, field in enumerate(fields):
        with columns[position % 2]:
            values[field.name] = _widget(
                spec_cls,
                field.name,
                getattr(start, field.name),
                hints[field.name],
                f"{key_prefix}.{field.name}",
            )
    values["trainable"] = st.checkbox(
        _("Trainable"),
        value=start.trainable,
        key=f"{key_prefix}.trainable",
        help=_(FIELD_HELP["trainable"]),
    )
    advanced = [f for f in dataclasses.fields(spec_cls) if f.name in ADVANCED]
    if advanced:
        with st.expander(_("Advanced (PyTorch-style settings)")):
            for field in advanced:
                if field.name == "block":
                    values["block"] = st.text_input(
                        _("Block name"),
                        value=start.block,
                        max_chars=64,
                        key=f"{key_prefix}.block",
                        help=_(
                            "Groups layers in the summary, e.g. feature_extractor / classifier."
                        ),
                    )
                else:
                    values[field.name] = _widget(
                        spec_cls,
                        field.name,
                        getattr(start, field.name),
                        hints[field.name],
                        f"{key_prefix}.{field.name}",
                    )
    return values
