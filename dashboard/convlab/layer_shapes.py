"""A real image's shapes through one Conv2D layer, for sizes the stepper cannot draw: 003:106
pads a 32×32×3 input with two borders of zeros (36×36×3) and applies three 5×5×3 filters at
stride 1, which gives a 32×32×3 output (the document's numbers are the defaults)."""

from __future__ import annotations

import streamlit as st

from core.convlab.steps import conv2d_params
from core.i18n import _
from core.model.shapes import conv_output_size
from dashboard.keys import ConvKeys as K

# 003:106 (CS231n's example): 32×32×3, padding 2, three 5×5×3 filters, stride 1.
DOCUMENT = {K.LAYER_SIZE: 32, K.LAYER_CHANNELS: 3, K.LAYER_KERNEL: 5}
DOCUMENT |= {K.LAYER_STRIDE: 1, K.LAYER_PADDING: 2, K.LAYER_FILTERS: 3}


def shape_lines(n: int, c: int, k: int, s: int, p: int, f: int) -> list[str]:
    """The padded input, the output volume and Param #, each with its formula; one line
    saying why when the kernel does not fit."""
    padded = n + 2 * p
    lines = [
        _("Padded input: ({n} + 2·{p}) × ({n} + 2·{p}) × {c} = **{size}×{size}×{c}**").format(
            n=n, p=p, c=c, size=padded
        )
    ]
    o = conv_output_size(n, k, s, p)
    if o < 1:
        return [
            *lines,
            _("A {k}×{k} kernel does not fit in {size}×{size}: no output.").format(
                k=k, size=padded
            ),
        ]
    lines.append(
        _(
            "Output: ⌊(n + 2p − k) / s⌋ + 1 = ⌊({n} + 2·{p} − {k}) / {s}⌋ + 1 = {o}; "
            "{f} filters of {k}×{k}×{c} → **{o}×{o}×{f}**"
        ).format(n=n, p=p, k=k, s=s, o=o, f=f, c=c)
    )
    lines.append(
        _("Param # = (k·k·C + 1)·F = ({k}·{k}·{c} + 1)·{f} = **{params:,}**").format(
            k=k, c=c, f=f, params=conv2d_params(c, f, k)
        )
    )
    return lines


def layer_shapes() -> None:
    """The section under the stepper."""
    st.subheader(_("A real image through one layer"))
    st.caption(
        _(
            "The stepper draws small grids. The same formula gives a real image's shapes: "
            "003 pads a 32×32×3 image with two borders of zeros and applies three 5×5×3 "
            "filters at stride 1, and the output stays 32×32."
        )
    )
    for key, value in DOCUMENT.items():
        st.session_state.setdefault(key, value)
    c = st.columns(6)
    n = c[0].number_input(_("Input size n"), 1, 4096, key=K.LAYER_SIZE)
    ch = c[1].number_input(_("Channels C"), 1, 2048, key=K.LAYER_CHANNELS)
    k = c[2].number_input(_("Kernel size k"), 1, 64, key=K.LAYER_KERNEL)
    s = c[3].number_input(_("Stride s"), 1, 64, key=K.LAYER_STRIDE)
    p = c[4].number_input(_("Padding p"), 0, 64, key=K.LAYER_PADDING)
    f = c[5].number_input(_("Filters F"), 1, 4096, key=K.LAYER_FILTERS)
    st.markdown("  \n".join(shape_lines(int(n), int(ch), int(k), int(s), int(p), int(f))))
