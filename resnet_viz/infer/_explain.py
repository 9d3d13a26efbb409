"""Why the network said what it said: Grad-CAM for a chosen class, and pictures of it all.

The one pass that explains a batch is ``_analysis.analyse``; ``grad_cam`` here explains one
image for another class when a visitor asks. Both compute the map with ``cam_maps`` and run
the shared model step by step, so no hook is ever attached to it and no gradient is left on
its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ..models import ResNet, ShortcutKind
from ..torch_loader import F, torch

__all__ = ["BlockRatio", "cam_maps", "feature_grid", "grad_cam", "overlay"]


def _batch(model: ResNet, image: torch.Tensor) -> torch.Tensor:
    """One preprocessed image as a batch on the model's device, in its precision."""
    parameter = next(model.parameters())
    return image.unsqueeze(0).to(parameter.device, dtype=parameter.dtype)


def grad_cam(
    model: ResNet, image: torch.Tensor, stage: str = "layer4", target: int | None = None
) -> tuple[np.ndarray, int]:
    """Grad-CAM heat map (H×W, 0..1, at the stage's resolution) and the class it explains.

    Gradients are taken with ``torch.autograd.grad`` with respect to the stage's output only,
    so the shared model's parameters never receive a ``.grad``.
    """
    with torch.enable_grad():
        _, activation = model.forward_intermediates(_batch(model, image), stop=stage)[-1]
        activation = activation.detach().requires_grad_(True)
        later = model.forward_intermediates(activation, start=stage)
        logits = model.forward_head(later[-1][1] if later else activation)
        target = int(logits.argmax(dim=1)) if target is None else target
        cam = cam_maps(activation, logits[0, target])[0]
    return cam.cpu().numpy(), target


def cam_maps(activation: torch.Tensor, score: torch.Tensor) -> torch.Tensor:
    """Grad-CAM, the one computation of it: each channel of a stage's ``activation`` weighted
    by the mean gradient of ``score`` over it, summed, ReLU, scaled to 0..1 per image (a
    batch of H×W maps). The gradient is taken with respect to the activation only, so the
    model's parameters never receive a ``.grad``."""
    (gradient,) = torch.autograd.grad(score, activation)
    weights = gradient.detach().float().mean(dim=(2, 3), keepdim=True)
    heat = F.relu((weights * activation.detach().float()).sum(dim=1)).nan_to_num(nan=0.0)
    return heat / heat.flatten(1).amax(dim=1).clamp_min(1e-12).view(-1, 1, 1)


def overlay(image: Image.Image, cam: np.ndarray, alpha: float = 0.45) -> Image.Image:
    """The heat map, resized to the image and coloured blue→red, blended over it."""
    heat = Image.fromarray(np.uint8(np.clip(cam, 0, 1) * 255)).resize(
        image.size, Image.Resampling.BILINEAR
    )
    level = np.asarray(heat, dtype=np.float32) / 255.0
    colour = np.stack(
        [
            np.clip(1.5 * level - 0.25, 0, 1),  # red rises with heat
            np.clip(1.5 - np.abs(2 * level - 1) * 1.5, 0, 1),  # green peaks mid-way
            np.clip(1.25 - 1.5 * level, 0, 1),  # blue fades
        ],
        axis=-1,
    )
    base = np.asarray(image.convert("RGB"), dtype=np.float32) / 255.0
    blended = (1 - alpha) * base + alpha * colour
    return Image.fromarray(np.uint8(np.clip(blended, 0, 1) * 255))


@dataclass(frozen=True)
class BlockRatio:
    """‖F(x)‖ / ‖shortcut(x)‖ for one block: how much the residual branch adds."""

    block: str
    shortcut: ShortcutKind
    ratio: float


def feature_grid(
    maps: np.ndarray, channels: np.ndarray | None = None, tile: int = 128, columns: int = 6
) -> Image.Image:
    """Channels (each 0..1) tiled into one greyscale picture, nearest-neighbour enlarged so a
    7×7 map is still seen as pixels, each with its channel number beneath."""
    count = len(maps)
    rows = max(1, -(-count // columns))
    label = 24 if channels is not None else 0
    width, height = tile + 8, tile + 8 + label
    grid = Image.new("L", (columns * width, rows * height), 255)
    draw = ImageDraw.Draw(grid)
    font = ImageFont.load_default(size=16)
    for position, channel in enumerate(maps):
        picture = Image.fromarray(np.uint8(np.clip(channel, 0, 1) * 255)).resize(
            (tile, tile), Image.Resampling.NEAREST
        )
        row, column = divmod(position, columns)
        left, top = column * width + 4, row * height + 4
        grid.paste(picture, (left, top))
        if channels is not None:
            draw.text(
                (left + tile // 2, top + tile + 3),
                f"channel {int(channels[position])}",
                fill=40,
                font=font,
                anchor="ma",
            )
    return grid
