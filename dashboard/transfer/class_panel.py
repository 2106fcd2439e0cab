"""Test a photo in a class: a student asks the teacher to share her fine-tuned model, and
the teacher asks everyone about the photo on screen ("monkey or human?")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st

from core.i18n import _
from dashboard.identity import actor
from dashboard.plain import plain


def share_request(source: str) -> None:
    """Under a student's own fine-tuned model, in a class: ask the teacher to share it."""
    from core.identity.ownership import is_shared, owner_of
    from core.identity.settings import classroom_mode
    from core.transfer.gallery import ask_to_share, requests

    me = actor()
    folder = Path(source).name
    if not classroom_mode() or me.role != "student" or owner_of("run", folder) != me.id:
        return
    if is_shared("run", folder):
        st.caption(_("Shared with the class: everyone can test it, and it is in the gallery."))
    elif any(request["folder"] == folder for request in requests()):
        st.caption(_("Waiting for the teacher to share it with the class."))
    elif st.button(_("Ask to share this model with the class"), key="photo.share"):
        try:
            ask_to_share(me, folder)
        except ValueError as error:
            st.error(plain(error))
        else:
            st.rerun()


def photo_question(classes: list[str], right: str, image: Any, model_said: str) -> dict:
    """ask()'s arguments for "monkey or human?": the model's classes as the options, the
    teacher's right answer, what the model said as the explanation, the photo as a small
    JPEG (at most 480 pixels long)."""
    import io

    small = image.copy()
    small.thumbnail((480, 480))
    out = io.BytesIO()
    small.convert("RGB").save(out, format="JPEG", quality=85)
    return {
        "prompt": _("{classes}?").format(classes=_(" or ").join(classes)),
        "kind": "choice",
        "answer": right,
        "options": tuple(classes),
        "explain": model_said,
        "photo": out.getvalue(),
    }


def ask_about_photo(model: Any, image: Any, best: tuple[str, float]) -> None:
    """The teacher of a class asks everyone about this photo; the answers arrive below."""
    from core.classroom.questions import ask
    from core.identity.settings import classroom_mode
    from dashboard.class_answers import live_answers
    from dashboard.following import class_changed

    if not classroom_mode() or not actor().is_teacher or not 2 <= len(model.classes) <= 6:
        return
    with st.expander(_("Ask the class about this photo"), expanded=False):
        right = st.radio(_("The right answer"), model.classes, horizontal=True, key="photo.truth")
        said = _("The model said {label} ({prob:.1%}).").format(label=best[0], prob=best[1])
        if st.button(_("Ask the class"), key="photo.ask"):
            ask(actor(), **photo_question(list(model.classes), right, image, said))
            class_changed()
        live_answers()
