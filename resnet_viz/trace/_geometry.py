"""Layers in the paper's notation, and how far each stage's output can see (receptive field)."""

from __future__ import annotations

from ..models import ResNet, ZeroPadShortcut
from ..torch_loader import nn

__all__ = ["describe", "receptive_fields"]


def describe(module: nn.Module) -> str:
    """A layer in the paper's notation: "3×3 conv, 128, /2", "BN", "3×3 max pool, /2"."""
    if isinstance(module, nn.Conv2d):
        kernel, stride = _geometry(module)
        text = f"{kernel}×{kernel} conv, {module.out_channels}"
        if module.groups > 1:
            text += f", {module.groups} groups"
        return text + (f", /{stride}" if stride > 1 else "")
    if isinstance(module, nn.BatchNorm2d):
        return "BN"
    if isinstance(module, nn.ReLU):
        return "ReLU"
    if isinstance(module, nn.MaxPool2d):
        kernel, stride = _geometry(module)
        return f"{kernel}×{kernel} max pool, /{stride}"
    if isinstance(module, nn.AdaptiveAvgPool2d):
        return "global avg pool"
    if isinstance(module, nn.Linear):
        return f"fc, {module.out_features}"
    if isinstance(module, ZeroPadShortcut):
        return f"zero-pad to {module.out_channels}" + (
            f", /{module.stride}" if module.stride > 1 else ""
        )
    return ""


def _geometry(module: nn.Conv2d | nn.MaxPool2d) -> tuple[int, int]:
    """Kernel side and stride of a square conv or pool."""

    def first(value: int | tuple[int, ...]) -> int:
        return value[0] if isinstance(value, tuple) else value

    return first(module.kernel_size), first(module.stride)


def receptive_fields(model: ResNet) -> dict[str, int]:
    """Receptive field (pixels) at the stem's and each stage's output, along the deepest path.

    Each k×k layer of stride s widens the field by (k-1) × (product of earlier strides).
    Shortcuts never widen it more than the residual branch they skip.
    """
    field, jump = 1, 1

    def step(module: nn.Conv2d | nn.MaxPool2d) -> None:
        nonlocal field, jump
        kernel, stride = _geometry(module)
        field += (kernel - 1) * jump
        jump *= stride

    step(model.conv1)
    if isinstance(model.maxpool, nn.MaxPool2d):
        step(model.maxpool)
    fields = {"stem": field}
    for place in model.named_blocks():
        for name, conv in place.block.named_children():
            if name.startswith("conv") and isinstance(conv, nn.Conv2d):
                step(conv)
        fields[place.stage] = field  # the stage's field is its last block's
    return fields
