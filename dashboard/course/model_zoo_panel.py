"""001's "Model Zoos in Keras" table on the Course page, each model beside torchvision's count
and the arithmetic that turns one into the other (core/course/model_zoo.py)."""

from __future__ import annotations

import streamlit as st

from core.course.model_zoo import KERAS_ZOO, SOURCE, ZooModel
from core.i18n import _

NONE = "—"


def _count(value: int) -> str:
    return f"{value:,}" if value else NONE


def _row(model: ZooModel) -> dict[str, str]:
    has = model.torchvision is not None
    return {
        "model": model.name,
        "size": f"{model.size_mb} MB",
        "top": f"{model.top1:.3f} / {model.top5:.3f}",
        "keras": f"{model.keras_params:,}",
        "depth": str(model.depth) if model.depth else NONE,
        "torchvision": model.torchvision or _("not in torchvision"),
        "torch_params": _count(model.torchvision_params),
        "statistics": f"+ {model.batchnorm_statistics:,}" if has else NONE,
        "biases": f"+ {model.conv_biases:,}" if model.conv_biases else NONE,
        "scales": f"− {model.scales_left_out:,}" if model.scales_left_out else NONE,
    }


def render_model_zoo() -> None:
    """The table in an expander, with the sentence and the formula that read it."""
    with st.expander(_("Keras's model zoo ({source}), beside torchvision").format(source=SOURCE)):
        st.markdown(
            _(
                "The course's table of Keras's pretrained ImageNet models. The same network has "
                "a different parameter count in torchvision, and the difference is exact: Keras "
                "also counts BatchNorm's moving mean and variance (non-trainable), its ResNets "
                "keep a bias in every convolution (torchvision drops it: BatchNorm's shift does "
                "its job), and its InceptionV3 leaves out BatchNorm's scale. The lab's VGG16, "
                "ResNet-50/101/152 and MobileNetV2 presets on Build a CNN print Keras's summary."
            )
        )
        st.markdown(  # the formula in the table's own words, in the page's language
            _("**Keras** = torchvision + {statistics} + {biases} − {scales}").format(
                statistics=_("BN statistics"), biases=_("Conv biases"), scales=_("BN scales")
            )
        )
        st.dataframe(
            [_row(model) for model in KERAS_ZOO],
            hide_index=True,
            column_config={
                # Pinned: the names stay in view while a narrow screen scrolls the counts.
                "model": st.column_config.TextColumn(_("Model"), pinned=True),
                "size": _("Size"),
                "top": _("Top-1 / Top-5 accuracy"),
                "keras": _("Parameters (Keras)"),
                "depth": _("Depth"),
                "torchvision": "torchvision",
                "torch_params": _("Parameters (torchvision)"),
                "statistics": _("BN statistics"),
                "biases": _("Conv biases"),
                "scales": _("BN scales"),
            },
        )
