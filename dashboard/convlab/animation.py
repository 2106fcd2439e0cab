"""One plotly figure that plays every step of a convolution or pooling in the browser.

"Compute once, animate by index" (as CNN Explainer does): the server writes every step into
the figure as a plotly frame, once per setting, and the browser moves between frames by
itself. First / Previous / Next / Play / Pause and the step slider never wait for the server:
each frame carries its own buttons, so frame i's Next points at frame i + 1.

The figure is built as plain dicts on one pair of axes (dashboard.convlab.canvas), so hundreds
of frames stay cheap to build and each step is cheap to redraw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from core.i18n import _
from dashboard.convlab.canvas import Canvas, text_block
from dashboard.convlab.grids import markdown_bold


@dataclass(frozen=True)
class PlayerWords:
    """The controls' labels in the session's language; `step` formats "Step 3 of 9"."""

    first: str
    previous: str
    next: str
    play: str
    pause: str
    step: str


def _go(frame: int) -> list:
    return [[str(frame)], {"mode": "immediate", "frame": {"duration": 0, "redraw": True}}]


def _buttons(board: Canvas, index: int, n_steps: int, speed: float, words: PlayerWords) -> list:
    """Frame `index`'s buttons; Play at the last step starts again from the first."""
    play = {
        "frame": {"duration": int(1000 / speed), "redraw": True},
        "transition": {"duration": 0},
        "fromcurrent": index < n_steps - 1,
        "mode": "immediate",
    }
    pause = [[None], {"mode": "immediate", "frame": {"duration": 0, "redraw": False}}]
    buttons = [
        (words.first, _go(0)),
        (words.previous, _go(max(index - 1, 0))),
        (words.next, _go(min(index + 1, n_steps - 1))),
        (words.play, [None, play]),
        (words.pause, pause),
    ]
    return [
        {
            "type": "buttons",
            "direction": "left",
            "showactive": False,
            "x": 0,
            "y": 1,
            "xanchor": "left",
            "yanchor": "top",
            "pad": {"r": 6},
            "bgcolor": "#f0f2f6",
            "font": {"size": 14},
            "buttons": [{"label": label, "method": "animate", "args": a} for label, a in buttons],
        }
    ]


def _slider(board: Canvas, index: int, n_steps: int, words: PlayerWords) -> dict:
    height = board.height
    return {
        "active": index,
        "x": 0,
        "len": 1,
        "y": 1 - 38 / height,
        "yanchor": "top",
        "pad": {"t": 6, "b": 0},
        # No labels: they would overlap, and a browser redraws each one on every step. The
        # step's number heads the text above the grids instead.
        "currentvalue": {"visible": False},
        "ticklen": 3,
        "steps": [
            {
                "label": "",
                "method": "animate",
                "args": _go(i),
            }
            for i in range(n_steps)
        ],
    }


def animated_figure(
    board: Canvas,
    traces: list[dict],
    frames: list[dict],
    start: int,
    speed: float,
    words: PlayerWords,
) -> dict:
    """The whole figure: `traces` drawn as frame `start`, every frame with its buttons.

    Each frame is {"data": [...], "traces": [indices into `traces`], "text": [lines],
    "shapes": [...]}: only what changes from one step to the next.
    """
    n = len(frames)
    out_frames = []
    for i, frame in enumerate(frames):
        layout = {
            "annotations": [
                text_block(board, [words.step.format(step=i + 1, total=n), *frame["text"]])
            ],
            "shapes": frame["shapes"],
            "updatemenus": _buttons(board, i, n, speed, words),
        }
        out_frames.append(
            {"name": str(i), "data": frame["data"], "traces": frame["traces"], "layout": layout}
        )
    data = [dict(t) for t in traces]
    for index, trace in zip(frames[start]["traces"], frames[start]["data"], strict=True):
        data[index] = {**data[index], **trace}
    layout = board.layout() | out_frames[start]["layout"]
    layout["sliders"] = [_slider(board, start, n, words)]
    return {"data": data, "layout": layout, "frames": out_frames}


def player_words(narrow: bool = False) -> PlayerWords:
    """The stepper's controls in the session's language; on a phone (`narrow`) the glyphs
    alone, so that the five buttons fit its width (the "Go to step" box is the words' way)."""
    step = markdown_bold(_("**Step {step} of {total}**"))
    if narrow:
        return PlayerWords("«", "‹", "›", "▶", "❙❙", step)
    return PlayerWords(
        # Glyphs every font has (⏮ and ⏸ are boxes in some).
        first="« " + _("First"),
        previous="‹ " + _("Previous"),
        next=_("Next") + " ›",
        play="▶ " + _("Play"),
        pause="❙❙ " + _("Pause"),
        step=step,
    )


class AnimatedFigure(go.Figure):
    """A figure whose frames are kept as the plain dicts built here.

    Plotly validates every property of every frame of a go.Figure, which took seconds for a
    few hundred frames; the data and layout are still validated, and the tests validate
    whole figures (frames included) once.
    """

    def __init__(self, spec: dict) -> None:
        super().__init__(data=spec["data"], layout=spec["layout"])
        self._plain_frames = spec["frames"]

    def to_dict(self) -> dict[str, Any]:
        """What st.plotly_chart sends: the validated figure plus the frames (shared, not
        copied: nobody changes them)."""
        return super().to_dict() | {"frames": self._plain_frames}

    def to_plotly_json(self) -> dict[str, Any]:
        return self.to_dict()
