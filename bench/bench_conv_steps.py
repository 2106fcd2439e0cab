"""How long a step takes on the convolution and pooling pages, on the server and in a browser.

Run: .venv/bin/python -m bench.bench_conv_steps [--no-browser]

Every step is a frame of one figure built when a setting changes, so the server's work per
step is that build divided by the number of steps, and Next / Previous / Play / the step
slider cost the server nothing (the browser part counts the messages the page sends). The
browser part starts the lab and times Next and Previous in headless Chromium: from the click
to the next painted frame with the new step's text.
Also: NumPy against torch.nn.functional.conv2d, and the whole page script under AppTest.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
from pathlib import Path

import numpy as np

from bench.timing import median_ms
from core.convlab.kernels import COURSE_CONV_INPUT, COURSE_CONV_KERNEL, COURSE_POOL_INPUT
from dashboard.convlab.conv_animation import conv_figure
from dashboard.convlab.pool_animation import pool_figure

BUDGET_MS = 100.0  # a step must show within this


def _cases() -> dict[str, tuple]:
    rng = np.random.default_rng(0)
    rgb = np.random.default_rng(7)  # the page's "RGB input, 2 filters"
    return {
        "conv: course 5×5, 3×3": (
            conv_figure,
            COURSE_CONV_INPUT[None],
            COURSE_CONV_KERNEL[None, None],
            0.0,
            1,
            0,
            1,
        ),
        "conv: RGB 5×5, 2 filters, p=1": (
            conv_figure,
            rgb.integers(0, 4, size=(3, 5, 5)).astype(np.float64),
            rgb.integers(-1, 2, size=(2, 3, 3, 3)).astype(np.float64),
            1.0,
            1,
            1,
            1,
        ),
        "conv: largest, 3×9×9, 3 filters 5×5, p=3": (
            conv_figure,
            rng.normal(size=(3, 9, 9)),
            rng.normal(size=(3, 3, 5, 5)),
            0.0,
            1,
            3,
            1,
        ),
        "pool: course 4×4, 2×2": (pool_figure, COURSE_POOL_INPUT, 2, 2, 0, "max"),
        "pool: 9×9, 2×2, stride 1": (
            pool_figure,
            rng.integers(0, 9, (9, 9)).astype(float),
            2,
            1,
            0,
            "max",
        ),
    }


def server() -> None:
    print("case | steps | figure built once (ms) | sent (kB) | server per step (ms)")
    for name, (build, *args) in _cases().items():

        def once(build=build, args=args) -> str:
            return build(*args, 0, 1.0, "en").to_json()

        ms = median_ms(once, 3)
        sent = once()
        steps = len(json.loads(sent)["frames"])
        print(f"{name} | {steps} | {ms:.0f} | {len(sent) / 1000:.0f} | {ms / steps:.1f}")


_TIME_STEPS = """async (n) => {
  const chart = Array.from(document.querySelectorAll("[data-testid='stPlotlyChart']"))
    .find((c) => c.querySelector('.updatemenu-button'));
  const text = () => chart.querySelector('.annotation-text').textContent;
  const times = [];
  for (let i = 0; i < n; i++) {
    const before = text();
    const t0 = performance.now();
    const button = chart.querySelectorAll('.updatemenu-button')[i % 2 ? 1 : 2];  // Next, Prev
    button.dispatchEvent(new MouseEvent('click', {bubbles: true}));
    while (text() === before) await new Promise((r) => requestAnimationFrame(r));
    await new Promise((r) => requestAnimationFrame(r));  // painted
    times.push(performance.now() - t0);
  }
  return times;
}"""


def browser() -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM, CHROMIUM_FLAGS, start_server, wait_idle

    print(
        "\nin Chromium (headless, software rendering) | median ms per step | worst | "
        "messages to the server | median / 100 ms budget"
    )
    with tempfile.TemporaryDirectory() as home:
        process, url = start_server(Path(home))
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
                page = chromium.new_page(viewport={"width": 1440, "height": 900})
                sent: list = []
                page.on("websocket", lambda ws: ws.on("framesent", lambda p: sent.append(p)))
                for name, path, preset in [
                    ("conv: course example", "convolution", None),
                    ("conv: RGB input, 2 filters", "convolution", "RGB input, 2 filters"),
                    ("pool: course example", "pooling", None),
                ]:
                    page.goto(f"{url}/{path}")
                    wait_idle(page)
                    if preset:
                        page.get_by_role("button", name=preset).click()
                        wait_idle(page)
                    page.wait_for_selector(".updatemenu-button")
                    page.wait_for_timeout(1000)
                    before = len(sent)
                    times = page.evaluate(_TIME_STEPS, 20)
                    median = statistics.median(times)
                    print(
                        f"{name} | {median:.0f} | {max(times):.0f} | {len(sent) - before} | "
                        f"{median / BUDGET_MS:.2f}"
                    )
                chromium.close()
        finally:
            process.terminate()
            process.wait(timeout=30)


def kernels_and_page() -> None:
    import torch
    import torch.nn.functional as F
    from streamlit.testing.v1 import AppTest

    from core.convlab.kernels import KERNELS, load_gray, sample_photos
    from core.convlab.steps import conv2d
    from tests.dashboard.apptest import open_page

    photo = load_gray(next(iter(sample_photos().values())))
    kernel = KERNELS["Sobel x"].array()
    ours = median_ms(lambda: conv2d(photo, kernel, 0.0, 1, 1), 15)
    tx, tw = torch.from_numpy(photo)[None, None], torch.from_numpy(kernel)[None, None]
    theirs = median_ms(lambda: F.conv2d(tx, tw, padding=1), 15)
    print(
        f"\nphoto {photo.shape[0]}×{photo.shape[1]} Sobel: NumPy conv2d {ours:.2f} ms, torch "
        f"{theirs:.2f} ms (NumPy/torch = {ours / theirs:.1f}×)"
    )
    at: AppTest = open_page("convolution")
    sizes = iter([6, 7, 8, 9] * 10)

    def slider_change() -> None:
        at.slider(key="conv.size").set_value(next(sizes)).run()

    print(
        f"whole convolution page script after a setting change (AppTest): "
        f"{median_ms(slider_change, 8):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium timings")
    options = parser.parse_args()
    server()
    if not options.no_browser:
        browser()
    kernels_and_page()


if __name__ == "__main__":
    main()
