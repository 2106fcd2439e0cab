"""The feature-map view: every layer's output channels, layer by layer, paginated, with
the shape and the patch of the input each value sees; a click enlarges one map."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import streamlit as st

from core.i18n import _, ngettext
from dashboard.inside.figures import (
    grid_columns,
    maps_figure,
    single_map_figure,
    tile_at,
    vector_figure,
)
from dashboard.keys import InsideKeys as K

CELL_BUDGET = 40_000  # map cells drawn per layer page: keeps a page render well under 1 s
MAX_LAYERS = 8  # layers shown at once by default


def per_page(height: int, width: int, columns: int = 8) -> int:
    """Maps per page: as many as the cell budget allows, a whole number of rows, 4 to 64."""
    fit = max(4, min(64, CELL_BUDGET // max(1, height * width)))
    return max(4, fit // columns * columns) if fit >= columns else fit


def shape_text(shape: tuple[int, ...]) -> str:
    return " × ".join(map(str, shape))


def _clicked(event: Any, labels: list[int], shape: tuple[int, int], columns: int) -> int | None:
    points = event.selection.points if event else []
    if not points:
        return None
    point = points[0]
    if point.get("curve_number") == 1:  # the invisible marker on a tile
        return labels[int(point.get("point_index", point.get("point_number", 0)))]
    tile = tile_at(float(point["x"]), float(point["y"]), shape, columns)
    return labels[tile] if tile is not None and tile < len(labels) else None


def _layer_note(name: str, kind: str, shape: tuple[int, ...], field: int | None) -> str:
    note = _("**{name}** · {kind} · output {shape}").format(
        name=name, kind=kind, shape=shape_text(shape)
    )
    if field is not None and len(shape) == 3:
        note += _(" · each value sees a {field} × {field} patch of the image").format(field=field)
    return note


def render_layer(name: str, kind: str, output: np.ndarray, field: int | None) -> None:
    """One layer: its maps (a page of them when there are many) and an enlarged one."""
    st.markdown(_layer_note(name, kind, tuple(output.shape), field))
    if output.ndim == 1:
        title = ngettext("{n} value", "{n} values", int(output.size)).format(n=output.size)
        st.plotly_chart(vector_figure(output, title), key=f"{K.MAPS}.{name}")
        return
    channels, height, width = output.shape
    count = per_page(height, width)
    pages = math.ceil(channels / count)
    page = 1
    if pages > 1:
        page = st.number_input(
            _("Page of {name}'s {channels} maps ({count} per page)").format(
                name=name, channels=channels, count=count
            ),
            1,
            pages,
            key=f"{K.PAGE}.{name}",
            persist_state="session",
        )
    labels = list(range((page - 1) * count, min(channels, page * count)))
    columns = grid_columns(len(labels))
    left, right = st.columns([3, 1])
    with left:
        figure = maps_figure(output[labels], labels, bool(st.session_state.get(K.PER_MAP)), columns)
        event = st.plotly_chart(
            figure,
            on_select="rerun",
            selection_mode="points",
            key=f"{K.MAPS}.{name}.{page}",
            width="content",
        )
    enlarged = st.session_state.setdefault(K.ENLARGED, {})
    clicked = _clicked(event, labels, (height, width), columns)
    if clicked is not None:
        enlarged[name] = clicked
    with right:
        chosen = enlarged.get(name)
        if chosen is not None and chosen < channels:
            map_ = output[chosen]
            st.plotly_chart(
                single_map_figure(
                    map_, _("{name}, channel {channel}").format(name=name, channel=chosen)
                ),
                key=f"{K.MAPS}.big.{name}",
            )
            st.caption(
                _("min {low:.3f} · max {high:.3f} · zeros {zeros:.0%}").format(
                    low=map_.min(), high=map_.max(), zeros=np.mean(map_ == 0)
                )
            )
        else:
            st.caption(_("Click a map to enlarge it; hover for values."))


def render_feature_maps(outputs: dict[str, Any], kinds: dict[str, str], fields: dict) -> None:
    """Every captured layer of one image, between the layers the student picks."""
    names = list(outputs)
    if not names:
        st.info(_("This model produced no layer outputs for the image."))
        return
    st.markdown(
        _(
            "Early layers respond to **edges, strokes and colours** in small patches; each "
            "layer after a pooling step sees a larger patch, so later maps respond to **larger "
            "parts** and look less like the picture. White is zero (ReLU's silence); dark is a "
            "strong response. Signed maps use blue for negative and red for positive."
        )
    )
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    if len(names) > 1:
        default = (names[0], names[min(len(names), MAX_LAYERS) - 1])
        if tuple(st.session_state.get(K.LAYERS, ())) and not set(st.session_state[K.LAYERS]) <= set(
            names
        ):
            del st.session_state[K.LAYERS]
        first, last = left.select_slider(
            _("Layers shown"), names, value=default, key=K.LAYERS, persist_state="session"
        )
        shown = names[names.index(first) : names.index(last) + 1]
    else:
        shown = names
    right.toggle(
        _("Scale each map on its own"),
        key=K.PER_MAP,
        persist_state="session",
        help=_(
            "Off: one colour scale per layer, so weak and dead maps look pale. "
            "On: every map stretched to its own range, to see its pattern."
        ),
    )
    for name in shown:
        output = outputs[name]
        render_layer(name, kinds.get(name, ""), output[0].numpy(), fields.get(name))
