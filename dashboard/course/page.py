"""The course's exercises by document and section: one click sets up the model, data and
training settings on the page that runs it; after a run, the document's figure beside ours."""

from __future__ import annotations

import streamlit as st

from core.course.exercises import (
    DOCUMENTS,
    EXERCISES,
    Exercise,
    lab_choices_text,
    matching_runs,
    model_name,
    our_figure,
    section_heading,
)
from core.course.out_of_reach import OUT_OF_REACH
from core.i18n import N_, _, ngettext
from core.training.config import setting_text
from core.training.store import list_runs
from dashboard.course.model_zoo_panel import render_model_zoo
from dashboard.identity import actor
from dashboard.lesson_step import set_up_exercise
from dashboard.navigation import go_to
from dashboard.plain import plain

DOCUMENT_TITLES = {  # English, marked for the catalogue; shown with _()
    "000": N_("000 · Analysis checklist, feature extractor + classifier, augmentation, transfer"),
    "001": N_("001 · Training deep nets: pretrained layers, optimizers, schedules, dropout"),
    "002": N_("002 · CNN and transfer learning week"),
    "003": N_("003 · PyTorch practice: convolution, ResNet, transfer-learning cases"),
    "004": N_("004 · Instructor training: convolution, pooling, MNIST and CIFAR-10 CNNs"),
}


def _card(item: Exercise, runs: list) -> None:
    with st.container(border=True):
        st.markdown(f"**{_(item.title)}**  \n`{item.id}` · {section_heading(item)}")
        if item.reported:
            st.caption(_("The document reports: {reported}").format(reported=_(item.reported)))
        if item.note:
            st.caption(_(item.note))
        if item.kind == "train":
            s = item.settings
            limit = (
                _("all images")
                if s["train_limit"] is None
                else ngettext("{n:,} image", "{n:,} images", s["train_limit"]).format(
                    n=s["train_limit"]
                )
            )
            if s.get("per_class"):  # 001's model B: 200 labelled images
                limit = ngettext(
                    "{n:,} image per class", "{n:,} images per class", s["per_class"]
                ).format(n=s["per_class"])
            if s.get("classes"):
                limit += " " + _("of {classes}").format(classes=", ".join(s["classes"]))
            epochs = ngettext("{n} epoch", "{n} epochs", s["epochs"]).format(n=s["epochs"])
            st.caption(
                _(
                    "{preset} on {dataset}, {optimizer} lr {lr:g}, batch {batch_size}, "
                    "{epochs}, {limit}; validation share {validation}; input scaling {scaling}"
                ).format(
                    preset=model_name(item),
                    dataset=s["dataset"],
                    optimizer=s["optimizer"],
                    lr=s["lr"],
                    batch_size=s["batch_size"],
                    epochs=epochs,
                    limit=limit,
                    validation=setting_text("val_fraction", s),
                    scaling=setting_text("scaling", s),
                )
            )
            if choices := lab_choices_text(item):
                st.caption(choices)
            _results(item, runs)
        if st.button(_("Set it up"), key=f"course.{item.id}", icon=":material/play_arrow:"):
            set_up_exercise(item)
            go_to(item.page)


def _results(item: Exercise, runs: list) -> None:
    """The runs of this exercise beside the document's figure."""
    # Only runs with a figure of the document's kind: one still in its first epoch (or
    # failed) has none yet.
    figures = [
        (run, figure) for run in matching_runs(item, runs) if (figure := our_figure(item, run))
    ]
    if not figures:
        return
    best, (kind, ours) = max(figures, key=lambda pair: pair[1][1])
    epochs = ngettext("{n} epoch", "{n} epochs", best.epochs_done).format(n=best.epochs_done)
    text = _(OURS[kind]).format(name=plain(best.name), epochs=epochs, accuracy=ours)
    if item.reported_accuracy is not None:
        text += _(THEIRS[item.reported_metric]).format(accuracy=item.reported_accuracy)
    st.success(text, icon=":material/compare_arrows:")


# Which accuracy each side is, said beside it (004 prints training accuracy: a run's test
# accuracy beside it compared two different things).
OURS = {
    "train": N_("Ours ({name}, {epochs}): training accuracy {accuracy:.4f} (last epoch)"),
    "test": N_("Ours ({name}, {epochs}): test accuracy {accuracy:.4f}"),
    "val": N_("Ours ({name}, {epochs}): best validation accuracy {accuracy:.4f}"),
}
THEIRS = {
    "train": N_(" · the document's training accuracy: {accuracy:.4f}"),
    "test": N_(" · the document's test accuracy: {accuracy:.4f}"),
    "val": N_(" · the document's best validation accuracy: {accuracy:.4f}"),
}


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Course exercises"))
    st.markdown(
        _(
            "Every hands-on exercise of the course documents, by document and section. **Set it "
            "up** opens the page that runs it with the document's model, data and settings "
            "(Adam, batch 200, the document's epochs); after a run, the card puts our accuracy "
            "beside the one the document reports."
        )
    )
    runs = list_runs(actor=actor())
    for document in DOCUMENTS:
        items = [item for item in EXERCISES if item.document == document]
        if not items:
            continue
        st.subheader(_(DOCUMENT_TITLES[document]))
        columns = st.columns(2)
        for position, item in enumerate(items):
            with columns[position % 2]:
                _card(item, runs)
    render_model_zoo()
    _out_of_reach()


def _out_of_reach() -> None:
    """What the course does that the lab cannot do here, each with its document line."""
    with st.expander(_("What the lab cannot do offline, or does not do, and why")):
        for item in OUT_OF_REACH:
            st.markdown(f"**{_(item.what)}** · `{item.where}`  \n{_(item.instead)}")
