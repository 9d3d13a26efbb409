"""One pass per batch of images: predictions, feature maps, residual ratios and Grad-CAM.

The network runs block by block on the shared model (no hooks, nothing left behind): the
stem and the stages up to the Grad-CAM stage without gradients, the rest with them; each
block's residual branch and shortcut are kept apart just long enough to compare their sizes.
Gradients are taken with respect to the Grad-CAM stage's output only, so the parameters
never receive a ``.grad``. Where activations stop being finite (a deep untrained network
overflows as every residual add grows them), the first block that did so is reported.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..models import ResNet
from ..torch_loader import torch
from ._explain import BlockRatio, cam_maps

__all__ = ["ImageAnalysis", "analyse", "top_classes"]


@dataclass(frozen=True)
class ImageAnalysis:
    """What one pass found out about one image."""

    probabilities: np.ndarray
    #: Grad-CAM at the chosen stage (H×W, 0..1) and the class it explains.
    cam: np.ndarray
    explained: int
    #: Per feature map ("stem", "layer1", …): the most active channels (0..1) and their numbers.
    feature_maps: dict[str, tuple[np.ndarray, np.ndarray]]
    #: Per stage: ‖F(x)‖ / ‖shortcut(x)‖ of each block.
    ratios: dict[str, list[BlockRatio]]
    #: The first place the activations were no longer finite numbers, or None.
    non_finite: str | None

    def top(self, count: int = 5) -> list[tuple[int, float]]:
        """The most likely classes, as (index, probability), most likely first."""
        return top_classes(self.probabilities, count)


def top_classes(probabilities: np.ndarray, count: int = 5) -> list[tuple[int, float]]:
    """The most likely classes, as (index, probability), most likely first (NaN last)."""
    order = np.argsort(-np.nan_to_num(probabilities, nan=-1.0), kind="stable")
    return [(int(i), float(probabilities[i])) for i in order[:count]]


@dataclass(frozen=True)
class BatchAnalysis:
    """The images of one pass, and where its time went."""

    images: list[ImageAnalysis]
    forward_ms: float
    backward_ms: float


def _top_channels(activation: torch.Tensor, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per image: the ``count`` channels with the highest mean, each scaled to 0..1."""
    found = []
    for maps in activation.detach().float():
        order = maps.mean(dim=(1, 2)).nan_to_num(nan=-1.0).argsort(descending=True)[:count]
        chosen = maps[order]
        low = chosen.amin(dim=(1, 2), keepdim=True)
        span = (chosen.amax(dim=(1, 2), keepdim=True) - low).clamp_min(1e-8)
        scaled = ((chosen - low) / span).nan_to_num(nan=0.0, posinf=1.0, neginf=0.0)
        found.append((scaled.cpu().numpy(), order.cpu().numpy()))
    return found


def analyse(
    model: ResNet,
    batch: torch.Tensor,
    cam_stage: str = "layer4",
    targets: Sequence[int | None] | None = None,
    channels: int = 6,
) -> BatchAnalysis:
    """Analyse a preprocessed batch in one pass; ``targets`` picks the class Grad-CAM explains
    per image (None: the most likely one)."""
    names = model.feature_names()
    if cam_stage not in names:
        raise ValueError(f"cam_stage: {cam_stage!r} is not one of {names}")
    count = batch.shape[0]
    wanted = list(targets) if targets is not None else [None] * count
    parameter = next(model.parameters())
    x = batch.to(parameter.device, dtype=parameter.dtype)
    maps: list[dict[str, tuple[np.ndarray, np.ndarray]]] = [{} for _ in range(count)]
    ratios: list[dict[str, list[BlockRatio]]] = [{} for _ in range(count)]
    broken: list[str | None] = [None] * count

    def record(name: str, activation: torch.Tensor) -> None:
        for index, found in enumerate(_top_channels(activation, channels)):
            maps[index][name] = found
        check(name, activation)

    def check(where: str, activation: torch.Tensor) -> None:
        finite = torch.isfinite(activation.detach()).flatten(1).all(dim=1).tolist()
        for index, ok in enumerate(finite):
            if not ok and broken[index] is None:
                broken[index] = where

    start = time.perf_counter()
    grad = cam_stage == "stem"
    with torch.no_grad():
        x = model.forward_stem(x)
    activation = x.detach().requires_grad_(True) if grad else x
    x = activation
    record("stem", x)
    for place in model.named_blocks():
        block, name = place.block, place.name
        with torch.set_grad_enabled(grad):
            branch, shortcut = block.parts(x)
            if shortcut is not None:  # a plain network's block has none to compare with
                sizes = (
                    branch.detach().float().flatten(1).norm(dim=1)
                    / shortcut.detach().float().flatten(1).norm(dim=1).clamp_min(1e-12)
                ).tolist()
                for index, size in enumerate(sizes):
                    ratios[index].setdefault(place.stage, []).append(
                        BlockRatio(name, block.shortcut_kind, float(size))
                    )
            x = block.join(branch, shortcut)
            check(name, x)
        if place.last:
            record(place.stage, x)
            if place.stage == cam_stage:  # gradients flow from here on, and only from here
                activation = x.detach().requires_grad_(True)
                x, grad = activation, True
    with torch.set_grad_enabled(True):
        logits = model.forward_head(x)
    check("head", logits)
    if parameter.device.type == "cuda":
        torch.cuda.synchronize()
    forward_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    probabilities = logits.detach().float().softmax(dim=1)
    chosen = [
        int(probabilities[index].nan_to_num(nan=-1.0).argmax()) if target is None else target
        for index, target in enumerate(wanted)
    ]
    picked = logits.gather(1, torch.tensor(chosen, device=logits.device).unsqueeze(1)).sum()
    cams = cam_maps(activation, picked).cpu().numpy()  # each image's own score, summed
    backward_ms = (time.perf_counter() - start) * 1000
    images = [
        ImageAnalysis(
            probabilities=probabilities[index].cpu().numpy(),
            cam=cams[index],
            explained=chosen[index],
            feature_maps=maps[index],
            ratios=ratios[index],
            non_finite=broken[index],
        )
        for index in range(count)
    ]
    return BatchAnalysis(images, forward_ms, backward_ms)
