"""The board's gallery of the class's models: the students' requests to share a fine-tuned
model (Share or Decline), and every shared model scored by the server on the teacher's
held-back photos, ranked: whose model is best at monkeys vs humans?"""

from __future__ import annotations

import streamlit as st

from core.data.custom import custom_info, list_custom
from core.data.datasets import version
from core.i18n import _
from core.paths import runs_dir
from core.transfer.gallery import Score, decide, requests, score, shared_models
from dashboard.cells import percent
from dashboard.identity import actor
from dashboard.plain import plain

HELD_BACK = "board.held_back"  # widget: the teacher's held-back photo set


@st.cache_data(show_spinner=False, max_entries=200)
def _score(folder: str, stamp: float, dataset: str, dataset_version: str) -> Score | str:
    """The server's score of one model on one photo set, or why there is none (cached by the
    model's weights and the set's version: scored once, shown on every refresh)."""
    from core.transfer.data import photos_from_dataset

    try:
        return score(folder, photos_from_dataset(dataset))
    except (ValueError, OSError, KeyError, RuntimeError) as error:
        return str(error)


def _decide(folder: str, approve: bool) -> None:
    decide(actor(), folder, approve)


def _pending() -> None:
    for request in requests():
        columns = st.columns([3, 1, 1])
        columns[0].markdown(
            _("**{student}** asks to share {model}").format(
                student=plain(request["student"]), model=plain(request["name"])
            )
        )
        columns[1].button(_("Share"), key=f"gallery.share.{request['folder']}",
                          on_click=_decide, args=(request["folder"], True))  # fmt: skip
        columns[2].button(_("Decline"), key=f"gallery.decline.{request['folder']}",
                          on_click=_decide, args=(request["folder"], False))  # fmt: skip


def render_gallery() -> None:
    st.subheader(_("The class's models"))
    st.markdown(
        _(
            "Fine-tuned models the students asked to share, once you share them: everyone "
            "can test them on Test a photo. Each is scored here on photos you held back "
            '(never trained on): its accuracy, and how often it said "neither".'
        )
    )
    _pending()
    models = shared_models()
    sets = list_custom(actor())
    if not models:
        st.caption(_("No shared model yet."))
        return
    if not sets:
        st.info(_("Import your held-back photos on Datasets (one folder per class) to score them."))
        return
    held_back = st.selectbox(_("Held-back photos"), sets, key=HELD_BACK)
    rows = []
    with st.spinner(_("Scoring the shared models on the held-back photos…")):
        for model in models:
            weights = runs_dir() / model["folder"] / "best.pt"
            stamp = weights.stat().st_mtime if weights.is_file() else 0.0
            result = _score(model["folder"], stamp, held_back, version(held_back))
            rows.append((model, result))
    scored = sorted(
        ((m, s) for m, s in rows if isinstance(s, Score)),
        key=lambda pair: (-pair[1].accuracy, pair[1].neither_rate),
    )
    if scored:
        best, best_score = scored[0]
        classes = " vs ".join(custom_info(held_back).classes)
        st.success(
            _("Best at {classes}: {student}'s {model}, {accuracy} right on {n} photos.").format(
                classes=plain(classes),
                student=plain(best["student"] or "—"),
                model=plain(best["name"]),
                accuracy=percent(best_score.accuracy),
                n=best_score.photos,
            ),
            icon=":material/emoji_events:",
        )
    st.dataframe(
        [
            {
                "rank": str(rank),
                "student": model["student"] or "—",
                "model": model["name"],
                "accuracy": percent(result.accuracy),
                "neither": percent(result.neither_rate),
                "photos": result.photos,
            }
            for rank, (model, result) in enumerate(scored, start=1)
        ]
        + [
            {
                "rank": "—",
                "student": m["student"] or "—",
                "model": m["name"],
                "accuracy": "—",
                "neither": "—",
                "photos": 0,
                "problem": str(s),
            }
            for m, s in rows
            if not isinstance(s, Score)
        ],
        hide_index=True,
        column_config={
            "rank": _("Rank"),
            "student": _("Student"),
            "model": _("Model"),
            "accuracy": _("Accuracy on the held-back photos"),
            "neither": _('"Neither" rate'),
            "photos": _("Photos"),
            "problem": _("Problem"),
        },
        key="board.gallery",
    )
    st.caption(
        _('Accuracy = right answers ÷ photos; a photo the model called "neither" is not right.')
    )
