"""How long a settings change takes to redraw the convolution and pooling pages.

Run: .venv/bin/python -m bench.bench_conv_steps

A slider change recomputes every step once (cache miss) and builds the four figures of the
current frame; a Next click only builds the figures. Both must stay a fraction of a second.
Also: NumPy against torch.nn.functional.conv2d, and the whole page script under AppTest.
"""

from __future__ import annotations

import numpy as np

from bench.timing import median_ms
from core.convlab.kernels import (
    COURSE_CONV_INPUT,
    COURSE_CONV_KERNEL,
    KERNELS,
    load_gray,
    sample_photos,
)
from core.convlab.steps import conv2d, conv2d_steps, pool2d_steps
from dashboard.convlab.figures import input_figure, kernel_figure, output_figure, products_figure

REPEATS = 15


def _frame(steps, index: int) -> str:
    """Build and serialise the four figures of one frame, as st.plotly_chart does."""
    step = steps.step(index)
    c = steps.padded.shape[0]
    figures = [
        input_figure(steps.padded, steps.padding, ["x"] * c, (step.rows, step.cols)),
        kernel_figure(step.kernel, ["w"] * c),
        products_figure(step.window, step.kernel, ["p"] * c),
        output_figure(steps.output, index, ["o"] * steps.output.shape[0]),
    ]
    return "".join(fig.to_json() for fig in figures)


def main() -> None:
    rng = np.random.default_rng(0)
    cases = {
        "course 5×5, 3×3": (COURSE_CONV_INPUT, COURSE_CONV_KERNEL, 0),
        "largest UI: 3×9×9, 3 filters 5×5, p=3": (
            rng.normal(size=(3, 9, 9)),
            rng.normal(size=(3, 3, 5, 5)),
            3,
        ),
    }
    print("case | conv2d_steps (cache miss) | one frame (4 figures + JSON) | slider change total")
    for name, (x, w, p) in cases.items():
        compute = median_ms(lambda x=x, w=w, p=p: conv2d_steps(x, w, 0.0, 1, p), REPEATS)
        steps = conv2d_steps(x, w, 0.0, 1, p)
        frame = median_ms(lambda steps=steps: _frame(steps, len(steps) // 2), 5)
        print(f"{name} | {compute:.2f} ms | {frame:.0f} ms | {compute + frame:.0f} ms")

    pool = median_ms(lambda: pool2d_steps(rng.normal(size=(9, 9)), 3, 2, 1), REPEATS)
    print(f"pool2d_steps 9×9, 3×3 stride 2: {pool:.2f} ms")

    import torch
    import torch.nn.functional as F

    photo = load_gray(next(iter(sample_photos().values())))
    kernel = KERNELS["Sobel x"].array()
    ours = median_ms(lambda: conv2d(photo, kernel, 0.0, 1, 1), REPEATS)
    tx, tw = torch.from_numpy(photo)[None, None], torch.from_numpy(kernel)[None, None]
    theirs = median_ms(lambda: F.conv2d(tx, tw, padding=1), REPEATS)
    print(
        f"photo {photo.shape[0]}×{photo.shape[1]} Sobel: NumPy conv2d {ours:.2f} ms, torch "
        f"{theirs:.2f} ms (NumPy/torch = {ours / theirs:.1f}×)"
    )

    from streamlit.testing.v1 import AppTest

    from tests.dashboard.apptest import open_page

    at: AppTest = open_page("convolution.py")
    sizes = iter([6, 7, 8, 9] * 10)

    def slider_change() -> None:
        at.slider(key="conv.size").set_value(next(sizes)).run()

    whole = median_ms(slider_change, 8)
    print(f"whole convolution page script after a slider change (AppTest): {whole:.0f} ms")


if __name__ == "__main__":
    main()
