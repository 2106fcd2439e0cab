"""The builder's Keras-style summary table, its totals, and "Predict, then check"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.classroom.questions import ask
from core.i18n import N_, _, ngettext
from core.identity.settings import classroom_mode
from core.model.answers import CATEGORY, VALUE, YES_NO, Answer
from core.model.quiz import check_prediction
from core.model.specs import Shape, format_keras_shape, format_shape
from core.model.summary import ModelSummary, SummaryRow
from dashboard.following import class_changed
from dashboard.identity import actor
from dashboard.keys import BuilderKeys as K
from dashboard.viewport import on_a_phone

HIDDEN = "?"


KERAS_ORDER, TORCH_ORDER = "Keras (None, H, W, C)", "PyTorch (N, C, H, W)"


def shape_text(shape: Shape) -> str:
    """A shape in the order the student chose on the summary (Keras's (None, H, W, C), as the
    course prints them, or PyTorch's): the layer list and a row's arithmetic follow it too."""
    keras = st.session_state.get(K.SHAPE_ORDER) == KERAS_ORDER
    return format_keras_shape(shape) if keras else format_shape(shape)


# The lab's own columns, translated where the table is made ("Layer (type)", "Output Shape",
# "Param #", "Trainable" and "FLOPs" stay as Keras and the course print them).
SHAPE_HOW, PARAMS_HOW, BLOCK = N_("Shape: how"), N_("Param #: how"), N_("Block")


def summary_frame(
    summary: ModelSummary, revealed: int | None = None, keras_order: bool = False
) -> pd.DataFrame:
    """The summary as a table; with `revealed`, rows from that index on show '?'."""
    shape_how, params_how, block = _(SHAPE_HOW), _(PARAMS_HOW), _(BLOCK)
    records = []
    for row in summary.rows:
        hide = revealed is not None and row.index >= revealed
        records.append(
            {
                "Layer (type)": f"{row.name} ({row.keras_type})",
                "Output Shape": HIDDEN
                if hide
                else (row.keras_shape_text if keras_order else row.output_shape_text),
                # Param #, the page's main number, next to the shape: the formulas (wide)
                # come after, so a 1280-pixel projector still shows both numbers.
                "Param #": HIDDEN if hide else f"{row.params:,}",
                "Trainable": _("yes") if row.trainable else _("frozen"),
                shape_how: HIDDEN if hide else row.shape_formula,
                params_how: HIDDEN if hide else row.param_formula,
                "FLOPs": HIDDEN if hide else f"{row.flops:,}",
                block: row.block,
            }
        )
    # Columns from plain lists, the empty block column left out before pandas sees it:
    # from_records, then drop, took 1.1 ms of every builder run, this 0.3 ms.
    if not records:
        return pd.DataFrame()
    columns = [name for name in records[0] if name != block or any(r[block] for r in records)]
    return pd.DataFrame({name: [record[name] for record in records] for name in columns})


def render_totals(summary: ModelSummary) -> None:
    columns = st.columns(3)
    columns[0].metric(_("Total params"), f"{summary.total_params:,}")
    columns[1].metric(_("Trainable params"), f"{summary.trainable_params:,}")
    columns[2].metric(_("Non-trainable params"), f"{summary.non_trainable_params:,}")
    columns = st.columns(3)
    columns[0].metric(_("Size"), f"{summary.size_mb:.2f} MB")
    columns[1].metric("FLOPs", _short(summary.flops), help=_("multiply-adds for one image"))
    text = _(
        "Size = {params:,} params x 4 bytes (float32) / 1024² = "
        "{size_mb:.2f} MB. FLOPs count the multiply-adds of Conv2D "
        "(out_h·out_w·filters·k·k·c_in) and Dense (inputs·units) layers for one image; "
        "pooling and activations are cheap by comparison and not counted. "
        "As in Keras, BatchNormalization's moving mean and variance (2 per channel) count "
        "as non-trainable params: they are measured, not trained (PyTorch keeps them as "
        "buffers, beside its parameters)."
    )
    st.caption(text.format(params=summary.total_params, size_mb=summary.size_mb))


# 003:292's three ways to get an answer back from a network, as the page says them.
ANSWERS = {
    VALUE: N_(
        '**How it answers: a value** (003, "how much will it be?"): its one output is taken as '
        "it is, no sigmoid or softmax. Trained with the mean squared error, MSE = mean((y − "
        "ŷ)²), towards the class's number (MNIST's digit); its class is the nearest number, "
        'round(ŷ). Keras: `Dense(1)` with `loss="mse"`.'
    ),
    YES_NO: N_(
        '**How it answers: O/X** (003, "is it, or not?"): its one output goes through a sigmoid, '
        "p = 1 / (1 + e^−z), the probability of the second class. Trained with binary "
        "cross-entropy, −(y·log p + (1 − y)·log(1 − p)). Keras: `Dense(1, "
        'activation="sigmoid")` with `loss="binary_crossentropy"`.'
    ),
    CATEGORY: N_(
        '**How it answers: a category** (003, "which kind is this?"): its {outputs} outputs go '
        "through softmax, p_i = e^z_i / Σ e^z_j, one probability per class. Trained with "
        "categorical cross-entropy, −log p_true. Keras: `Dense({outputs}, "
        'activation="softmax")` with `loss="categorical_crossentropy"`.'
    ),
}


def render_answer(kind: Answer, output_shape: Shape) -> None:
    """Which of 003:292's three ways the model answers in, with its formula and loss."""
    outputs = output_shape[0] if len(output_shape) == 1 else "?"
    st.markdown(_(ANSWERS[kind]).format(outputs=outputs))


def _short(number: int) -> str:
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if number >= size:
            return f"{number / size:.2f} {unit}"
    return str(number)


# Pixel widths that keep the four columns Keras prints (Param #, the page's main number, and
# Trainable) in view beside the layer list on a 1280-pixel laptop with the sidebar open,
# about 450 pixels; the "how" columns scroll into view after them.
KERAS_COLUMNS = {"Layer (type)": 165, "Output Shape": 135, "Param #": 80, "Trainable": 70}
# A phone's 358 pixels show Layer, Output Shape and Param # (long layer names are cut short).
PHONE_COLUMNS = {"Layer (type)": 122, "Output Shape": 118, "Param #": 80, "Trainable": 70}


def render_summary_table(summary: ModelSummary, revealed: int | None = None) -> None:
    """The table (all rows visible, no inner scrolling) and, for a clicked row, its arithmetic."""
    order = st.segmented_control(
        _("Shapes as"),
        [TORCH_ORDER, KERAS_ORDER],
        key=K.SHAPE_ORDER,
        default=TORCH_ORDER,
        persist_state="session",
        help=_(
            "The course's printed summaries are Keras's: channels last, None for the batch. "
            "PyTorch puts the channels first. The numbers are the same."
        ),
    )
    event = st.dataframe(
        summary_frame(summary, revealed, keras_order=order == KERAS_ORDER),
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * max(len(summary.rows), 1), 900),
        on_select="rerun",
        # A click on any cell picks its row (no checkbox column: it took the room Param # needs).
        selection_mode="single-cell",
        key="builder_summary_table",
        column_config={
            **{
                name: st.column_config.TextColumn(width=width, pinned=name == "Layer (type)")
                for name, width in (PHONE_COLUMNS if on_a_phone() else KERAS_COLUMNS).items()
            },
            _(SHAPE_HOW): st.column_config.TextColumn(width="large"),
            _(PARAMS_HOW): st.column_config.TextColumn(width="large"),
        },
    )
    selection = event.selection if event is not None else None
    rows = list(selection.rows) if selection is not None else []
    cells = list(getattr(selection, "cells", []) or []) if selection is not None else []
    index = rows[0] if rows else (int(cells[0][0]) if cells else None)
    if index is None or index >= len(summary.rows) or (revealed is not None and index >= revealed):
        st.caption(_("Click a row to see its arithmetic written out."))
        return
    row = summary.rows[index]
    text = _(
        "**{name} ({keras_type}, {torch_type})** receives `{in_shape}`.  \n"
        "Output Shape `{shape}`: `{shape_formula}`  \n"
        "Param # **{params:,}**: `{param_formula}`  \n"
        "FLOPs (multiply-adds) for one image: {flops:,}"
    )
    st.info(
        text.format(
            name=row.name,
            keras_type=row.keras_type,
            torch_type=row.torch_type,
            in_shape=shape_text(row.in_shape),
            shape=shape_text(row.output_shape),
            shape_formula=row.shape_formula,
            params=row.params,
            param_formula=row.param_formula,
            flops=row.flops,
        ),
        icon=":material/calculate:",
    )


def _ask_class(row: SummaryRow, in_shape: str) -> None:
    """ "Predict, then check" as a class question: the layer's Param #, the builder's own
    number and formula as the answer."""
    settings = f" ({row.settings})" if row.settings else ""
    prompt = _("Layer {number}: {keras_type}{settings} receives {in_shape}. Its Param #?").format(
        number=row.index + 1, keras_type=row.keras_type, settings=settings, in_shape=in_shape
    )
    ask(actor(), prompt, "number", str(row.params), explain=row.param_formula)
    class_changed()


def render_quiz(summary: ModelSummary) -> None:
    """Ask for the next hidden row's Output Shape and Param #, then reveal it."""
    revealed = min(st.session_state[K.QUIZ_REVEALED], len(summary.rows))
    right, tried = st.session_state[K.QUIZ_SCORE]
    last = st.session_state.get(K.QUIZ_LAST)
    if last is not None:
        _show_verdict(summary, *last)
    if revealed >= len(summary.rows):
        st.success(
            ngettext(
                "All layers revealed. Score: {right} of {tried} prediction right.",
                "All layers revealed. Score: {right} of {tried} predictions right.",
                tried,
            ).format(right=right, tried=tried)
        )
        if st.button(_("Start again"), key="builder.quiz_restart"):
            st.session_state[K.QUIZ_REVEALED] = 0
            st.session_state[K.QUIZ_SCORE] = (0, 0)
            st.session_state[K.QUIZ_LAST] = None
            st.rerun()
        return
    row = summary.rows[revealed]
    settings = f" ({row.settings})" if row.settings else ""
    st.markdown(
        _(
            "**Layer {number}: {keras_type}**{settings} receives `{in_shape}`. "
            "What are its Output Shape and Param #?"
        ).format(
            number=row.index + 1,
            keras_type=row.keras_type,
            settings=settings,
            in_shape=format_shape(row.in_shape),
        )
    )
    if classroom_mode() and actor().is_teacher:
        st.button(
            _("Ask the class this layer's Param #"),
            key=f"builder.quiz_ask.{revealed}",
            icon=":material/quiz:",
            on_click=_ask_class,
            args=(row, format_shape(row.in_shape)),
            help=_(
                "Every student answers on her own screen; the builder's arithmetic is the answer."
            ),
        )
    with st.form(f"builder.quiz.{revealed}", border=True):
        columns = st.columns(2)
        shape_text = columns[0].text_input(
            "Output Shape",
            placeholder=_("e.g. N, 32, 28, 28"),
            key=f"builder_quiz_shape_{revealed}",
        )
        params = columns[1].number_input(
            "Param #", min_value=0, value=None, step=1, key=f"builder_quiz_params_{revealed}"
        )
        if st.form_submit_button(_("Check"), type="primary", key=f"builder_quiz_check_{revealed}"):
            verdict = check_prediction(shape_text, params, row.output_shape, row.params)
            if not verdict.understood:
                st.warning(_("Write the shape as numbers, e.g. `N, 32, 28, 28` or `32, 28, 28`."))
                return
            st.session_state[K.QUIZ_SCORE] = (right + verdict.all_ok, tried + 1)
            st.session_state[K.QUIZ_REVEALED] = revealed + 1
            st.session_state[K.QUIZ_LAST] = (revealed, verdict.shape_ok, verdict.params_ok)
            st.rerun()
    st.caption(_("Score so far: {right} of {tried}.").format(right=right, tried=tried))


def _show_verdict(summary: ModelSummary, index: int, shape_ok: bool, params_ok: bool) -> None:
    if index >= len(summary.rows):
        return
    row: SummaryRow = summary.rows[index]
    mark = {True: _("right"), False: _("not quite")}
    text = _(
        "Layer {number} ({keras_type}) - Output Shape {shape_mark}: "
        "`{shape}` from `{shape_formula}`.  \n"
        "Param # {params_mark}: **{params:,}** = `{param_formula}`."
    ).format(
        number=index + 1,
        keras_type=row.keras_type,
        shape_mark=mark[shape_ok],
        shape=shape_text(row.output_shape),
        shape_formula=row.shape_formula,
        params_mark=mark[params_ok],
        params=row.params,
        param_formula=row.param_formula,
    )
    (st.success if shape_ok and params_ok else st.info)(text)
