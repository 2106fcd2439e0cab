"""How long the feature-map view takes for the MNIST presets (the issue asks for < 1 s).

Run: .venv/bin/python -m bench.bench_feature_maps

Three numbers per preset: the hooked forward pass alone; the forward pass plus building and
serialising every layer's figure (what st.plotly_chart sends); and the whole page script
under AppTest (widgets, top-5, Grad-CAM and the feature maps) on a rerun.
"""

from __future__ import annotations

import os
import tempfile

import torch

from bench.timing import median_ms
from core.explain import probes as explain
from core.model.build import build_model
from core.model.presets import get_preset
from dashboard.inside.figures import maps_figure, vector_figure
from dashboard.inside.maps import per_page

REPEATS = 7


def _view(model: torch.nn.Module, x: torch.Tensor) -> int:
    """Capture every layer and serialise the first page of each layer's figure."""
    outputs = explain.capture(model, x, explain.probe_layers(model))
    size = 0
    for name, out in outputs.items():
        maps = out[0].numpy()
        if maps.ndim == 1:
            figure = vector_figure(maps, name)
        else:
            count = per_page(*maps.shape[1:])
            figure = maps_figure(maps[:count], list(range(min(count, len(maps)))))
        size += len(figure.to_json())
    return size


def _page_rerun_ms(preset: str) -> float:
    from tests.dashboard.apptest import open_page

    os.environ["CNNLAB_HOME"] = tempfile.mkdtemp()  # no runs: the untrained preset opens
    at = open_page("inside")
    at.selectbox(key="inside.preset").set_value(preset).run()
    assert not at.exception, at.exception
    return median_ms(lambda: at.run(), 5)


def main() -> None:
    torch.set_num_threads(max(1, torch.get_num_threads()))
    for preset in ("mnist_fast", "mnist_32_64"):
        torch.manual_seed(0)
        model = build_model(get_preset(preset)).eval()
        x = torch.randn(1, 1, 28, 28)
        layers = explain.probe_layers(model)
        forward = median_ms(lambda: explain.capture(model, x, layers), REPEATS)  # noqa: B023
        view = median_ms(lambda: _view(model, x), REPEATS)  # noqa: B023
        page = _page_rerun_ms(preset)
        print(
            f"{preset:12s} hooked forward {forward:7.1f} ms | all figures built+serialised "
            f"{view:7.1f} ms | whole page rerun (AppTest) {page:7.1f} ms"
        )


if __name__ == "__main__":
    main()
