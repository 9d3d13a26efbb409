"""Why the network said what it said: Grad-CAM, feature maps, and what each residual adds.

Everything runs the shared model step by step (stem, then each stage, then each block), so
no hook is ever attached to it and no gradient is left on its parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .model import ResNet
from .specs import ShortcutKind

__all__ = ["BlockRatio", "feature_grid", "feature_maps", "grad_cam", "overlay", "residual_ratios"]


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
        (gradient,) = torch.autograd.grad(logits[0, target], activation)
    weights = gradient.float().mean(dim=(2, 3), keepdim=True)
    cam = F.relu((weights * activation.detach().float()).sum(dim=1))[0]
    cam = cam / cam.max() if float(cam.max()) > 0 else cam
    return cam.float().cpu().numpy(), target


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


def feature_maps(model: ResNet, image: torch.Tensor, top: int = 6) -> dict[str, np.ndarray]:
    """The ``top`` most active channels after the stem and each stage, each scaled to 0..1."""
    maps: dict[str, np.ndarray] = {}
    with torch.inference_mode():
        for name, activation in model.forward_intermediates(_batch(model, image)):
            act = activation[0].float()
            order = act.mean(dim=(1, 2)).argsort(descending=True)[:top]
            chosen = act[order]
            low = chosen.amin(dim=(1, 2), keepdim=True)
            span = (chosen.amax(dim=(1, 2), keepdim=True) - low).clamp_min(1e-8)
            maps[name] = ((chosen - low) / span).cpu().numpy()
    return maps


@dataclass(frozen=True)
class BlockRatio:
    """‖F(x)‖ / ‖shortcut(x)‖ for one block: how much the residual branch adds."""

    block: str
    shortcut: ShortcutKind
    ratio: float


def residual_ratios(model: ResNet, image: torch.Tensor, stage: str) -> list[BlockRatio]:
    """For each block of ``stage``, the size of its residual branch against its identity path."""
    ratios = []
    with torch.inference_mode():
        names = [info.name for info in model.stages]
        if stage not in names:
            raise ValueError(f"stage: {stage!r} is not one of {names}")
        index = names.index(stage)
        before = model.feature_names()[index]  # the stem or the stage before this one
        x = model.forward_intermediates(_batch(model, image), stop=before)[-1][1]
        for position, block in enumerate(model.stage_blocks(index)):
            branch = block.residual(x)
            shortcut = x if block.downsample is None else block.downsample(x)
            ratio = float(branch.float().norm() / shortcut.float().norm().clamp_min(1e-12))
            ratios.append(BlockRatio(f"{stage}.{position}", block.shortcut_kind, ratio))
            x = block(x)
    return ratios


def feature_grid(maps: np.ndarray, tile: int = 96, columns: int = 6) -> Image.Image:
    """Channels (each 0..1) tiled into one greyscale picture, nearest-neighbour enlarged."""
    count = len(maps)
    rows = max(1, -(-count // columns))
    grid = Image.new("L", (columns * (tile + 4), rows * (tile + 4)), 255)
    for position, channel in enumerate(maps):
        picture = Image.fromarray(np.uint8(channel * 255)).resize(
            (tile, tile), Image.Resampling.NEAREST
        )
        row, column = divmod(position, columns)
        grid.paste(picture, (column * (tile + 4) + 2, row * (tile + 4) + 2))
    return grid
