"""From a ModelSpec to a PyTorch model, refused before allocating when it cannot fit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import ArchitectureError, SpecError
from core.i18n import _, ngettext
from core.model.answers import VALUE, answer_kind
from core.model.memory import check_memory
from core.model.shapes import infer_shapes
from core.model.specs import ModelSpec
from core.model.summary import ModelSummary, summarize

if TYPE_CHECKING:
    from core.model.network import SpecNet

# Refuse before allocating: 150 million float32 parameters is 600 MB, plus gradients and
# optimizer state, which is what a shared classroom server can afford per model.
MAX_PARAMS = 150_000_000


def check_size(summary: ModelSummary, max_params: int = MAX_PARAMS) -> None:
    """Refuse, before any memory is allocated, a model too large for this machine."""
    if summary.total_params > max_params:
        raise SpecError(
            _(
                "The model has {params} parameters ({size} MB); CNN Lab builds at most {limit}."
            ).format(
                params=f"{summary.total_params:,}",
                size=f"{summary.size_mb:,.0f}",
                limit=f"{max_params:,}",
            ),
            suggestion=_("use fewer Dense units, or pool more before Flatten."),
        )


def check_outputs(spec: ModelSpec, classes: int) -> None:
    """Refuse, before training, a last layer whose outputs do not fit the classes: as many
    as the classes (softmax), one for two classes (sigmoid), or one value, the class's
    number, for any number of classes (003:292's three ways, core.model.answers)."""
    shape = summarize(spec).output_shape
    units = shape[0] if len(shape) == 1 else None
    if units is not None and units == classes:
        return
    if units == 1 and (classes == 2 or answer_kind(spec) == VALUE):
        return
    if units is not None:
        message = ngettext(
            "The model ends with {units} output, but the data set has {classes} classes.",
            "The model ends with {units} outputs, but the data set has {classes} classes.",
            units,
        )
    else:
        message = _(
            "The model ends with an output of shape {shape}, but the data set has {classes} "
            "classes."
        )
    suggestion = (
        _(
            "make the last layer Dense({classes}, activation='softmax') "
            "(or Dense(1, activation='sigmoid') for two classes)."
        )
        if classes == 2
        else _("make the last layer Dense({classes}, activation='softmax').")
    )
    raise ArchitectureError(
        message.format(units=units, shape=shape, classes=classes),
        suggestion=suggestion.format(classes=classes),
    )


def build_model(spec: ModelSpec, max_params: int = MAX_PARAMS) -> SpecNet:
    """The PyTorch model (a `core.model.network.SpecNet`) for a spec; raises ArchitectureError.

    Refused before allocating: too many parameters, or too much memory for one image.
    """
    layers = infer_shapes(spec)
    summary = summarize(spec)
    check_size(summary, max_params)
    check_memory(summary, batch_size=1, training=False)
    from core.model.network import SpecNet  # lazy: torch costs seconds at start-up

    return SpecNet(spec, layers)
