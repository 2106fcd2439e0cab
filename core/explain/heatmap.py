"""Grad-CAM: where in the image the network looked for a class (torchcam)."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from torch.nn import functional

from core.device import device_of
from core.i18n import _
from core.model.outputs import gives_value, is_binary
from core.model.shared import evaluating, scores_of
from core.transfer.inference import LoadedModel


def grad_cam(
    model: nn.Module, image_tensor: torch.Tensor, target_layer: nn.Module | str, class_index: int
) -> np.ndarray:
    """Grad-CAM (torchcam) of `class_index` at `target_layer`: (H, W) of the input, in [0, 1].

    Channels of the target layer are weighted by the mean gradient of the class score
    (before softmax); their weighted sum, through ReLU, is scaled to [0, 1] and upsampled.
    A binary model's one output z (sigmoid) is class 1's score and -z class 0's: the
    evidence against class 1 is the evidence for class 0. A model that answers with a value
    (003:292) has one score, the value: `class_index` is ignored and red is what raises it.
    """
    from torchcam.methods import GradCAM

    x = image_tensor if image_tensor.ndim == 4 else image_tensor.unsqueeze(0)
    # The input needs a gradient so the target's output joins the graph even when every
    # weight before it is frozen (a transfer-learning backbone).
    x = x[:1].detach().float().clone().to(device_of(model)).requires_grad_(True)
    with evaluating(model), torch.enable_grad(), GradCAM(model, target_layer) as extractor:
        scores = scores_of(model)(x)
        if gives_value(model):
            class_index = 0
        elif is_binary(scores):
            scores = torch.cat([-scores, scores], dim=1)
        cam = extractor(class_idx=int(class_index), scores=scores)[0]
    if cam.ndim != 3:
        raise ValueError(_("Grad-CAM needs a layer with (channels, height, width) outputs."))
    cam = torch.nan_to_num(cam.detach().float())
    big = functional.interpolate(cam[None], size=x.shape[-2:], mode="bilinear", align_corners=False)
    return big[0, 0].clamp(0, 1).cpu().numpy()


def heatmap(model: LoadedModel, batch: torch.Tensor, class_index: int) -> np.ndarray:
    """Grad-CAM of a pretrained or fine-tuned network at its last convolutional block."""
    return grad_cam(model.net, batch, model.net.cam_layer(), class_index)
