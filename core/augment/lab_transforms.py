"""Transforms the lab adds to torchvision's v2, for what Keras's ImageDataGenerator does
and v2 has no class for (000). Built only by core.augment.specs.Call (lazily: torch);
exported code copies their source."""

import torch
from torchvision.transforms import v2


class SamplewiseStandardize(torch.nn.Module):
    """Keras's samplewise_center + samplewise_std_normalization: each image minus its own
    mean, divided by its own standard deviation (+ 1e-6, as Keras)."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.float()
        return (x - x.mean()) / (x.std(unbiased=False) + 1e-6)


class KerasAffine(v2.Transform):
    """Keras's ImageDataGenerator geometry (000:131): one affine per image, drawn as its
    get_random_transform draws it (a rotation in ±rotation_range degrees, shifts in
    ±height/width_shift_range of the image's side, two zoom factors, one per axis, in
    [1 − zoom_range, 1 + zoom_range]), applied as its apply_affine_transform does (bilinear,
    order=1, and fill_mode='nearest': the border's pixels are repeated where the picture
    moves in, not black)."""

    def __init__(
        self,
        rotation_range: float,
        width_shift_range: float,
        height_shift_range: float,
        zoom_range: float,
    ) -> None:
        super().__init__()
        self.rotation_range, self.zoom_range = rotation_range, zoom_range
        self.width_shift_range, self.height_shift_range = width_shift_range, height_shift_range

    def make_params(self, flat_inputs: list) -> dict:
        height, width = v2.query_size(flat_inputs)

        def uniform(low: float, high: float, n: int = 1) -> list[float]:
            return torch.empty(n, dtype=torch.float64).uniform_(low, high).tolist()

        r, h, w, z = (
            self.rotation_range,
            self.height_shift_range,
            self.width_shift_range,
            self.zoom_range,
        )
        theta = uniform(-r, r)[0] if r else 0.0
        tx = uniform(-h, h)[0] * height if h else 0.0  # Keras: tx from the height's range
        ty = uniform(-w, w)[0] * width if w else 0.0
        zx, zy = uniform(1 - z, 1 + z, 2) if z else (1.0, 1.0)
        return {"theta": theta, "tx": tx, "ty": ty, "zx": zx, "zy": zy}

    def transform(self, inpt: torch.Tensor, params: dict) -> torch.Tensor:
        from torchvision import tv_tensors

        return tv_tensors.wrap(self.apply(inpt, **params), like=inpt)

    @staticmethod
    def apply(
        image: torch.Tensor, theta: float, tx: float, ty: float, zx: float, zy: float
    ) -> torch.Tensor:
        """apply_affine_transform of keras.src.legacy.preprocessing.image, on a (..., C, H, W)
        float tensor. Keras builds rotation · shift · zoom in coordinates (u, v) = (column, row),
        centres it at (H/2 − 0.5, W/2 − 0.5) (the height for u: Keras's own order), and reads
        each output pixel (u, v) from the input at that matrix times (u, v, 1)."""
        import math

        import torch.nn.functional as F

        height, width = image.shape[-2:]
        cos, sin = math.cos(math.radians(theta)), math.sin(math.radians(theta))
        matrix = torch.tensor(
            [[cos, -sin, 0.0], [sin, cos, 0.0], [0.0, 0.0, 1.0]], dtype=torch.float64
        )
        matrix = matrix @ torch.tensor([[1.0, 0.0, tx], [0.0, 1.0, ty], [0.0, 0.0, 1.0]]).double()
        matrix = matrix @ torch.diag(torch.tensor([zx, zy, 1.0], dtype=torch.float64))
        o_u, o_v = height / 2 - 0.5, width / 2 - 0.5
        offset = torch.tensor([[1.0, 0.0, o_u], [0.0, 1.0, o_v], [0.0, 0.0, 1.0]]).double()
        reset = torch.tensor([[1.0, 0.0, -o_u], [0.0, 1.0, -o_v], [0.0, 0.0, 1.0]]).double()
        matrix = offset @ matrix @ reset
        rows, cols = torch.meshgrid(
            torch.arange(height, dtype=torch.float64),
            torch.arange(width, dtype=torch.float64),
            indexing="ij",
        )
        # (u, v) = (column, row): u' = m00 u + m01 v + m02 is the input's column.
        source_col = matrix[0, 0] * cols + matrix[0, 1] * rows + matrix[0, 2]
        source_row = matrix[1, 0] * cols + matrix[1, 1] * rows + matrix[1, 2]
        # grid_sample's corners-aligned grid: -1 and 1 are the first and last pixel centres;
        # "border" repeats the edge pixel outside, as scipy's mode="nearest" does.
        grid = torch.stack(
            (2 * source_col / max(width - 1, 1) - 1, 2 * source_row / max(height - 1, 1) - 1),
            dim=-1,
        )
        batch = image.reshape(-1, *image.shape[-3:]).float()
        sampled = F.grid_sample(
            batch,
            grid.float().expand(batch.shape[0], -1, -1, -1),
            mode="bilinear",
            padding_mode="border",
            align_corners=True,
        )
        return sampled.reshape(image.shape).to(image.dtype)
