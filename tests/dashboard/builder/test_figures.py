"""The architecture diagram: one box, two labels and one hover point per layer (plus input)."""

import itertools

from core.model.presets import get_preset
from core.model.summary import summarize
from dashboard.builder.figures import architecture_figure


def test_one_box_per_layer_with_its_type_shape_and_params() -> None:
    summary = summarize(get_preset("mnist_fast"))
    figure = architecture_figure(summary)
    boxes = figure.layout.shapes
    assert len(boxes) == len(summary.rows) + 1
    assert all(a.x1 < b.x0 for a, b in itertools.pairwise(boxes))  # left to right
    texts = [a.text for a in figure.layout.annotations]
    assert texts[:2] == ["Input", "1x28x28"]
    first = summary.rows[0]
    assert texts[2] == first.keras_type
    assert texts[3] == "x".join(map(str, first.output_shape))
    (points,) = figure.data
    assert len(points.x) == len(boxes)
    assert f"{first.params:,} params" in points.hovertext[1]
    # Taller boxes = larger maps: the input (28x28) is taller than the last map.
    heights = [b.y1 - b.y0 for b in boxes]
    assert heights[0] > heights[-1]
