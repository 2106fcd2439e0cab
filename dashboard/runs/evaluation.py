"""A finished run on its test set: accuracy, per-class scores, a confusion matrix whose
cells open the misclassified images, and the most confident mistakes ("top losses")."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from core.data.datasets import load_dataset
from core.i18n import _, ngettext
from core.training.checklist import analysis_checklist
from core.training.evaluate import evaluate_run
from core.training.store import RunInfo
from dashboard.identity import actor
from dashboard.keys import DataKeys, InsideKeys
from dashboard.keys import TrainKeys as K
from dashboard.navigation import go_to, link_to
from dashboard.plain import plain, plot_text
from dashboard.run_figures import confusion_figure

GRID_COLUMNS = 8
MAX_SHOWN = 32


@st.cache_resource(max_entries=4, show_spinner=False)
def _dataset(name: str, split: str) -> Any:
    """The raw test images (PIL), shared read-only by all sessions."""

    return load_dataset(name, split, download=False)


def cell_mistakes(mistakes: list[dict], true: str, predicted: str) -> list[dict]:
    """The misclassified images of one confusion-matrix cell, most confident first (a value
    model's, which has no confidence, largest error first)."""
    chosen = [m for m in mistakes if m["true"] == true and m["predicted"] == predicted]
    return sorted(chosen, key=lambda m: -m.get("confidence", m["loss"]))


def mistake_caption(mistake: dict) -> str:
    """One mistake's line: its probability, or the value a value model answered (003:292)."""
    names = {
        "index": mistake["index"],
        "true": plain(mistake["true"]),
        "predicted": plain(mistake["predicted"]),
        "loss": mistake["loss"],
    }
    if "value" in mistake:
        text = _("#{index}: {true} → {predicted} (value {value:.2f}, squared error {loss:.2f})")
        return text.format(value=mistake["value"], **names)
    return _("#{index}: {true} → {predicted} ({confidence:.0%}, loss {loss:.2f})").format(
        confidence=mistake["confidence"], **names
    )


def image_grid(
    mistakes: list[dict], dataset_name: str, split: str, run_dir: str | None = None, grid: str = ""
) -> None:
    dataset = _dataset(dataset_name, split)
    columns = st.columns(GRID_COLUMNS)
    for position, mistake in enumerate(mistakes[:MAX_SHOWN]):
        image, _label = dataset[mistake["index"]]
        caption = mistake_caption(mistake)
        column = columns[position % GRID_COLUMNS]
        column.image(
            image.resize((84, 84)),
            caption=caption,
            alt=_("Test image {index}: truly {true}, predicted {predicted}").format(
                index=mistake["index"], true=mistake["true"], predicted=mistake["predicted"]
            ),
        )
        # Inspect: open this image (and run) on the "Inside a trained network" page.
        if run_dir and column.button(_("Inspect"), key=f"inspect{grid}_{mistake['index']}"):
            st.session_state[InsideKeys.TARGET] = {
                "run_dir": run_dir,
                "dataset": dataset_name,
                "split": split,
                "index": mistake["index"],
            }
            go_to("inside")
    if len(mistakes) > MAX_SHOWN:
        st.caption(_("Showing {shown} of {total}.").format(shown=MAX_SHOWN, total=len(mistakes)))


def render_checklist(run: RunInfo) -> None:
    """000's analysis checklist: what this run has done, and where to do the rest."""
    quality = st.session_state.get(DataKeys.QUALITY_FOR)
    stored = st.session_state.get(K.EVALUATION)
    studied = bool(st.session_state.get(K.CELL)) and bool(stored and stored[0] == str(run.run_dir))
    steps = analysis_checklist(run, bool(quality and quality[0] == run.dataset), studied)
    with st.expander(
        _("Analysis checklist (000): {done} of {total} done").format(
            done=sum(s.done for s in steps), total=len(steps)
        ),
        icon=":material/checklist:",
    ):
        for step in steps:
            icon = ":material/check_box:" if step.done else ":material/check_box_outline_blank:"
            st.markdown(f"{icon} **{step.title}**: {step.detail}")
            if not step.done and step.where != "runs":
                link_to(step.where, label=_("Go: {title}").format(title=step.title))


def render_evaluation(run: RunInfo) -> None:
    stored = st.session_state.get(K.EVALUATION)
    evaluation = stored[1] if stored and stored[0] == str(run.run_dir) else None
    if st.button(_("Evaluate on the test set"), type="primary", key="runs_evaluate"):
        with st.spinner(_("Running the model over the test images...")):
            try:
                evaluation = evaluate_run(run.run_dir, actor=actor())
            except (OSError, ValueError, RuntimeError, KeyError) as error:
                st.error(
                    _("Could not evaluate {run}: {problem}").format(
                        run=plain(run.name), problem=plain(error)
                    )
                )
                return
        st.session_state[K.EVALUATION] = (str(run.run_dir), evaluation)
        st.session_state[K.CELL] = None
    if evaluation is None:
        st.caption(
            _("The test set was never used in training: it tells how the model generalises.")
        )
        return
    split = evaluation.split
    st.metric(
        ngettext(
            "Test accuracy ({count:,} image)",
            "Test accuracy ({count:,} images)",
            evaluation.count,
        ).format(count=evaluation.count),
        f"{evaluation.accuracy:.2%}",
        help=_("correct predictions / test images"),
    )
    left, right = st.columns([3, 2])
    with left:
        event = st.plotly_chart(
            confusion_figure(evaluation.confusion, evaluation.classes),
            on_select="rerun",
            selection_mode="points",
            key="runs_confusion",
        )
        points = event.selection.points if event else []
        if points:
            st.session_state[K.CELL] = (str(points[0]["y"]), str(points[0]["x"]))
    with right:
        frame = pd.DataFrame(evaluation.per_class)
        st.dataframe(
            frame,
            hide_index=True,
            column_config={
                "class": _("class"),
                "precision": st.column_config.NumberColumn(_("precision"), format="%.3f"),
                "recall": st.column_config.NumberColumn(_("recall"), format="%.3f"),
                "f1": st.column_config.NumberColumn("F1", format="%.3f"),
                "support": _("support"),
            },
        )
        st.caption(
            _(
                "precision = right / predicted as the class; recall = right / truly the "
                "class; F1 = 2PR / (P + R)."
            )
        )
    cell = st.session_state.get(K.CELL)
    dataset_name = run.dataset
    if cell:
        # The figure gives the names as it shows them (plot_text): back to the classes' own.
        named = {plot_text(name): name for name in evaluation.classes}
        true, predicted = named.get(cell[0], cell[0]), named.get(cell[1], cell[1])
        st.subheader(
            _("True {true}, predicted {predicted}").format(
                true=plain(true), predicted=plain(predicted)
            )
        )
        if true == predicted:
            st.caption(_("The diagonal holds the correct predictions; pick a cell off it."))
        else:
            chosen = cell_mistakes(evaluation.mistakes, true, predicted)
            row, column = evaluation.classes.index(true), evaluation.classes.index(predicted)
            count = evaluation.confusion[row][column]
            st.caption(
                ngettext(
                    "{count} test image is in this cell; the {chosen} among the {worst} "
                    "worst mistakes (highest loss) are kept and shown.",
                    "{count} test images are in this cell; the {chosen} among the {worst} "
                    "worst mistakes (highest loss) are kept and shown.",
                    count,
                ).format(count=count, chosen=len(chosen), worst=len(evaluation.mistakes))
            )
            if chosen:
                image_grid(chosen, dataset_name, split, str(run.run_dir), "_cell")
    value = any("value" in mistake for mistake in evaluation.mistakes)  # 003:292's value
    st.subheader(
        _("Top losses: the values furthest from their class")
        if value
        else _("Top losses: the most confident mistakes")
    )
    image_grid(evaluation.mistakes[:16], dataset_name, split, str(run.run_dir), "_top")
