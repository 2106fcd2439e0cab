"""Test a photo's "neither" check and the closest training photos (core.transfer.neighbours)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from core.i18n import N_, _
from dashboard.plain import plain

WHY_100 = N_(
    "A softmax turns the scores $z_i$ of the classes into probabilities "
    "$p_i = e^{{z_i}} / \\sum_j e^{{z_j}}$, and over the classes the model knows "
    '({classes}) these always add up to 100%. There is no share left for "something else": '
    "a cat gets split between them too. So a high percentage is not certainty.\n\n"
    "The **unknown score** asks another question: is this photo like the photos the model "
    "was trained on? The convolutional base turns every photo into {size} numbers (its "
    "features). The score is the cosine distance $1 - \\cos(f(x), f(x_{{{k}}}))$ between the "
    "photo's features $f(x)$ and those of its {k}th closest training photo $x_{{{k}}}$: near 0 "
    "for a photo like them, larger for one unlike all of them. The threshold was set at "
    "fine-tuning time on the photos held out for validation: {keep:.0%} of them score below it."
)


def answer(verdict: Any, label: str) -> str:
    """What the model answers: its class, or "neither" when the photo is unlike all of them."""
    return _("neither") if verdict is not None and verdict.unknown else label


def verdict_panel(model: Any, verdict: Any, top: list[tuple[str, float]]) -> None:
    """The verdict, the score against the threshold, and why the softmax cannot say it."""
    if verdict is None:
        if model.spec is not None:
            st.caption(
                _(
                    "This model was saved without its training photos, so it cannot answer "
                    '"neither". Fine-tune it again to get the check.'
                )
            )
        return
    label, prob = top[0]
    numbers = _("unknown score {score:.3f}, threshold {threshold:.3f}").format(
        score=verdict.score, threshold=verdict.threshold
    )
    if verdict.unknown:
        st.warning(
            _(
                "**Neither.** This photo is unlike every photo the model was trained on "
                "({numbers}: above the threshold). The softmax still says {label} {prob:.1%} "
                "because it must share 100% among its classes."
            ).format(numbers=numbers, label=plain(label), prob=prob),
            icon=":material/help:",
        )
    else:
        st.success(
            _(
                "**Like the training photos** ({numbers}: at or below the threshold), so the "
                "answer {label} stands."
            ).format(numbers=numbers, label=plain(label)),
            icon=":material/check_circle:",
        )
    st.progress(
        min(1.0, verdict.score / (2 * verdict.threshold)),
        text=_("score / threshold = {ratio:.2f} (above 1: neither)").format(
            ratio=verdict.score / verdict.threshold
        ),
    )
    with st.expander(_("Why do the probabilities still add up to 100%?")):
        st.markdown(
            _(WHY_100).format(
                classes=plain(", ".join(model.classes)),
                size=f"{model.net.fc.in_features:,}",
                k=verdict.k,
                keep=verdict.keep,
            )
        )


THUMBNAIL_PX = 112  # five across a laptop's page, three across a phone's


def closest_panel(neighbours: list[Any]) -> None:
    """The training photos the model finds most like this one, with their labels."""
    if not neighbours:
        return
    st.markdown(
        _(
            "**The {n} closest training photos** in the model's feature space: what it compares "
            "this photo against. If they share a background or framing rather than the animal, "
            "the model may have learned a shortcut."
        ).format(n=len(neighbours))
    )
    # Thumbnails in a row that wraps (columns would stack on a phone, each photo full width).
    row = st.container(horizontal=True, gap="small")
    for found in neighbours:
        row.image(
            found.image,
            caption=_("{label} · distance {distance:.3f}").format(
                label=plain(found.label), distance=found.distance
            ),
            width=THUMBNAIL_PX,
            alt=_("A training photo of {label}, distance {distance:.3f}").format(
                label=found.label, distance=found.distance
            ),
        )
