"""Random architectures: core either explains the problem with its own error, or builds a
model whose real output shapes and parameter counts are exactly the predicted ones."""

import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import ArchitectureError
from core.model.build import build_model
from core.model.spec_io import layer_from_json, spec_from_json
from core.model.specs import ACTIVATIONS
from core.model.summary import summarize

small = st.integers(min_value=0, max_value=4)
activation = st.sampled_from((None, *ACTIVATIONS))
layer_json = st.one_of(
    st.fixed_dictionaries(
        {"type": st.just("conv2d")},
        optional={
            "params": st.fixed_dictionaries(
                {},
                optional={
                    "filters": st.integers(1, 6),
                    "kernel_size": st.integers(1, 5),
                    "stride": st.integers(1, 3),
                    "padding": st.one_of(small, st.sampled_from(["same", "valid"])),
                    "dilation": st.integers(1, 2),
                    "activation": activation,
                    "in_channels": st.one_of(st.none(), st.integers(1, 4)),
                },
            )
        },
    ),
    st.builds(
        lambda kind, size, stride, pad: {
            "type": kind,
            "params": {"pool_size": size, "stride": stride, "padding": pad},
        },
        st.sampled_from(["maxpool2d", "avgpool2d"]),
        st.integers(1, 4),
        st.one_of(st.none(), st.integers(1, 3)),
        st.integers(0, 2),
    ),
    st.builds(
        lambda units, act: {"type": "dense", "params": {"units": units, "activation": act}},
        st.integers(1, 20),
        activation,
    ),
    st.sampled_from(
        [
            {"type": name}
            for name in ("flatten", "batchnorm", "global_avgpool2d", "relu", "tanh", "softmax")
        ]
        + [
            {"type": "dropout", "params": {"rate": 0.3}},
            {"type": "residual_block", "params": {"filters": 4, "stride": 2}},
        ]
    ),
    # Hostile values must be refused with the project's own errors, never crash.
    st.builds(
        lambda value: {"type": "conv2d", "params": {"filters": value}},
        st.one_of(st.integers(-5, 0), st.text(max_size=3), st.floats(), st.none()),
    ),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    channels=st.integers(1, 3),
    size=st.integers(1, 12),
    layers=st.lists(layer_json, max_size=6),
)
def test_random_specs_build_exactly_as_predicted(channels: int, size: int, layers: list) -> None:
    try:
        spec = spec_from_json({"input_shape": [channels, size, size], "layers": layers})
        summary = summarize(spec)
    except ArchitectureError:
        return
    model = build_model(spec).eval()
    with torch.no_grad():
        outputs = dict(model.layer_outputs(torch.randn(2, channels, size, size)))
    for row in summary.rows:
        assert tuple(outputs[row.name].shape) == (2, *row.output_shape)
    assert sum(p.numel() for p in model.parameters()) == summary.trainable_params
    statistics = sum(b.numel() for n, b in model.named_buffers() if "running" in n)
    assert summary.non_trainable_params == statistics  # Keras counts them as params


def test_layer_from_json_never_raises_anything_else() -> None:
    for data in (
        None,
        3,
        [],
        {"type": 3},
        {"type": "dense", "params": []},
        {"type": "dense", "x": 1},
    ):
        try:
            layer_from_json(data)
        except ArchitectureError:
            continue
        raise AssertionError(f"accepted {data!r}")
