"""Transforms the lab adds to torchvision's v2, for what Keras's ImageDataGenerator does
and v2 has no class for (000). Built only by core.augment.specs.Call (lazily: torch);
exported code copies their source."""

import torch


class SamplewiseStandardize(torch.nn.Module):
    """Keras's samplewise_center + samplewise_std_normalization: each image minus its own
    mean, divided by its own standard deviation (+ 1e-6, as Keras)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.float()
        return (x - x.mean()) / (x.std(unbiased=False) + 1e-6)
