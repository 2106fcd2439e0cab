"""Runs and evaluation: the run history, comparisons, and a finished run on its test set."""

import streamlit as st

from core.i18n import _, ngettext
from core.training.store import list_runs
from dashboard import flash
from dashboard.bundles import bundle_uploader
from dashboard.identity import actor
from dashboard.keys import TrainKeys as K
from dashboard.plain import plain
from dashboard.runs.evaluation import render_checklist, render_evaluation
from dashboard.runs.panels import render_actions, render_compare, render_table


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Runs & evaluation"))
    st.markdown(
        _(
            "Every training run is saved with its settings, its curves and its checkpoints. "
            "Tick runs to overlay their curves and see which settings differ; pick one to "
            "evaluate it on the test set and open the images it gets wrong."
        )
    )
    flash.show(K.MESSAGE)

    skipped: list[str] = []
    runs = list_runs(skipped=skipped, actor=actor())
    if skipped:
        st.warning(
            _("Some run folders could not be read and are left out: {folders}").format(
                folders=plain("; ".join(skipped))
            )
        )
    with st.expander(_("Bring work back: restore a .cnnlab file"), expanded=not runs):
        bundle_uploader(K.BUNDLE_UPLOAD, K.MESSAGE)
    if not runs:
        st.info(_("No runs yet. Train a model on the Train page; it appears here."))
        st.stop()

    st.caption(ngettext("{n} run saved.", "{n} runs saved.", len(runs)).format(n=len(runs)))
    selected = render_table(runs)
    if not selected:
        st.caption(_("Tick one run to evaluate it, two or more to compare them."))
        st.stop()
    if len(selected) > 1:
        st.subheader(_("Compare"))
        render_compare(selected)
    run = selected[-1]
    st.subheader(plain(run.name))
    if run.problem:  # listed so that it can be deleted here; its bad values are left out
        st.warning(
            _("Some of this run's files hold values that cannot be right: {problem}").format(
                problem=plain(run.problem)
            )
        )
    render_actions(run)
    render_evaluation(run)
    render_checklist(run)
