"""Transfer learning: fine-tune a pretrained CNN on your photos; race the strategies."""

import streamlit as st

from core.i18n import _
from dashboard.keys import TransferKeys as K
from dashboard.own_runs import TRANSFER, session_run
from dashboard.transfer import panels as setup
from dashboard.transfer.finetune_panel import render_finetune
from dashboard.transfer.race_panel import render_compare


def render() -> None:
    """The page itself; its file (core.pages) calls it on every rerun."""
    st.title(_("Transfer learning"))
    st.markdown(
        _(
            "A network trained on a million ImageNet photos already knows edges, textures, fur "
            "and faces. Keep that knowledge, replace its last layer by a new **head** for your "
            "classes, and a few hundred photos are enough: *monkey or human?*"
        )
    )

    setup_column, main_column = st.columns([1, 2], gap="large")
    with setup_column:
        st.subheader(_("Set-up"))
        photos = setup.choose_photos()
        backbone = setup.choose_backbone()
        strategy, blocks, two_phase = setup.choose_strategy(backbone or "efficientnet_lite0")
        setup.show_case(photos)
        spec = None
        if photos is not None and backbone is not None:
            from core.transfer.net import TransferSpec  # lazy: it imports torch

            spec = TransferSpec(
                backbone, tuple(photos.classes), strategy, blocks, two_phase=two_phase
            )
        n_classes = len(photos.classes) if photos is not None else 2
        if backbone is not None:
            setup.show_counts(backbone, n_classes, strategy, blocks)

    runs = [
        session_run(K.RUN, TRANSFER),  # a student's run comes back after a reload or a new tab
        *(st.session_state.get(K.RACE) or {}).values(),
        *(st.session_state.get(K.SCRATCH) or {}).values(),
    ]
    busy = any(run is not None and run.alive for run in runs)
    with main_column:
        train_tab, layers_tab, race_tab, scratch_tab = st.tabs(
            [_("Fine-tune"), _("Frozen layers"), _("Strategy race"), _("Scratch vs pretrained")]
        )
        with train_tab:
            render_finetune(spec, photos, busy)
        with layers_tab:
            if backbone is not None:
                setup.show_summary(backbone, n_classes, strategy, blocks)
        with race_tab:
            render_compare("strategies", spec, photos, K.RACE, busy)
        with scratch_tab:
            render_compare("scratch", spec, photos, K.SCRATCH, busy)
